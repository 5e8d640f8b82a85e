"""Policy calculators: pure Python, standard library only, so they run under Pyodide.

Public API (see the contract in contracts/calculators.md and calculators/api.py):
    calculators.api.catalogue(county_files, national_files) -> a site's calculators, from its rule files
    calculators.api.run(id, inputs) / run_json(id, text) / describe(id) / rules_picture(id, as_of)
    python -m calculators [--county sources/<county>] <id>   (JSON on stdin, JSON on stdout; exit 2 on errors)
    calculators.<id>.calculate(inputs: dict) -> dict   (the modules not yet rule files; goes with them)

Rule files (a county's sources/<county>/calculators/*.toml, national/*.toml) are loaded and checked by
rule_text.py, formula.py and rule_file.py and computed by rule_engine.py. Modules: parameters/*.json
(dated, cited rule values) -> params.py; amounts.py and schema.py (inputs as people write them); one
module per calculator with its picture_<id>.py (inline SVG drawn with svg.py); working.py assembles a
result; api.py is the only module that reads the clock.
"""

IDS = ("housing", "insurance", "aqi", "warning", "township")
