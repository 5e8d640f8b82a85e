// Which standard-library modules the calculators need, recorded rather than written by hand.
// node bundle/record-imports.mjs <pyodide dir> <case tables dir> <out.json> <calculators wheel> <qr wheel> ...
// Boots the same Pyodide runtime as the browser (full standard library), does what the worker does
// (unpack the wheels, import the entry point, describe every calculator, run every case of every
// case table, the same cases with each input spoilt so the error paths run too, make a QR code),
// then lists every module that came from the standard library's zip.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [dir, casesDir, out, ...wheels] = process.argv.slice(2);
const indexURL = path.resolve(dir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const lock = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf-8"));
const pyodide = await loadPyodide({
  indexURL, packageBaseUrl: indexURL, lockFileContents: { info: lock.info, packages: {} },
  env: { PYTHONHASHSEED: "0", HOME: "/home/pyodide" }, stdout: () => {}, stderr: () => {},
});
for (const wheel of wheels) pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
const tables = readdirSync(casesDir).filter((n) => n.endsWith(".json")).sort()
  .map((n) => JSON.parse(readFileSync(path.join(casesDir, n), "utf-8")));
pyodide.globals.set("case_tables_json", JSON.stringify(tables));
const modules = pyodide.runPython(`
import json, sys
import calculators.api
from calculators import IDS
run_json = calculators.api.run_json
import random; random.seed()  # what the worker runs after restoring a memory image
for name in IDS:
    calculators.api.describe(name)
for table in json.loads(case_tables_json):
    for case in table["cases"]:
        inputs = case["inputs"]
        json.loads(run_json(table["calculator"], json.dumps(inputs)))
        for key in inputs:  # each input spoilt, so that the error paths import what they need
            for bad in ("abc", "", -1, None, [], "12,5", "1e999"):
                run_json(table["calculator"], json.dumps({**inputs, key: bad}))
    run_json(table["calculator"], "{not json")
    run_json(table["calculator"], "[" * 2000)
run_json("no-such-calculator", "{}")
import segno
segno.make("https://example.gov.cn/calculators/housing/?a=1", error="m").svg_inline(scale=4, border=2, title="二维码")
prefix = "/lib/python%d%d.zip/" % sys.version_info[:2]
found = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or getattr(module, "__file__", None)
    if isinstance(origin, str) and origin.startswith(prefix):
        found.add(origin[len(prefix):])
json.dumps(sorted(found))
`);
writeFileSync(out, modules);
