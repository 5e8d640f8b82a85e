/* Web Worker: download and start the Python calculation engine (Pyodide, from this site), then answer
 * {calculator, json} with the JSON that calculators.api.run_json returns. All rules live in Python. */
let run = null;
let qr = null;

function post(message) { self.postMessage(message); }

// A response the engine can use: found, and the wasm with the MIME type browsers require.
function usable(url, response) {
  if (!response.ok) return `download:${url}:${response.status}`;
  const type = (response.headers.get("content-type") || "").split(";")[0].trim();
  if (url.endsWith(".wasm") && type !== "application/wasm") return `mime:${type || "（未设置）"}`;
  return null;
}

// Read a body to the end, counting bytes for the progress line, and check it against the site's record.
async function readChecked(stream, url, sha256, onBytes) {
  const reader = stream.getReader();
  const parts = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    onBytes(value.length);
  }
  const data = new Uint8Array(await new Blob(parts).arrayBuffer());
  if (sha256 && self.crypto && crypto.subtle) {
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", data)), (b) => b.toString(16).padStart(2, "0")).join("");
    if (digest !== sha256) throw failure(`integrity:${url}`);
  }
  return data;
}

async function download(url, sha256, onBytes) {
  const response = await fetch(url);
  const problem = usable(url, response);
  if (problem) throw new Error(problem);
  return readChecked(response.body, url, sha256, onBytes);
}

let failed = null;
function failure(reason) {
  // the page shows the first failure; Pyodide may retry a failed fetch by other means, so stop here
  if (!failed) { failed = reason; post({ type: "failed", reason }); }
  return new Error(reason);
}

function timeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

async function boot(siteRoot) {
  if (typeof WebAssembly !== "object") throw new Error("nowasm");
  const manifest = await (await fetch(siteRoot + "assets/calc/manifest.json")).json();
  const index = siteRoot + manifest.pyodide.index;
  const files = manifest.pyodide.files.map((f) => ({ url: index + f.name, sha256: f.sha256, size: f.size }))
    .concat(manifest.wheels.map((w) => ({ url: siteRoot + w.url, sha256: w.sha256, size: w.size, wheel: true })));
  // Kept offline already (service worker cache): start at once. Otherwise the small files are
  // downloaded here first, and the two big ones (the wasm and the standard library) stream into
  // Pyodide as they arrive, so compiling overlaps downloading; both are counted and checked.
  const kept = self.caches ? await caches.match(index + "pyodide.asm.wasm") : null;
  const streamed = new Map(kept ? [] : files.filter((f) => /\.(wasm|zip)$/.test(f.url)).map((f) => [f.url, f]));
  const needed = kept ? files.filter((f) => f.wheel) : files.filter((f) => !streamed.has(f.url));
  const total = needed.concat([...streamed.values()]).reduce((sum, f) => sum + f.size, 0);
  let loaded = 0;
  const progress = (n) => { loaded += n; post({ type: "progress", stage: "download", loaded, total }); };
  const checks = [];
  if (streamed.size) {
    const realFetch = self.fetch.bind(self);
    self.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
      const file = streamed.get(url);
      const response = await realFetch(input, init);
      if (!file || checks.length >= streamed.size) return response;
      const problem = usable(url, response);
      if (problem) throw failure(problem);
      const [forPyodide, forCheck] = response.body.tee();
      checks.push(readChecked(forCheck, url, file.sha256, progress));
      return new Response(forPyodide, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
  }
  const wheels = [];
  await Promise.all(needed.map(async (f) => {
    const data = await download(f.url, f.sha256, progress);
    if (f.wheel) wheels.push(data);
  }));
  if (!streamed.size) post({ type: "progress", stage: "boot", loaded: total, total });
  const downloaded = () => Promise.all(checks).then(() => post({ type: "progress", stage: "boot", loaded: total, total }));
  const { loadPyodide } = await import(index + "pyodide.mjs");
  const options = { indexURL: index, lockFileContents: { info: manifest.pyodide.lock_info, packages: {} },
                    stdout: () => {}, stderr: () => {} };
  let pyodide = null;
  const snapshot = kept && manifest.snapshot ? await caches.match(siteRoot + manifest.snapshot.url) : null;
  if (snapshot) {
    // a memory image of the interpreter with the calculators imported, made at build time; an
    // experimental Pyodide option, so any failure falls back to the ordinary start below
    try {
      const image = new Uint8Array(await snapshot.arrayBuffer());
      pyodide = await timeout(loadPyodide({ ...options, _loadSnapshot: image }), 30000);
      for (const wheel of wheels) pyodide.unpackArchive(wheel, "wheel");  // files are not in the image
      pyodide.runPython("import random; random.seed()");
    } catch (error) {
      pyodide = null;
    }
  }
  if (!pyodide) {
    const booting = loadPyodide(options);
    if (streamed.size) setTimeout(() => downloaded().catch(() => {}), 0);
    try {
      pyodide = await timeout(booting, 60000);
    } catch (error) {
      await Promise.allSettled(checks);  // a damaged file explains the failure better than Pyodide's own error
      throw error;
    }
    await Promise.all(checks);  // refuse to run an engine whose files do not match the site's record
    for (const wheel of wheels) pyodide.unpackArchive(wheel, "wheel");
  }
  run = pyodide.pyimport(manifest.entry).run_json;
  qr = pyodide.runPython(
    "def _qr(url):\n    import segno\n    return segno.make(url, error='m').svg_inline(scale=4, border=2, title='二维码')\n_qr");
  const keep = files.map((f) => f.url).concat([siteRoot + "assets/calc/manifest.json"]);
  const saveData = self.navigator.connection && self.navigator.connection.saveData;
  if (manifest.snapshot && !saveData) keep.push(siteRoot + manifest.snapshot.url);  // for a faster next start
  if (failed) return;
  post({ type: "ready", files: keep });
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "boot") {
    try { await boot(message.siteRoot); } catch (error) { failure(String(error.message || error)); }
  } else if (message.type === "run") {
    post({ type: "result", id: message.id, json: run(message.calculator, message.json) });
  } else if (message.type === "qr") {
    post({ type: "qr", url: message.url, svg: qr(message.url) });
  }
};
