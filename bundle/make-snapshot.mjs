// Build-time memory snapshot of the booted interpreter with the calculators already imported.
// node bundle/make-snapshot.mjs <pyodide dir> <python_stdlib.zip> <out file> <wheel> [<wheel> ...]
// Made with the site's own standard library (an image is bound to the zip's exact bytes). Uses
// Pyodide's experimental _makeSnapshot option; the browser falls back to a plain boot whenever
// restoring fails (runtime build or stdlib mismatch).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [dir, stdlib, out, ...wheels] = process.argv.slice(2);
const indexURL = path.resolve(dir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const lock = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf-8"));
const pyodide = await loadPyodide({
  indexURL, packageBaseUrl: indexURL, stdLibURL: path.resolve(stdlib),
  lockFileContents: { info: lock.info, packages: {} }, _makeSnapshot: true,
  env: { PYTHONHASHSEED: "0", HOME: "/home/pyodide" },  // the same image from the same inputs
  stdout: () => {}, stderr: () => {},
});
for (const wheel of wheels) pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
pyodide.runPython(`
import importlib, pkgutil
import calculators.api
import calculators
for _module in pkgutil.iter_modules(calculators.__path__):  # the whole engine imported; no county's rules:
    importlib.import_module('calculators.' + _module.name)  # the page hands its site's rule files over after restoring
import random
random.seed(0)  # the page re-seeds after restoring; a fixed state keeps the image reproducible
`);
writeFileSync(out, pyodide.makeMemorySnapshot());
