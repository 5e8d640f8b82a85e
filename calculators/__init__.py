"""Policy calculators: pure Python, standard library only, so they run under Pyodide.

Public API (see the contract in docs/calculators.md and calculators/api.py):
    calculators.<id>.calculate(inputs: dict) -> dict
    calculators.api.run(id, inputs) / run_json(id, text) / describe(id)
    python -m calculators <id>   (JSON on stdin, JSON on stdout; exit 2 on errors)
"""

IDS = ("housing", "insurance", "aqi", "warning", "township")
