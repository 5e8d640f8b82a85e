"""Every calculator against its table of cases, each named like a sentence."""
import pytest

from calculators import api

from .case_tables import load_cases, mismatches


@pytest.mark.parametrize("calculator, case", load_cases(), ids=lambda x: x["name"] if isinstance(x, dict) else x)
def test_case(calculator, case):
    result = api.run(calculator, case["inputs"])
    assert not mismatches(result, case["expect"]), mismatches(result, case["expect"])


@pytest.mark.parametrize("calculator, case", load_cases(), ids=lambda x: x["name"] if isinstance(x, dict) else x)
def test_every_step_cites_a_clause(calculator, case):
    result = api.run(calculator, case["inputs"])
    assert result["steps"]
    for step in result["steps"]:
        assert step["text"] and step["clause"] and "#" in step["clause"], step
