"""The cache and security policy of every answer (server/policy.py), shared by `build.py serve` and nginx."""
from server.policy import ENGINE_WORKER_POLICY, LONG_LIVED, PAGE_DIRECTIVES, PAGE_POLICY, cache_control, content_security_policy


def test_cache_control_rules():
    assert cache_control("/assets/pyodide/314.0.7/pyodide.asm.wasm", 200) == LONG_LIVED
    assert cache_control("/zcwj/jianghua/assets/pyodide/314.0.7/pyodide.mjs", 304) == LONG_LIVED
    for status in (400, 403, 404, 416, 500, 503):
        assert cache_control("/assets/pyodide/314.0.7/pyodide.asm.wasm", status) == "no-store"
    assert cache_control("/assets/pyodide/", 200) == "no-cache"  # not a file of a version
    assert cache_control("/assets/calc/manifest.json", 200) == "no-cache"
    assert cache_control("/index.html", 404) == "no-store"


def test_only_the_engine_worker_may_run_checked_bytes():
    """blob: scripts only for the engine worker (it runs the modules it checked); pages never."""
    assert "blob:" not in PAGE_POLICY and "'unsafe-eval'" not in PAGE_POLICY
    assert content_security_policy("/assets/calc-worker.js") == ENGINE_WORKER_POLICY
    assert content_security_policy("/zcwj/jianghua/assets/calc-worker.js") == ENGINE_WORKER_POLICY
    assert content_security_policy("/assets/calc-worker.js.map") == PAGE_POLICY
    assert content_security_policy("/calculators/insurance/") == PAGE_POLICY
    worker = dict(part.split(" ", 1) for part in ENGINE_WORKER_POLICY.split("; "))
    assert worker["script-src"] == "'self' 'wasm-unsafe-eval' blob:"
    assert {k: v for k, v in worker.items() if k != "script-src"} == {k: v for k, v in PAGE_DIRECTIVES if k != "script-src"}
    assert dict(PAGE_DIRECTIVES)["frame-ancestors"] == "'none'" and dict(PAGE_DIRECTIVES)["default-src"] == "'none'"
