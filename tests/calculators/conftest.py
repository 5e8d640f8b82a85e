"""The calculators' tests run on Jianghua's site: its rule files and the national ones.

The package holds no county's calculator: without `api.use`, the module-level functions of
calculators.api serve the national rule files only. Every test here is given Jianghua's catalogue,
as the site, the command line's --county and the browser are, and the one served before is put back
when the package's tests end.
"""
import pytest

from calculators import api

from ..conftest import CORPUS, county_calculators

JIANGHUA = county_calculators(CORPUS)
IDS = JIANGHUA.ids()  # Jianghua's calculators in the site's order: its rule files by name, then the national ones
COUNTY_IDS = tuple(i for i in IDS if not JIANGHUA.describe(i)["national"])


@pytest.fixture(scope="package", autouse=True)
def jianghua_catalogue():
    before = api.current()
    api.use(JIANGHUA)
    yield JIANGHUA
    api.use(before)
