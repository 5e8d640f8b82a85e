"""Shared fixtures: the bundled corpus, one built site per test session, a local server."""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from pathlib import Path

import pytest
from hypothesis import settings

# No timed assertions: hypothesis's per-example deadline fails under load (two cores shared with
# builds and browsers); speed is measured by the benchmark, not by tests.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "sources" / "jianghua"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = dt.date(2026, 11, 29)


def copy_as_county(source: Path, dest: Path) -> Path:
    """The bundled example copied as a real county of a province: without `sample = true`, which would leave it
    out of a build beside other counties."""
    import shutil
    shutil.copytree(source, dest)
    profile = dest / "county.toml"
    profile.write_text("".join(line for line in profile.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith("sample")), encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def corpus():
    from publisher.corpus import read_notices
    return read_notices(CORPUS, AS_OF)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled corpus built once, as `python build.py` would."""
    from publisher.publish import build_all
    out = tmp_path_factory.mktemp("site")
    build_all(CORPUS, out, AS_OF)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site served on 127.0.0.1 with the same handler as `build.py serve`."""
    from server.serve import SiteHandler

    class Handler(SiteHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
