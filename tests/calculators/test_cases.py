"""Every calculator against its table of cases, each named like a sentence."""
import pytest

from calculators import api

from .case_tables import load_cases, mismatches


@pytest.mark.parametrize("calculator, case", load_cases(), ids=lambda x: x["name"] if isinstance(x, dict) else x)
def test_case(calculator, case):
    """The module's figures: a case whose result the rule file changes (the national deed tax, see its
    `changed_by`) keeps the module's old figures in `module_expect` until the module is deleted."""
    expect = case.get("module_expect", case["expect"])
    result = api.run(calculator, case["inputs"])
    assert not mismatches(result, expect), mismatches(result, expect)


@pytest.mark.parametrize("calculator, case", load_cases(), ids=lambda x: x["name"] if isinstance(x, dict) else x)
def test_every_step_cites_a_clause(calculator, case):
    result = api.run(calculator, case["inputs"])
    assert result["steps"]
    for step in result["steps"]:
        assert step["text"] and step["clause"] and "#" in step["clause"], step
