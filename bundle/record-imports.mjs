// Which standard-library modules the calculators need, recorded rather than written by hand, and a
// check that a packed library gives the same answers.
//
//   node bundle/record-imports.mjs <pyodide dir> <case tables dir> <out.json> <stdlib.zip|-> <wheel> ...
//
// Boots the same Pyodide runtime as the browser (with the given standard library, or "-" for the full
// one), does what the worker does (unpack the wheels, import the entry point, describe every
// calculator, run every case of every case table, the same cases with each input spoilt so that the
// error paths run too, make a QR code) and writes:
//   modules  the standard-library zip members that were imported,
//   answers  the SHA-256 of everything the work returned (the same for any library that is complete),
//   sources  (full library only) each recorded module without docstrings and comments, as
//            `python -OO` would run it, parsed and written back by this very Python.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [dir, casesDir, out, stdlib, ...wheels] = process.argv.slice(2);
const indexURL = path.resolve(dir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const lock = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf-8"));
const pyodide = await loadPyodide({
  indexURL, packageBaseUrl: indexURL, lockFileContents: { info: lock.info, packages: {} },
  ...(stdlib !== "-" ? { stdLibURL: path.resolve(stdlib) } : {}),
  env: { PYTHONHASHSEED: "0", HOME: "/home/pyodide" }, stdout: () => {}, stderr: () => {},
});
for (const wheel of wheels) pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
const tables = readdirSync(casesDir).filter((n) => n.endsWith(".json")).sort()
  .map((n) => JSON.parse(readFileSync(path.join(casesDir, n), "utf-8")));
pyodide.globals.set("case_tables_json", JSON.stringify(tables));
pyodide.globals.set("strip_sources", stdlib === "-");
const result = pyodide.runPython(`
import ast, hashlib, importlib, json, pkgutil, sys, zipfile
import calculators.api
import calculators
for _module in pkgutil.iter_modules(calculators.__path__):  # every module the wheel carries, the rule engine's too
    importlib.import_module('calculators.' + _module.name)
from calculators import IDS
run_json = calculators.api.run_json
answers = hashlib.sha256()
def note(text):
    answers.update(text.encode("utf-8") + b"\\0")
import random; random.seed()  # what the worker runs after restoring a memory image
for name in IDS:
    note(json.dumps(calculators.api.describe(name), sort_keys=True, ensure_ascii=False))
for table in json.loads(case_tables_json):
    for case in table["cases"]:
        inputs = case["inputs"]
        note(run_json(table["calculator"], json.dumps(inputs)))
        for key in inputs:  # each input spoilt, so that the error paths import what they need
            for bad in ("abc", "", -1, None, [], "12,5", "1e999"):
                note(run_json(table["calculator"], json.dumps({**inputs, key: bad})))
    note(run_json(table["calculator"], "{not json"))
    note(run_json(table["calculator"], "[" * 2000))
note(run_json("no-such-calculator", "{}"))
import segno
note(segno.make("https://example.gov.cn/calculators/housing/?a=1", error="m").svg_inline(scale=4, border=2, title="二维码"))
prefix = "/lib/python%d%d.zip/" % sys.version_info[:2]
found = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or getattr(module, "__file__", None)
    if isinstance(origin, str) and origin.startswith(prefix):
        found.add(origin[len(prefix):])

def without_docstrings(source, name):
    tree = ast.parse(source, name)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \\
                    and isinstance(body[0].value.value, str):
                body.pop(0)
                if not body:
                    body.append(ast.Pass())
    text = ast.unparse(tree) + "\\n"
    compile(text, name, "exec")
    return text

record = {"modules": sorted(found), "answers": answers.hexdigest()}
if strip_sources:
    library = zipfile.ZipFile(prefix.rstrip("/"))
    record["sources"] = {m: without_docstrings(library.read(m).decode("utf-8"), m) for m in record["modules"]}
json.dumps(record)
`);
writeFileSync(out, result);
