"""Policy calculators: pure Python, standard library only, so they run under Pyodide.

Public API (see the contract in contracts/calculators.md and calculators/api.py):
    calculators.api.catalogue(county_files, national_files) -> a site's calculators, from its rule files
    calculators.api.run(id, inputs) / run_json(id, text) / describe(id) / rules_picture(id, as_of)
    python -m calculators [--county sources/<county>] <id>   (JSON on stdin, JSON on stdout; exit 2 on errors)

The package is the engine and knows no county: every calculator is a rule file (a county's
sources/<county>/calculators/*.toml, the national calculators/national/*.toml), loaded and checked by
rule_text.py, formula.py and rule_file.py (dated, cited values -> params.py) and computed by
rule_engine.py; amounts.py and schema.py read inputs as people write them; working.py assembles a
result; rule_pictures.py draws its pictures (inline SVG, svg.py); api.py is the only module that
reads the clock.
"""
