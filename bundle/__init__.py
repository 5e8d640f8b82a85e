"""The browser bundle: calculators' wheel + Pyodide runtime + service worker, written into the built site.

Flow: dated rule parameters -> calculators -> this bundle. Nothing is fetched from the network here:
the runtime comes from node_modules (npm), the extra wheels from .venv/browser-wheels (PyPI, via make.py).
"""
