/* Calculator page glue: form <-> URL <-> worker <-> rendered JSON. All rules live in Python
 * (calculators/api.py, run in calc-worker.js); this file only moves JSON and draws it. */
(function () {
  "use strict";
  var form = document.querySelector(".calc-form");
  if (!form) return;
  var description = JSON.parse(document.getElementById("calc-description").textContent);
  var calculator = form.dataset.calculator;
  var siteRoot = new URL(form.dataset.siteRoot, location.href).href;
  var status = document.querySelector("[data-calc-status]");
  var panel = document.querySelector(".calc-result");
  var fields = {};
  description.inputs.forEach(function (f) { fields[f.name] = f; });
  var worker = null, ready = false, pending = 0, latest = 0, timer = null;

  var MESSAGES = {
    nowasm: "这个浏览器不支持 WebAssembly，无法在本机运行计算引擎。请换用较新的浏览器（新版 Chrome、Edge、Firefox 或手机自带浏览器）。下方的计算规则和示例仍可阅读。",
    timeout: "计算引擎启动超时（超过 60 秒）。可能是设备内存不足或网络太慢，请关闭其他页面后刷新重试。",
    integrity: "计算引擎文件校验失败（内容与网站记录不符），为安全起见未启动。请刷新页面；如仍出现，请告知网站管理员。",
    noworker: "这个浏览器不能在后台运行计算引擎（不支持模块化 Web Worker），请换用较新的浏览器。"
  };
  function failure(reason) {
    var kind = reason.split(":")[0];
    if (kind === "mime") return "服务器把计算引擎文件（.wasm）的类型设成了“" + reason.slice(5) + "”，浏览器无法加载。请网站管理员把 .wasm 的类型设为 application/wasm（见说明文档中的 nginx 配置）。";
    if (kind === "download") return "下载计算引擎失败（" + reason.split(":").slice(1).join(":") + "）。请检查网络后刷新页面。";
    if (/fetch|network/i.test(reason)) return "下载计算引擎失败：网络不通。请检查网络后刷新页面。";
    return MESSAGES[kind] || "计算引擎未能启动（" + reason + "）。请刷新页面重试。";
  }
  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("calc-status-error", !!isError);
  }

  // --- form <-> plain values ------------------------------------------------
  function listRows(name) { return form.querySelectorAll('[data-list-field="' + name + '"] .calc-row'); }
  function addRow(name, values) {
    var box = form.querySelector('[data-list-field="' + name + '"]');
    var index = box.querySelectorAll(".calc-row").length;
    var html = box.querySelector("template").innerHTML.replace(/-N-/g, "-" + index + "-");
    box.querySelector(".calc-rows").insertAdjacentHTML("beforeend", html);
    var row = box.querySelectorAll(".calc-row")[index];
    Object.keys(values || {}).forEach(function (key) {
      var control = row.querySelector('[name="' + key + '"]');
      if (control) control.value = values[key];
    });
    return row;
  }
  function readForm() {
    var inputs = {};
    description.inputs.forEach(function (f) {
      if (f.kind === "object_list") {
        var rows = Array.prototype.map.call(listRows(f.name), function (row) {
          var item = {};
          row.querySelectorAll("[name]").forEach(function (c) { if (c.value.trim() !== "") item[c.name] = c.value.trim(); });
          return item;
        }).filter(function (item) { return Object.keys(item).length; });
        if (rows.length) inputs[f.name] = rows;
        return;
      }
      var control = form.querySelector('[name="' + f.name + '"]:not(.calc-row *)');
      var box = control.closest(".calc-field");
      if (box.hidden) return;
      var value = control.value.trim();
      if (value !== "" && !(f.default !== null && String(f.default) === value)) inputs[f.name] = value;
    });
    return inputs;
  }
  function fillForm(params) {
    params.forEach(function (value, key) {
      var f = fields[key];
      if (!f) return;
      if (f.kind === "object_list") {
        var items = [];
        try { items = JSON.parse(value); } catch (e) { items = []; }
        if (Array.isArray(items)) items.forEach(function (item) { addRow(key, item); });
        return;
      }
      var control = form.querySelector('[name="' + key + '"]:not(.calc-row *)');
      if (control) control.value = value;
    });
  }
  function toQuery(inputs) {
    var query = new URLSearchParams();
    Object.keys(inputs).forEach(function (key) {
      var value = inputs[key];
      query.set(key, Array.isArray(value) ? JSON.stringify(value) : value);
    });
    return query.toString();
  }
  function applyRelevance() {
    form.querySelectorAll("[data-relevant-when]").forEach(function (box) {
      var rule = JSON.parse(box.dataset.relevantWhen);
      box.hidden = !Object.keys(rule).every(function (key) {
        var control = form.querySelector('[name="' + key + '"]');
        return control && rule[key].indexOf(control.value) >= 0;
      });
    });
  }

  // --- rendering ----------------------------------------------------------------
  function money(v) { return Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " 元"; }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  var LABELS = { deed_tax_subsidy: "购房契税补贴", first_home: "首次购房补贴", park: "园区购房补贴", talent: "人才购房补贴",
    picc: "人保财险", pingan: "平安财险", cic: "中华联合财险", none: "无预警", advisory: "健康防护提示", yellow: "黄色预警",
    orange: "橙色预警", red: "红色预警", III: "Ⅲ级", II: "Ⅱ级", I: "Ⅰ级" };
  function show(kind, value) {
    if (value === null || value === undefined || value === "") return "—";
    if (kind === "money") return money(value);
    if (kind === "items" || kind === "shares") return Object.keys(value).map(function (k) { return (LABELS[k] || k) + " " + money(value[k]); }).join("；");
    if (kind === "list") return value.length ? value.join("、") : "无";
    if (kind === "dict") return Object.keys(value).map(function (k) { return k + "：" + value[k]; }).join("；");
    if (kind === "measures") return value.length ? value.length + " 项（见下方计算过程与原文链接）" : "无";
    return LABELS[value] || String(value);
  }
  function render(result) {
    document.querySelectorAll(".field-error").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (c) { c.removeAttribute("aria-invalid"); });
    var general = [];
    result.errors.forEach(function (error) {
      var name = (error.field || "").split(/[.[]/)[0];
      var slot = name && document.querySelector('[data-error-for="' + name + '"]');
      if (slot) {
        slot.textContent = (slot.textContent ? slot.textContent + " " : "") + error.message;
        slot.hidden = false;
        var control = form.querySelector('[name="' + name + '"]');
        if (control) control.setAttribute("aria-invalid", "true");
      } else {
        general.push(error.message);
      }
    });
    panel.hidden = false;
    panel.classList.toggle("calc-has-errors", result.errors.length > 0);
    description.outputs.forEach(function (o) {
      var cell = panel.querySelector('[data-result="' + o.key + '"]');
      var value = result[o.key];
      cell.dataset.value = value === undefined ? "" : (typeof value === "object" ? JSON.stringify(value) : String(value));
      cell.textContent = result.errors.length ? "—" : show(o.kind, value);
      if (o.kind === "color" && value) cell.style.setProperty("--swatch", value);
    });
    var steps = panel.querySelector("[data-steps]");
    steps.textContent = "";
    if (general.length) general.forEach(function (m) { steps.appendChild(el("li", m, { class: "calc-error" })); });
    else if (result.errors.length) steps.appendChild(el("li", "请按表单中标出的提示修改后再算。", { class: "calc-error" }));
    result.steps.concat(result.measures ? result.measures.map(function (m) { return { text: "【" + m.group + "】" + m.text, clause: m.clause, cite: "原文" }; }) : [])
      .forEach(function (step) {
        var item = el("li", step.text + " ");
        item.appendChild(el("a", step.cite || "依据", { href: siteRoot + step.clause, class: "step-cite" }));
        steps.appendChild(item);
      });
    var warnings = panel.querySelector("[data-warnings]");
    warnings.textContent = "";
    result.warnings.forEach(function (w) { warnings.appendChild(el("li", w)); });
    warnings.parentNode.hidden = !result.warnings.length;
    summarise(result);
    askForQr();
  }
  // on a phone the result panel is below the form: the status line carries the main figure
  function summarise(result) {
    status.classList.remove("calc-status-error");
    status.textContent = "";
    if (result.errors.length) {
      status.textContent = "有 " + result.errors.length + " 处需要修改，见各项下方的红字提示。";
      return;
    }
    var main = description.outputs[0];
    status.appendChild(document.createTextNode("结果：" + main.label + " " + show(main.kind, result[main.key]) + "　"));
    status.appendChild(el("a", "查看计算过程", { href: "#result" }));
  }
  // the QR code's library is loaded on demand: asked for by a kiosk at once, by others with a button
  var qrWanted = document.documentElement.classList.contains("kiosk");
  function askForQr() {
    if (worker && ready && qrWanted) worker.postMessage({ type: "qr", url: publicAddress() });
  }
  function publicAddress() {
    var base = form.dataset.siteUrl || siteRoot;
    var path = location.href.slice(siteRoot.length).split("#")[0];
    return base.replace(/\/?$/, "/") + path;
  }

  // --- running ------------------------------------------------------------------
  function compute() {
    applyRelevance();
    var inputs = readForm();
    var query = toQuery(inputs);
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    if (!ready) return;
    latest = ++pending;
    worker.postMessage({ type: "run", id: latest, calculator: calculator, json: JSON.stringify(inputs) });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(compute, 80); }

  function start() {
    var boot = window.__calcBoot;  // started early by the page itself
    try {
      worker = boot ? boot.worker : new Worker(siteRoot + "assets/calc-worker.js", { type: "module" });
    } catch (e) {
      say(MESSAGES.noworker, true);
      return;
    }
    worker.onerror = function () { say(MESSAGES.noworker, true); };
    var failed = false;
    worker.onmessage = function (event) {
      var m = event.data;
      if (failed) return;  // downloads still in flight must not hide the explanation
      if (m.type === "progress" && m.stage === "download") {
        say("下载计算引擎 " + (m.loaded / 1048576).toFixed(1) + " / " + (m.total / 1048576).toFixed(1) + " MB");
      } else if (m.type === "progress" && m.stage === "fallback") {
        ready = false;
        say("本网站精简过的计算引擎缺少这次计算要用的部分，正在改用完整版（再下载约 " + (m.total / 1048576).toFixed(1) + " MB），请稍候……");
      } else if (m.type === "progress") {
        say("启动 Python……");
      } else if (m.type === "ready") {
        ready = true;
        document.dispatchEvent(new CustomEvent("county:calculator-settled"));
        document.body.dataset.calcEngine = m.fallback ? "full-library" : "site-library";
        document.body.dataset.calcStart = m.image ? "memory-image" : "plain";
        if (window.caches && saveBox) {
          saveBox.hidden = false;
          var saved = false;
          try { saved = !!localStorage.getItem("county-save-engine"); } catch (e) {}
          if (saved) {
            saveBox.querySelector(".calc-save").disabled = true;
            saveBox.querySelector(".calc-save-note").textContent = "已保存在本机：断网也能计算。";
          }
        }
        say(m.fallback ? "已改用完整版计算引擎：修改任何一项，结果立即更新。" : "计算引擎已就绪：修改任何一项，结果立即更新。");
        compute();
      } else if (m.type === "saved" && saveBox) {
        saveBox.querySelector(".calc-save").disabled = !m.error;
        saveBox.querySelector(".calc-save-note").textContent = m.error
          ? "保存没有成功，请稍后再试（计算不受影响）。" : "已保存到本机：断网也能计算，下次打开更快。";
        if (!m.error) document.body.dataset.calcSaved = "true";
      } else if (m.type === "failed") {
        failed = true;
        document.dispatchEvent(new CustomEvent("county:calculator-settled"));
        say(failure(m.reason), true);
      } else if (m.type === "result" && m.id === latest) {
        render(JSON.parse(m.json));
        document.body.dataset.calcReady = "true";
        document.body.dataset.calcCount = String(Number(document.body.dataset.calcCount || 0) + 1);
      } else if (m.type === "qr" && m.url === publicAddress()) {
        var box = panel.querySelector("[data-qr]");
        box.innerHTML = m.svg;  // SVG made by segno in the worker from our own URL
        box.dataset.url = m.url;
        box.parentNode.hidden = false;
      }
    };
    if (boot) boot.early.splice(0).forEach(worker.onmessage);
    else worker.postMessage({ type: "boot", siteRoot: siteRoot, saveImage: !!(localStorage.getItem("county-kiosk") || localStorage.getItem("county-save-engine")) });
  }

  // 保存到本机: the person chooses to keep the engine and its memory image on this device
  var saveBox = document.querySelector(".calc-save-box");
  if (saveBox) saveBox.querySelector(".calc-save").addEventListener("click", function () {
    try { localStorage.setItem("county-save-engine", "1"); } catch (e) {}
    saveBox.querySelector(".calc-save-note").textContent = "正在保存到本机……";
    if (worker && ready) worker.postMessage({ type: "save" });
    if (navigator.serviceWorker) {  // and the rest of the site: notices and search, for offline use
      navigator.serviceWorker.ready.then(function (registration) { registration.active.postMessage({ type: "complete" }); });
    }
  });

  // --- sharing ------------------------------------------------------------------
  panel.querySelector(".calc-copy").addEventListener("click", function (event) {
    var button = event.currentTarget;
    navigator.clipboard.writeText(publicAddress()).then(function () {
      button.textContent = "已复制链接";
      setTimeout(function () { button.textContent = "复制链接"; }, 2000);
    });
  });
  var showQr = panel.querySelector(".calc-show-qr");
  if (showQr) showQr.addEventListener("click", function () { qrWanted = true; showQr.hidden = true; askForQr(); });
  window.addEventListener("beforeprint", function () { qrWanted = true; askForQr(); });
  var share = panel.querySelector(".calc-webshare");
  if (navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () { navigator.share({ title: document.title, url: publicAddress() }); });
  }

  // typing waits a moment; a finished change (select, leaving a field) computes at once
  form.addEventListener("input", function () { applyRelevance(); schedule(); });
  form.addEventListener("change", function () { clearTimeout(timer); compute(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); compute(); });
  form.addEventListener("click", function (event) {
    var add = event.target.closest(".calc-add");
    if (add) { addRow(add.closest("[data-list-field]").dataset.listField); schedule(); }
    var remove = event.target.closest(".calc-remove");
    if (remove) { remove.closest(".calc-row").remove(); schedule(); }
  });
  // back and forward bring earlier calculations back: the URL is the state
  window.addEventListener("popstate", function () {
    form.reset();
    form.querySelectorAll(".calc-row").forEach(function (row) { row.remove(); });
    fillForm(new URLSearchParams(location.search));
    compute();
  });
  fillForm(new URLSearchParams(location.search));
  applyRelevance();
  say("正在下载计算引擎……（表单现在就可以填写）");
  start();
})();
