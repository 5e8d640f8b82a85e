"""The browser bundle: calculators' wheel + Pyodide runtime + service worker, written into the built site.

Flow: the calculators engine (a wheel with no county's data) + each site's rule files -> this bundle.
Nothing is fetched from the network here: the runtime comes from node_modules (npm), the extra wheels
from .venv/browser-wheels (PyPI, via make.py).
"""
