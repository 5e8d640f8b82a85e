"""Benchmarks with budgets: `python -m bench` (see bench/__main__.py and bench/budgets.toml)."""
