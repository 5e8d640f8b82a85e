/* Web Worker: download, check and start the Python calculation engine (Pyodide, from this site), then
 * answer {calculator, json} with the JSON that calculators.api.run_json returns. All rules live in Python.
 *
 * Every byte that runs is the byte that was checked, on every load: each engine file is checked by
 * SHA-256 against the site's manifest whether it comes from the network or from this device; only a
 * file that passed is kept on the device (a copy that fails is deleted); pyodide.mjs and
 * pyodide.asm.mjs run from the checked bytes (object URLs); the wasm and the standard library stream
 * into Pyodide while they download, but a stream only ends once its bytes have passed, so nothing of
 * them can run before. The memory image is checked the same way, and so are the site's rule files (its
 * county's calculators and the national ones), which are handed to the engine before the first calculation.
 *
 * Messages in: boot {siteRoot, saveImage, calculator}, run {id, calculator, json}, qr {url}, save {},
 *              settled {} (the first result is shown and the person has paused: background work may start).
 * Messages out: progress {stage: download|boot|fallback, loaded, total}, ready {files, image, fallback},
 *               failed {reason}, result {id, json}, qr {url, svg}, saved {bytes} or saved {error}. */
import { sha256 } from "./sha256.mjs";

const ENGINE_CACHE = "county-engine";  // only checked bytes go in; entries the manifest no longer names are removed
let engine = null;    // {run, pyodide}
let qrMaker = null;
let context = null;   // {siteRoot, manifest, calculator, saveImage}: the page's calculator, whose rule files it loads
let failed = null;

function post(message) { self.postMessage(message); }

// The network itself. While Pyodide starts, self.fetch answers the wasm and the standard library from
// their checked streams (each asked once); the worker's own requests (a retry, a second ask after a failed
// check) must reach the network, not that stand-in, which would refuse them as a second ask.
const network = self.fetch.bind(self);

function failure(reason) {
  // the page shows the first failure; Pyodide may retry a failed fetch by other means, so stop here
  if (!failed) { failed = reason; post({ type: "failed", reason }); }
  return new Error(reason);
}

function timeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

// --- the device's copy (Cache Storage; absent on plain-HTTP hosts, where nothing is kept) ---------------
async function engineCache() {
  try { return self.caches ? await caches.open(ENGINE_CACHE) : null; } catch (error) { return null; }
}
async function keptBytes(url) {
  const cache = await engineCache();
  const hit = cache && await cache.match(url);
  return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
}
async function keep(url, data, type) {
  const cache = await engineCache();
  if (cache) await cache.put(url, new Response(data, { headers: { "Content-Type": type } })).catch(() => {});
}
async function forget(url) {
  const cache = await engineCache();
  if (cache) await cache.delete(url);
}

const TYPES = { wasm: "application/wasm", mjs: "text/javascript", zip: "application/zip", whl: "application/zip",
                bin: "application/octet-stream", json: "application/json", toml: "text/plain; charset=utf-8" };
function typeOf(url) { return TYPES[url.split("?")[0].split(".").pop()] || "application/octet-stream"; }

// A response the engine can use: found, and the wasm with the MIME type browsers require.
function usable(url, response) {
  if (!response.ok) return `download:${url}:${response.status}`;
  const type = (response.headers.get("content-type") || "").split(";")[0].trim();
  if (url.endsWith(".wasm") && type !== "application/wasm") return `mime:${type || "（未设置）"}`;
  return null;
}

function joined(parts, length) {
  const data = new Uint8Array(length);
  let at = 0;
  for (const part of parts) { data.set(part, at); at += part.length; }
  return data;
}

// A file from the network. The browser's own cache is always revalidated ("no-cache"): a stored error
// or a stored damaged copy (a server may have marked it immutable for a year) is never used as it is;
// an error status is asked once more past that cache. An optional file's failure is its own: it never
// stops the engine (only `fatal` files report a failure).
async function fetchFile(file, fatal = true) {
  let response = await network(file.url, { cache: "no-cache" });
  if (!response.ok) response = await network(file.url, { cache: "reload" });
  const problem = usable(file.url, response);
  if (problem) throw fatal ? failure(problem) : new Error(problem);
  return response;
}

// Streamed files whose bytes did not pass, asked once more past the browser's cache: a damaged copy the
// browser kept would otherwise be revalidated and served again, its dates unchanged. True if every one
// now passes (and is kept, so that the engine's next start takes it from the device).
async function passAgain(files) {
  for (const file of files) {
    try {
      const response = await network(file.url, { cache: "reload" });
      if (usable(file.url, response)) return false;
      const data = await readAll(response, () => {});
      if (!(await passes(data, file))) return false;
      await keep(file.url, data, typeOf(file.url));
    } catch (error) {
      return false;
    }
  }
  return true;
}

// The streamed files that failed their check or broke off, each with its reason (a download refused with an
// error status has already been reported).
async function damaged(checks) {
  const outcomes = await Promise.allSettled(checks.map((c) => c.checked));
  return checks.map((c, i) => ({ file: c.file, reason: outcomes[i].status === "rejected" ? String(outcomes[i].reason && outcomes[i].reason.message) : "" }))
    .filter((d) => d.reason.startsWith("integrity:") || d.reason.startsWith("broken:"));
}

async function readAll(response, onBytes) {
  const reader = response.body.getReader();
  const parts = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
    onBytes(value.length);
  }
  return joined(parts, length);
}

async function passes(data, file) {
  return data.length === file.size && await sha256(data) === file.sha256;
}

// The checked bytes of a file: the device's copy if it passes (else it is deleted), otherwise the network's,
// asked once more past the browser's cache if its bytes do not pass.
async function obtain(file, onBytes, fatal = true) {
  const kept = await keptBytes(file.url);
  if (kept) {
    if (await passes(kept, file)) return kept;
    await forget(file.url);
  }
  const refused = () => fatal ? failure(`integrity:${file.url}`) : new Error(`integrity:${file.url}`);
  let data = await readAll(await fetchFile(file, fatal), onBytes);
  if (!(await passes(data, file))) {
    let again = null;
    try { again = await network(file.url, { cache: "reload" }); } catch (error) { throw refused(); }
    if (usable(file.url, again)) throw refused();
    data = await readAll(again, () => {});
    if (!(await passes(data, file))) throw refused();
  }
  await keep(file.url, data, typeOf(file.url));
  return data;
}

// A file Pyodide fetches itself (the wasm, the standard library): a Response that streams the network's
// bytes into Pyodide while counting and collecting them, and ends only once they have passed the check.
function streamed(file, response, onBytes) {
  const reader = response.body.getReader();
  const parts = [];
  let length = 0;
  let settle;
  const checked = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  checked.catch(() => {});
  const body = new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (!done) {
          parts.push(value);
          length += value.length;
          onBytes(value.length);
          controller.enqueue(value);
          return;
        }
        const data = joined(parts, length);
        if (!(await passes(data, file))) throw new Error(`integrity:${file.url}`);  // start() asks again
        await keep(file.url, data, typeOf(file.url));
        controller.close();
        settle.resolve(data);
      } catch (error) {
        // a download that broke off (or a browser's cached copy that did) is asked again like a damaged one
        const reason = String(error && error.message).startsWith("integrity:") ? error : new Error(`broken:${file.url}`);
        controller.error(reason);
        settle.reject(reason);
      }
    },
  });
  return { response: new Response(body, { headers: { "Content-Type": typeOf(file.url) } }), checked };
}

// The rule files a calculator's page needs: the file that defines it and the national rules it uses; every
// file where the page names no calculator the site has (an older page), so that nothing it asks for is missing.
function rulesFor(all, calculator) {
  const own = all.filter((r) => r.id && r.id === calculator)[0];
  if (!own) return all;
  const needed = new Set([own.url, ...(own.uses || [])]);
  return all.filter((r) => needed.has(r.url));
}

// --- start-up ------------------------------------------------------------------------------------------
async function start(siteRoot, manifest, { stdlib, saveImage, again = false }) {
  const index = siteRoot + manifest.pyodide.index;
  const named = (f) => ({ ...f, url: index + f.name });
  const runtime = Object.fromEntries(manifest.pyodide.files.map((f) => [f.name, named(f)]));
  const library = { ...stdlib, url: siteRoot + stdlib.url };
  const wheels = manifest.wheels.map((w) => ({ ...w, url: siteRoot + w.url }));
  const rules = rulesFor(manifest.rules || [], context.calculator).map((r) => ({ ...r, url: siteRoot + r.url }));
  // the memory image is read and checked while the rest is, and used only if the files it is bound to are all here
  const imageChecked = manifest.snapshot && stdlib === manifest.stdlib
    ? checkedImage(siteRoot, manifest.snapshot).catch(() => null) : Promise.resolve(null);
  // what is already on this device (and passes) costs nothing; the rest is downloaded and counted
  const files = [runtime["pyodide.mjs"], runtime["pyodide.asm.mjs"], runtime["pyodide.asm.wasm"], library, ...wheels];
  const kept = new Map();
  await Promise.all([...files, ...rules].map(async (f) => {
    const data = await keptBytes(f.url);
    if (data && await passes(data, f)) kept.set(f.url, data);
    else if (data) await forget(f.url);
  }));
  const returning = kept.has(runtime["pyodide.asm.wasm"].url);
  const allKept = files.every((f) => kept.has(f.url));
  const total = [...files, ...rules].filter((f) => !kept.has(f.url)).reduce((sum, f) => sum + f.size, 0);
  let loaded = 0;
  const progress = (n) => { loaded += n; post({ type: "progress", stage: "download", loaded, total }); };
  if (total) post({ type: "progress", stage: "download", loaded, total });
  const bytesOf = (f) => kept.has(f.url) ? Promise.resolve(kept.get(f.url)) : obtain(f, progress);

  // the wasm and the library: from the device, or streamed from the network (started now, in parallel)
  const supplies = new Map();
  const checks = [];
  for (const f of [runtime["pyodide.asm.wasm"], library]) {
    if (kept.has(f.url)) {
      supplies.set(f.url, () => new Response(kept.get(f.url), { headers: { "Content-Type": typeOf(f.url) } }));
    } else {
      const pending = fetchFile(f).then((response) => streamed(f, response, progress));
      checks.push({ file: f, checked: pending.then((s) => s.checked) });
      let used = false;
      supplies.set(f.url, async () => {
        // Pyodide asks once; a second ask (after a damaged stream) is not ours to answer, and not reported here:
        // start() knows the better reason, and may start over on the file asked again past the browser's cache
        if (used) throw new Error(`download:${f.url}:again`);
        used = true;
        return (await pending).response;
      });
    }
  }
  const realFetch = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    const supply = supplies.get(url);
    if (supply) return supply();
    return realFetch(input, init);
  };
  const [pyodideModule, asmModule, wheelBytes, ruleBytes] = await Promise.all([
    bytesOf(runtime["pyodide.mjs"]), bytesOf(runtime["pyodide.asm.mjs"]), Promise.all(wheels.map(bytesOf)),
    Promise.all(rules.map(bytesOf))]);
  Promise.all(checks.map((c) => c.checked)).then(() => post({ type: "progress", stage: "boot", loaded: total, total }), () => {});
  if (!checks.length) post({ type: "progress", stage: "boot", loaded: total, total });
  const [{ loadPyodide }, { default: createPyodideModule }, checkedImageBytes] = await Promise.all([
    importChecked(pyodideModule), importChecked(asmModule), imageChecked]);
  const image = allKept ? checkedImageBytes : null;  // the image is bound to these very files
  const options = { indexURL: index, packageBaseUrl: index, stdLibURL: library.url, createPyodideModule,
                    lockFileContents: { info: manifest.pyodide.lock_info, packages: {} },
                    stdout: () => {}, stderr: () => {} };
  // a streamed file that did not pass: once more past the browser's cache, then a new start on it
  const startOverOrRefuse = async () => {
    const refused = await damaged(checks);
    if (!refused.length) return null;
    self.fetch = realFetch;
    if (!again && await passAgain(refused.map((d) => d.file))) return start(siteRoot, manifest, { stdlib, saveImage, again: true });
    const first = refused.find((d) => d.reason.startsWith("integrity:")) || refused[0];
    throw failure(first.reason);
  };
  let pyodide = null;
  if (image) {
    // a memory image of the interpreter with the calculators imported, made at build time; an
    // experimental Pyodide option, so any failure falls back to the ordinary start below
    try {
      pyodide = await timeout(loadPyodide({ ...options, _loadSnapshot: image }), 30000);
      pyodide.runPython("import random; random.seed()");
    } catch (error) {
      pyodide = null;
    }
  }
  try {
    if (!pyodide) pyodide = await timeout(loadPyodide(options), 60000);
  } catch (error) {
    const restarted = await startOverOrRefuse();  // a damaged file explains the failure better than Pyodide's own error
    if (restarted) return restarted;
    throw error;
  } finally {
    self.fetch = realFetch;
  }
  const restarted = await startOverOrRefuse();  // nothing runs on an engine whose files did not pass
  if (restarted) return restarted;
  await Promise.all(checks.map((c) => c.checked));
  for (const wheel of wheelBytes) pyodide.unpackArchive(wheel, "wheel");  // files are not in the image
  pyodide.globals.set("_left_out", pyodide.toPy(stdlib.left_out || []));
  pyodide.runPython(WATCH_MISSING);
  const started = { pyodide, returning, fromImage: !!image, files: files.map((f) => f.url) };
  try {
    const api = pyodide.pyimport(manifest.entry);
    api.use_rule_files_json(ruleFilesJson(rules, ruleBytes));
    started.run = api.run_json;
  } catch (error) {
    if (!missingIn(pyodide)) throw error;
    started.missing = true;  // the calculators import a module the site's library left out
  }
  return started;
}

// The site's checked rule files as the engine takes them: {"county": {file: text}, "national": {file: text}}.
function ruleFilesJson(rules, contents) {
  const files = { county: {}, national: {} };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  rules.forEach((r, i) => { files[r.national ? "national" : "county"][r.file] = decoder.decode(contents[i]); });
  return JSON.stringify(files);
}

// A module of the standard library that the site's trimmed library left out is noted when imported,
// so that the worker can switch to the full library instead of computing with a broken engine.
const WATCH_MISSING = `
import sys
class _LeftOutOfTheLibrary:
    left_out = frozenset(_left_out)
    asked = []
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name in cls.left_out:
            cls.asked.append(name)
        return None
sys.meta_path.append(_LeftOutOfTheLibrary)
del _left_out
`;

async function importChecked(bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
  try { return await import(url); } finally { URL.revokeObjectURL(url); }
}

// --- the memory image: only where it pays, and checked like the rest -----------------------------------------
async function imageChecksum(siteRoot, snapshot) {
  const url = siteRoot + snapshot.checksum;
  let record = null;
  try {
    const response = await network(url, { cache: "no-cache" });
    if (response.ok) record = await response.json();
  } catch (error) { /* offline: the copy kept with the image */ }
  if (record && record.inputs === snapshot.inputs) {
    await keep(url, JSON.stringify(record), "application/json");
    return record;
  }
  const kept = await keptBytes(url);
  record = kept ? JSON.parse(new TextDecoder().decode(kept)) : null;
  return record && record.inputs === snapshot.inputs ? record : null;
}

async function checkedImage(siteRoot, snapshot) {
  const record = await imageChecksum(siteRoot, snapshot);
  if (!record) return null;
  const file = { ...record, url: siteRoot + snapshot.url };
  const kept = await keptBytes(file.url);
  if (!kept) return null;
  if (await passes(kept, file)) return kept;
  await forget(file.url);
  return null;
}

async function fetchImage(siteRoot, snapshot) {
  const record = await imageChecksum(siteRoot, snapshot);
  if (!record) throw new Error("save:checksum");
  const file = { ...record, url: siteRoot + snapshot.url };
  const data = await readAll(await fetchFile(file, false), () => {});  // optional: never stops the engine
  if (!(await passes(data, file))) throw new Error(`save:integrity:${file.url}`);
  await keep(file.url, data, typeOf(file.url));
  return data.length;
}

function unmetered() {
  const connection = self.navigator.connection;
  return !!connection && !connection.saveData && (connection.type === "wifi" || connection.type === "ethernet");
}

// Remove what the current manifest no longer names (an earlier build's engine); another county's
// engine on the same host (a province) is not this site's to remove.
async function tidy(siteRoot, manifest) {
  const cache = await engineCache();
  if (!cache) return;
  const named = new Set([siteRoot + "assets/calc/manifest.json", ...manifest.pyodide.files.map((f) => siteRoot + manifest.pyodide.index + f.name),
    ...[manifest.stdlib, manifest.stdlib_full, ...manifest.wheels, ...manifest.on_demand.qr, ...(manifest.rules || [])]
      .map((f) => siteRoot + f.url),
    ...(manifest.snapshot ? [siteRoot + manifest.snapshot.url, siteRoot + manifest.snapshot.checksum] : [])]);
  for (const request of await cache.keys()) {
    if (request.url.startsWith(siteRoot) && !named.has(request.url)) await cache.delete(request);
  }
}

// The engine's manifest comes from the network whenever it can (a rebuilt site's engine replaces the old
// one at once). When the network fails or answers with an error or with something that is not a
// manifest, the last good one kept on this device is used: an engine already checked and kept still runs.
function isManifest(m) {
  return !!m && typeof m === "object" && !!m.pyodide && Array.isArray(m.pyodide.files) && !!m.stdlib
    && Array.isArray(m.wheels) && typeof m.entry === "string";
}
async function readManifest(siteRoot) {
  const url = siteRoot + "assets/calc/manifest.json";
  let text = null;
  try {
    const response = await network(url, { cache: "no-cache" });
    if (response.ok) text = await response.text();
  } catch (error) { /* offline: the kept copy */ }
  try {
    const manifest = text && JSON.parse(text);
    if (isManifest(manifest)) {
      await keep(url, text, "application/json");
      return manifest;
    }
  } catch (error) { /* not a manifest: the kept copy */ }
  const kept = await keptBytes(url);
  if (kept) {
    try {
      const manifest = JSON.parse(new TextDecoder().decode(kept));
      if (isManifest(manifest)) return manifest;
    } catch (error) { /* unreadable: below */ }
  }
  throw new Error("download:" + url + (text === null ? ":manifest" : ":damaged"));
}

async function boot(siteRoot, saveImage, calculator) {
  if (typeof WebAssembly !== "object") throw new Error("nowasm");
  const manifest = await readManifest(siteRoot);
  context = { siteRoot, manifest, calculator, saveImage };
  engine = await start(siteRoot, manifest, { stdlib: manifest.stdlib, saveImage });
  if (failed) return;
  if (engine.missing) {
    await fallBackToTheFullLibrary();
    return;
  }
  post({ type: "ready", files: engine.files, image: engine.fromImage });
}

// What the first result did not need, done once the page says the person has their result and has paused
// (a "settled" message): every download here would otherwise share a cheap phone's two cores and its link with
// the person's next change.
function afterTheFirstResult() {
  const { siteRoot, manifest } = context;
  tidy(siteRoot, manifest).catch(() => {});
  // the image only where it pays: a returning visit, a person's or a kiosk's choice, an unmetered link;
  // never in the background of a first visit
  if (manifest.snapshot && !engine.fromImage && (engine.returning || context.saveImage || unmetered())) {
    fetchImage(siteRoot, manifest.snapshot).catch(() => {});
  }
  // this page fetched its own rule files before its first result; the others (a few KB each) are kept after it,
  // so that every calculator of the site computes offline once one has been used online
  keepEveryRuleFile(siteRoot, manifest).catch(() => {});
}

// The full standard library, when a calculation imported a module the site's library left out.
async function fallBackToTheFullLibrary() {
  post({ type: "progress", stage: "fallback", loaded: 0, total: context.manifest.stdlib_full.size });
  engine = null;
  engine = await start(context.siteRoot, context.manifest, { stdlib: context.manifest.stdlib_full });
  if (!engine.run) throw new Error("engine");
  qrMaker = null;
  post({ type: "ready", files: engine.files, fallback: true });
}

function missingIn(pyodide) {
  return pyodide.runPython("len(_LeftOutOfTheLibrary.asked)");
}
function missingModules() { return missingIn(engine.pyodide); }

// Run `work` on the engine; if it asked for a module the site's library left out (whether the import
// error escaped or was caught on the way), start the full library and run it again.
async function withFallback(work) {
  let outcome;
  try {
    outcome = work();
  } catch (error) {
    if (!missingModules()) throw error;
  }
  if (!missingModules()) return outcome;
  await fallBackToTheFullLibrary();
  return work();
}

async function calculate(message) {
  const json = await withFallback(() => engine.run(message.calculator, message.json));
  post({ type: "result", id: message.id, json });
}

async function makeQr(url) {
  if (!qrMaker) {
    const { siteRoot, manifest } = context;
    for (const w of manifest.on_demand.qr) engine.pyodide.unpackArchive(await obtain({ ...w, url: siteRoot + w.url }, () => {}, false), "wheel");
    // a quiet zone of 4 modules (ISO/IEC 18004), and a viewBox instead of a fixed size, so the page's
    // CSS scales the whole code to its box instead of cutting its right and bottom edges off
    qrMaker = engine.pyodide.runPython(
      "def _qr(url):\n    import segno\n    return segno.make(url, error='m').svg_inline(scale=4, border=4, omitsize=True, title='二维码')\n_qr");
  }
  let svg = null;
  try {
    svg = qrMaker(url);
  } catch (error) {
    if (!missingModules()) throw error;
  }
  if (!missingModules()) return svg;
  await fallBackToTheFullLibrary();
  return makeQr(url);  // the maker is made again on the new engine
}

// Every rule file of the site, checked and kept (a file already kept and passing costs nothing); the bytes.
async function keepEveryRuleFile(siteRoot, manifest) {
  let bytes = 0;
  for (const r of manifest.rules || []) bytes += (await obtain({ ...r, url: siteRoot + r.url }, () => {}, false)).length;
  return bytes;
}

// 保存到本机: keep the engine, every calculator's rule file and the memory image on this device now (offline
// use, faster starts).
async function save() {
  const { siteRoot, manifest } = context;
  let bytes = await keepEveryRuleFile(siteRoot, manifest);
  for (const w of manifest.on_demand.qr) bytes += (await obtain({ ...w, url: siteRoot + w.url }, () => {}, false)).length;
  if (manifest.snapshot && !(await checkedImage(siteRoot, manifest.snapshot))) bytes += await fetchImage(siteRoot, manifest.snapshot);
  post({ type: "saved", bytes });
}

let queue = Promise.resolve();  // one message at a time: a fallback or a wheel download must not interleave
self.onmessage = (event) => {
  const message = event.data;
  queue = queue.then(async () => {
    if (message.type === "boot") {
      try { await boot(message.siteRoot, !!message.saveImage, String(message.calculator || "")); } catch (error) { failure(String(error.message || error)); }
      return;
    }
    if (!engine || failed) return;
    try {
      if (message.type === "run") await calculate(message);
      else if (message.type === "qr") post({ type: "qr", url: message.url, svg: await makeQr(message.url) });
      else if (message.type === "save") await save();
      else if (message.type === "settled") afterTheFirstResult();  // the page says so once
    } catch (error) {
      // the QR code and 保存到本机 are optional: their failure is theirs, the calculator goes on computing
      if (message.type === "save") post({ type: "saved", error: String(error.message || error) });
      else if (message.type === "qr") post({ type: "qr", url: message.url, error: String(error.message || error) });
      else failure(String(error.message || error));
    }
  });
};
