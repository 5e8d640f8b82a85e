"""The bundle written into a site: a manifest and a service worker that are the same on every machine
(the memory image differs between machines and is named by its inputs), and a precache list that
never holds an engine file (the worker keeps those itself, once checked)."""
from __future__ import annotations

import json
from pathlib import Path

from bundle.assemble import Bundle, write

RUNTIME = {"pyodide.mjs": b"m", "pyodide.asm.mjs": b"a", "pyodide.asm.wasm": b"\0asm", "python_stdlib.zip": b"full"}


def bundle(image: bytes) -> Bundle:
    return Bundle("1.0.0", {"abi_version": "x"}, RUNTIME, b"trimmed", ("asyncio",), {"calc.whl": b"w"},
                  {"segno.whl": b"s"}, image, "inputs-hash")


def built(tmp_path: Path, name: str, image: bytes) -> Path:
    site = tmp_path / name
    site.mkdir()
    (site / "index.html").write_text("<h1>x</h1>", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "calc-worker.js").write_text("//", encoding="utf-8")
    write(site, bundle(image))
    return site


def test_only_the_image_and_its_checksum_differ_between_machines(tmp_path):
    one, other = built(tmp_path, "one", b"image made here"), built(tmp_path, "other", b"image made elsewhere")
    differing = sorted(p.relative_to(one).as_posix() for p in one.rglob("*")
                       if p.is_file() and p.read_bytes() != (other / p.relative_to(one)).read_bytes())
    assert differing == ["assets/calc/pyodide-snapshot.bin", "assets/calc/pyodide-snapshot.json"]
    checksum = json.loads((one / "assets/calc/pyodide-snapshot.json").read_text())
    manifest = json.loads((one / "assets/calc/manifest.json").read_text())
    assert checksum["inputs"] == manifest["snapshot"]["inputs"] == "inputs-hash"
    assert len(checksum["sha256"]) == 64 and checksum["size"] == len(b"image made here")


def test_the_manifest_names_what_the_first_result_needs_apart_from_what_comes_on_demand(tmp_path):
    manifest = json.loads((built(tmp_path, "site", b"i") / "assets/calc/manifest.json").read_text())
    assert [f["name"] for f in manifest["pyodide"]["files"]] == ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"]
    assert manifest["stdlib"]["url"] == "assets/calc/python_stdlib.zip" and manifest["stdlib"]["left_out"] == ["asyncio"]
    assert manifest["stdlib_full"]["url"] == "assets/pyodide/1.0.0/python_stdlib.zip"
    assert [w["url"] for w in manifest["wheels"]] == ["assets/calc/calc.whl"]
    assert [w["url"] for w in manifest["on_demand"]["qr"]] == ["assets/calc/segno.whl"]


def test_the_service_worker_never_precaches_an_engine_file(tmp_path):
    script = (built(tmp_path, "site", b"i") / "sw.js").read_text(encoding="utf-8")
    precache = json.loads(script.split("const PRECACHE = ", 1)[1].split(";", 1)[0])
    precache += json.loads(script.split("const LATER = ", 1)[1].split(";", 1)[0])
    assert "./assets/calc/manifest.json" in precache and "./assets/calc-worker.js" in precache
    assert not [u for u in precache if u.startswith(("./assets/pyodide/", "./assets/calc/")) and not u.endswith("manifest.json")]


def test_a_first_visit_precaches_the_shell_and_the_rest_waits(tmp_path):
    site = built(tmp_path, "site", b"i")
    (site / "jiangzhengbanfa-2024-1").mkdir()
    (site / "jiangzhengbanfa-2024-1" / "index.html").write_text("<p>通知</p>", encoding="utf-8")
    (site / "calculators" / "housing").mkdir(parents=True)
    (site / "calculators" / "housing" / "index.html").write_text("<form></form>", encoding="utf-8")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "pagefind.js").write_text("//", encoding="utf-8")
    from bundle.assemble import write_service_worker
    write_service_worker(site)
    script = (site / "sw.js").read_text(encoding="utf-8")
    shell = json.loads(script.split("const PRECACHE = ", 1)[1].split(";", 1)[0])
    later = json.loads(script.split("const LATER = ", 1)[1].split(";", 1)[0])
    assert {"./", "./calculators/housing/", "./assets/calc-worker.js", "./assets/calc/manifest.json"} <= set(shell)
    assert set(later) == {"./jiangzhengbanfa-2024-1/", "./pagefind/pagefind.js"}


def test_the_sites_rule_files_are_written_beside_the_engine_and_named_with_their_sha256(tmp_path):
    import hashlib
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    rules = {"sources/mou/calculators/subsidy.toml": {"text": 'id = "subsidy"\n', "national": False, "id": "subsidy",
                                                      "uses": ["calculators/national/deed_tax.toml"]},
             "calculators/national/deed_tax.toml": {"text": 'id = "deed_tax"\n', "national": True, "id": "deed_tax",
                                                    "uses": []}}
    manifest = write(site, bundle(b"i"), rules)
    assert [(r["url"], r["file"], r["national"], r["id"], r["uses"]) for r in manifest["rules"]] == [
        ("assets/calc/rules/county/subsidy.toml", "sources/mou/calculators/subsidy.toml", False, "subsidy",
         ["assets/calc/rules/national/deed_tax.toml"]),
        ("assets/calc/rules/national/deed_tax.toml", "calculators/national/deed_tax.toml", True, "deed_tax", [])]
    for entry in manifest["rules"]:
        data = (site / entry["url"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
    script = (site / "sw.js").read_text(encoding="utf-8")
    assert "rules/" not in script  # the worker keeps them, once checked, like every engine file


def test_the_service_worker_never_lists_a_hidden_file(tmp_path):
    """The build's marker (.policy-site) and any dotfile are refused by the servers: one of them in the list
    would fail the worker's installation, and a rebuilt site would never replace the old offline copy."""
    site = built(tmp_path, "site", b"i")
    (site / ".policy-site").write_text("marker", encoding="utf-8")
    (site / ".well-known").mkdir()
    (site / ".well-known" / "x.txt").write_text("x", encoding="utf-8")
    from bundle.assemble import write_service_worker
    write_service_worker(site)
    script = (site / "sw.js").read_text(encoding="utf-8")
    listed = json.loads(script.split("const PRECACHE = ", 1)[1].split(";", 1)[0])
    listed += json.loads(script.split("const LATER = ", 1)[1].split(";", 1)[0])
    assert listed and not [u for u in listed if "/." in u]
