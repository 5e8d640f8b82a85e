/* Calculator page glue: form <-> URL <-> worker <-> rendered JSON. All rules live in Python
 * (calculators/api.py, run in calc-worker.js); this file only moves JSON and draws it.
 * The figures stay on the device: the address carries them where describe()'s `link` says (the
 * fragment, #…, never sent to a server); an older link's query (?…) is read and rewritten at once.
 * On a kiosk the address carries no figures at all: they live in this page only, and its idle reset
 * clears them (reading.js, main.html). */
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
  var link = description.link;
  var onKiosk = document.documentElement.classList.contains("kiosk");
  if (window.__kiosk && window.__kiosk.leaving) return;  // an earlier visitor's page, leaving at once
  var worker = null, ready = false, pending = 0, latest = 0, timer = null, last = null;
  // errors show for a field once it has been left, and for all once a result is asked for
  var touched = {}, askedAll = false;

  var MESSAGES = {
    nowasm: "这个浏览器不支持 WebAssembly，无法在本机运行计算引擎。请换用较新的浏览器（新版 Chrome、Edge、Firefox 或手机自带浏览器）。下方的计算规则和示例仍可阅读。",
    timeout: "计算引擎启动超时（超过 60 秒）。可能是设备内存不足或网络太慢，请关闭其他页面后刷新重试。",
    integrity: "计算引擎文件校验失败（内容与网站记录不符），为安全起见未启动。请刷新页面；如仍出现，请告知网站管理员。",
    broken: "下载计算引擎时连接中断，文件没有下载完整。请检查网络后刷新页面。",
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
    if (index >= (fields[name].max_items || Infinity)) return null;  // no more rows than the check accepts
    var html = box.querySelector("template").innerHTML.replace(/-N-/g, "-" + index + "-");
    box.querySelector(".calc-rows").insertAdjacentHTML("beforeend", html);
    var row = box.querySelectorAll(".calc-row")[index];
    // a link's keys are matched against the row's own names (never put into a selector), values as text
    Array.prototype.forEach.call(row.querySelectorAll("[name]"), function (control) {
      if (values && Object.prototype.hasOwnProperty.call(values, control.name) && values[control.name] !== null
          && typeof values[control.name] !== "object") {
        if (control.tagName === "SELECT") choose(control, String(values[control.name]));
        else control.value = String(values[control.name]);
      }
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
        if (Array.isArray(items)) items.slice(0, f.max_items || items.length).forEach(function (item) {
          if (item && typeof item === "object") addRow(key, item);
        });
        return;
      }
      var control = form.querySelector('[name="' + key + '"]:not(.calc-row *)');
      if (control && control.tagName === "SELECT") choose(control, value);
      else if (control) control.value = value;
    });
  }
  // A link may write a choice as its code or as its label (因学 for education): the option is found
  // by either, so the form shows it and the inputs that depend on it. A value that is neither is
  // kept as written, as an option of its own, so that the core names it and says what is accepted.
  function choose(select, value) {
    var text = value.trim(), options = Array.prototype.slice.call(select.options);
    var option = options.filter(function (o) { return o.value === text; })[0]
      || options.filter(function (o) { return o.textContent.trim() === text; })[0];
    if (!option && text !== "") {
      option = new Option(value, value);
      option.dataset.asWritten = "";
      select.add(option);
    }
    if (option) select.value = option.value;
  }
  // the calculation as the address carries it: inputs by name, form-urlencoded, lists of objects as JSON
  function encoded(inputs) {
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
  // every word shown for a value comes from the calculator's description (calculators/api.py)
  function show(output, value) {
    var kind = output.kind, labels = output.labels || {};
    function name(v) { return labels[String(v)] || String(v); }
    if (value === null || value === undefined || value === "") return "—";
    if (kind === "money") return money(value);
    if (kind === "items" || kind === "shares") return Object.keys(value).map(function (k) { return name(k) + " " + money(value[k]); }).join("；");
    if (kind === "list") return value.length ? value.map(name).join("、") : "无";
    if (kind === "dict") return Object.keys(value).map(function (k) { return name(k) + "：" + value[k]; }).join("；");
    if (kind === "measures") return value.length ? value.length + " 项（见下方计算过程与原文链接）" : "无";
    return name(value);
  }
  function errorsByField(result) {
    var shown = [], waiting = [];
    // an error of no one field (AQI: "fill in at least one") waits, like a field's, until something
    // was typed or 计算 was pressed: an untouched form shows nothing red
    var anyTouched = askedAll || Object.keys(touched).length > 0;
    result.errors.forEach(function (error) {
      var name = (error.field || "").split(/[.[]/)[0];
      (name ? askedAll || touched[name] : anyTouched) ? shown.push({ name: name, message: error.message })
        : waiting.push({ name: name, message: error.message });
    });
    return { shown: shown, waiting: waiting };
  }
  function render(result) {
    last = result;
    var errors = errorsByField(result);
    document.querySelectorAll(".field-error").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (c) { c.removeAttribute("aria-invalid"); });
    var general = [];
    errors.shown.forEach(function (error) {
      // an error beside a field the form hides (it does not apply to this case) would be red text no one
      // sees: it is said in the status line instead, in full
      var slot = error.name && form.querySelector('[data-error-for="' + error.name + '"]');
      if (slot && slot.closest(".calc-field[hidden]")) slot = null;
      if (slot) {
        slot.textContent = (slot.textContent ? slot.textContent + " " : "") + error.message;
        slot.hidden = false;
        var control = form.querySelector('[name="' + error.name + '"]');
        if (control) control.setAttribute("aria-invalid", "true");
      } else {
        general.push(error.message);
      }
    });
    showUnderstood(result.understood || {});
    var failed = result.errors.length > 0;
    var outside = !failed && result.out_of_period;
    panel.hidden = !!(failed && !errors.shown.length);
    panel.classList.toggle("calc-has-errors", failed);
    panel.classList.toggle("calc-for-reference", !!outside);
    var notice = panel.querySelector("[data-out-of-period]");
    notice.hidden = !outside;
    notice.textContent = outside ? result.out_of_period.message : "";
    description.outputs.forEach(function (o, i) {
      var cell = panel.querySelector('[data-result="' + o.key + '"]');
      var value = result[o.key];
      cell.dataset.value = value === undefined ? "" : (typeof value === "object" ? JSON.stringify(value) : String(value));
      cell.textContent = failed ? "—" : show(o, value);
      if (o.kind === "color" && value) cell.style.setProperty("--swatch", value);
      if (i === 0 && outside) cell.insertBefore(el("span", "按原方案试算，仅供参考：", { class: "calc-reference-note" }), cell.firstChild);
    });
    var picture = panel.querySelector("[data-result-picture]");
    picture.hidden = failed || !result.picture;
    panel.querySelector("[data-picture-svg]").innerHTML = !failed && result.picture ? result.picture.svg : "";  // SVG drawn by our Python in the worker
    panel.querySelector("[data-picture-alt]").textContent = !failed && result.picture ? "图：" + result.picture.alt : "";
    var steps = panel.querySelector("[data-steps]");
    steps.textContent = "";
    if (general.length) general.forEach(function (m) { steps.appendChild(el("li", m, { class: "calc-error" })); });
    else if (failed) steps.appendChild(el("li", "请按表单中标出的提示修改后再算。", { class: "calc-error" }));
    workingSteps(result).forEach(function (step) {
      var item = el("li", step.text + " ");
      // a national rule's step is cited, not linked: its document has no page on the county's site
      item.appendChild(step.clause ? el("a", step.cite || "依据", { href: siteRoot + step.clause, class: "step-cite" })
                                   : el("span", step.cite || "依据", { class: "step-cite" }));
      steps.appendChild(item);
    });
    var warnings = panel.querySelector("[data-warnings]");
    warnings.textContent = "";
    result.warnings.forEach(function (w) { warnings.appendChild(el("li", w)); });
    warnings.parentNode.hidden = !result.warnings.length;
    var apply = panel.querySelector("[data-apply]");  // 怎么申请: the rule file's, for what this result grants
    if (apply) {
      var applications = failed ? [] : (result.apply || []);
      apply.textContent = "";
      applications.forEach(function (a) {
        var item = el("li", a.text + " ");
        if (a.clause) item.appendChild(el("a", a.cite, { href: siteRoot + a.clause, class: "step-cite" }));
        apply.appendChild(item);
      });
      apply.parentNode.hidden = !applications.length;
    }
    summarise(result, errors, general);
    answer(result, errors);
    sheet(result);
    requestQr();
  }
  function workingSteps(result) {
    return result.steps.concat(result.measures ? result.measures.map(function (m) {
      return { text: "【" + m.group + "】" + m.text, clause: m.clause, cite: "原文" };
    }) : []);
  }
  // "50万" is shown as understood, under its field: = 500,000 元
  function showUnderstood(understood) {
    form.querySelectorAll(".field-understood").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    Object.keys(understood).forEach(function (name) {
      var box = form.querySelector('.calc-field[data-field="' + name + '"]');
      if (!box) return;
      var line = box.querySelector(".field-understood");
      if (!line) {
        line = el("p", "", { class: "field-understood", id: "f-" + name + "-understood" });
        box.querySelector("input, select").insertAdjacentElement("afterend", line);
      }
      line.textContent = "= " + understood[name];
      line.hidden = false;
    });
  }
  // on a phone the result panel is below the form: the status line carries the main figure
  // the status line says what is wrong where it is: an error beside its field is pointed at, an error
  // of no field is said here in full (it has no red text of its own under any field)
  function summarise(result, errors, general) {
    status.classList.remove("calc-status-error");
    status.textContent = "";
    if (errors.shown.length) {
      var besideFields = errors.shown.length - general.length;
      status.classList.add("calc-status-error");
      status.textContent = general.join(" ") + (general.length && besideFields ? " " : "")
        + (besideFields ? "有 " + besideFields + " 处需要修改，见各项下方的红字提示。" : "");
      return;
    }
    if (errors.waiting.length) {
      var names = errors.waiting.filter(function (e) { return e.name; })
        .map(function (e) { return fields[e.name] ? fields[e.name].label : e.name; })
        .filter(function (n, i, all) { return all.indexOf(n) === i; });
      var unnamed = errors.waiting.filter(function (e) { return !e.name; }).map(function (e) { return e.message; });
      status.textContent = (names.length ? "请填写：" + names.join("、") + "。" : "") + unnamed.join(" ") + "填好后结果立即显示。";
      return;
    }
    if (result.out_of_period) {
      status.appendChild(el("strong", result.out_of_period.message));
      status.appendChild(document.createTextNode("　"));
      status.appendChild(el("a", "查看按原方案试算的过程", { href: "#result" }));
      return;
    }
    var main = description.outputs[0];
    status.appendChild(document.createTextNode("结果：" + main.label + " " + show(main, result[main.key]) + "　"));
    status.appendChild(el("a", "查看计算过程", { href: "#result" }));
  }
  // the short answer under the title (a link with a case opens on it): the main figure, what it was
  // worked out from, and the status (the period, the notice's own, what is wrong); words from describe()
  var answerBox = document.querySelector("[data-calc-answer]");
  function answer(result, errors) {
    if (!answerBox) return;
    if (!openedWithCase && answerBox.hidden) return;  // an empty form has no answer to lead with
    var failed = result.errors.length > 0, main = description.outputs[0], outside = !failed && result.out_of_period;
    // a case that cannot be worked out yet says, here too, what is missing or wrong
    answerBox.hidden = false;
    answerBox.classList.toggle("calc-answer-errors", failed);
    answerBox.querySelector("[data-answer-label]").textContent = failed ? "" : (outside ? "按原方案试算，仅供参考：" : "") + main.label;
    answerBox.querySelector("[data-answer-value]").textContent = failed ? "" : show(main, result[main.key]);
    var inputs = readForm();
    answerBox.querySelector("[data-answer-basis]").textContent = description.inputs
      .filter(function (f) { return inputs[f.name] !== undefined; })
      .map(function (f) { return f.label + " " + enteredValue(f, inputs[f.name]); }).join("；");
    answerBox.querySelector("[data-answer-basis-box]").hidden = !Object.keys(inputs).length;
    var said = [];
    if (failed) said.push(status.textContent);
    else if (outside) said.push(result.out_of_period.message);
    var notice = document.querySelector(".calc-notice[data-status]");
    if (!failed && notice && notice.dataset.status !== "有效") said.push("依据文件" + noticeStatus());
    if (!failed && result.warnings.length) said.push(result.warnings[0] + (result.warnings.length > 1 ? "（另有 " + (result.warnings.length - 1) + " 条提示，见计算过程）" : ""));
    answerBox.querySelector("[data-answer-status]").textContent = said.map(function (text) {
      return /[。！？）)]$/.test(text) ? text : text + "。";
    }).join("");
  }

  // The QR code of the link. Its library is loaded on demand: a kiosk asks at once, others with the
  // button or by printing; asked again whenever the link changed since.
  var qrWanted = document.documentElement.classList.contains("kiosk");
  function requestQr() {
    var box = panel.querySelector("[data-qr]");
    if (worker && ready && qrWanted && box.dataset.url !== publicAddress()) worker.postMessage({ type: "qr", url: publicAddress() });
  }

  // --- the printed result sheet: one page with what was entered, the result, the working with its
  // clauses, the day of calculation, the policy's period and the link with its QR code -------------
  function enteredValue(f, value) {
    if (Array.isArray(value)) {
      return value.map(function (item) {
        return (f.item_fields || []).filter(function (x) { return item[x.name] !== undefined; })
          .map(function (x) { return x.label + " " + enteredValue(x, item[x.name]); }).join("，");
      }).join("；");
    }
    var choice = (f.choices || []).filter(function (c) { return c.value === value; })[0];
    if (choice) return choice.label;
    if (f.kind === "bool") return value === "true" ? "是" : "否";
    return value + (f.unit && /^[\d.,\s]+$/.test(value) ? " " + f.unit : "");
  }
  // the period as the calculator judged it (the case's own date, else the day of calculation): the
  // sheet never judges again, so it cannot contradict the screen
  function periodText(result) {
    var policy = description.policy;
    if (!policy || !policy.periods || !policy.periods.length) return "";
    var outside = result.out_of_period;
    return policy.label + "：" + policy.periods.map(function (p) { return (p.from || "") + " 至 " + (p.until || "长期"); }).join("，")
      + (outside ? "（" + outside.date + " 不在期限内）" : "（本次所算的日期在期限内）") + "。依据 " + policy.cite;
  }
  // what the page says of its notice above the form (已失效 and the like), for the sheet
  function noticeStatus() {
    var badge = document.querySelector(".calc-notice .status-badge"), detail = document.querySelector(".calc-notice .status-detail");
    return badge ? badge.textContent.trim() + (detail ? detail.textContent.trim() : "") : "";
  }
  function sheet(result) {
    var box = document.querySelector("[data-sheet]");
    box.textContent = "";
    document.body.classList.toggle("calc-has-result", !result.errors.length);
    if (result.errors.length) return;
    box.appendChild(el("h2", description.title + "：计算结果"));
    var facts = el("p", "", { class: "sheet-facts" });
    facts.appendChild(el("span", "计算日期：" + result.as_of));
    var period = periodText(result);
    if (period) facts.appendChild(el("span", period));
    facts.appendChild(el("span", "依据文件：" + description.document + (description.document_title ? "《" + description.document_title + "》" : "")
      + (noticeStatus() ? "　" + noticeStatus() : "")));
    var head = el("div", "", { class: "sheet-head" });
    head.appendChild(facts);
    var link = el("div", "", { class: "sheet-link" });
    var words = el("p");
    words.appendChild(el("span", "本次计算的网址（扫码或输入网址，可看到同样的计算）："));
    var readable = publicAddress();
    try { readable = decodeURI(readable); } catch (e) {}
    words.appendChild(el("span", readable, { class: "sheet-url" }));
    link.appendChild(words);
    link.appendChild(el("div", "", { class: "sheet-qr", "data-sheet-qr": "" }));
    head.appendChild(link);
    box.appendChild(head);
    var noticeWarning = document.querySelector(".calc-notice-warning");
    if (noticeWarning) {
      var copied = el("div", "", { class: "calc-out-of-period sheet-notice-warning" });
      noticeWarning.querySelectorAll("p").forEach(function (p) { copied.appendChild(el("p", p.textContent.trim())); });
      box.appendChild(copied);
    }
    if (result.out_of_period) box.appendChild(el("p", result.out_of_period.message, { class: "calc-out-of-period" }));
    var columns = el("div", "", { class: "sheet-columns" }), left = el("div"), right = el("div");
    columns.appendChild(left);
    columns.appendChild(right);
    box.appendChild(columns);
    left.appendChild(el("h3", "填写的内容"));
    var entered = el("dl", "", { class: "sheet-inputs" }), inputs = readForm(), understood = result.understood || {};
    description.inputs.forEach(function (f) {
      if (inputs[f.name] === undefined) return;
      var row = el("div");
      row.appendChild(el("dt", f.label));
      row.appendChild(el("dd", enteredValue(f, inputs[f.name]) + (understood[f.name] ? "（= " + understood[f.name] + "）" : "")));
      entered.appendChild(row);
    });
    left.appendChild(entered);
    right.appendChild(el("h3", result.out_of_period ? "结果（按原方案试算，仅供参考）" : "结果"));
    var figures = el("dl", "", { class: "sheet-figures" });
    description.outputs.forEach(function (o) {
      if (result[o.key] === undefined || result[o.key] === null) return;
      var row = el("div");
      row.appendChild(el("dt", o.label));
      row.appendChild(el("dd", show(o, result[o.key])));
      figures.appendChild(row);
    });
    right.appendChild(figures);
    var applications = result.apply || [];
    var applyList = panel.querySelector("[data-apply]");
    if (applications.length && applyList) {  // 怎么申请, as the screen says it: items at the same office in one line, and what to bring
      right.appendChild(el("h3", applyList.parentNode.querySelector("h3").textContent));
      var offices = [], bring = [];
      applications.forEach(function (a) {
        var same = offices.filter(function (o) { return o.where === a.where; })[0];
        if (!same) offices.push(same = { where: a.where, items: [], cites: [] });
        same.items.push(a.item);
        if (a.cite && same.cites.indexOf(a.cite) < 0) same.cites.push(a.cite);
        (a.bring || []).forEach(function (b) { if (bring.indexOf(b) < 0) bring.push(b); });
      });
      var ways = el("ul", "", { class: "sheet-apply" });
      offices.forEach(function (o) { ways.appendChild(el("li", o.items.join("、") + "：" + o.where + (o.cites.length ? "（依据：" + o.cites.join("；") + "）" : ""))); });
      if (bring.length) ways.appendChild(el("li", "需带：" + bring.join("、")));
      right.appendChild(ways);
    }
    if (result.picture) {
      var picture = el("figure", "", { class: "sheet-picture" });
      picture.innerHTML = result.picture.svg;  // drawn by our Python in the worker
      // on paper the picture's own title names it and the working below says the rest: no caption repeats it
      picture.setAttribute("aria-label", result.picture.alt);
      left.appendChild(picture);  // under what was entered, beside the figures: the sheet stays one page
    }
    box.appendChild(el("h3", "计算过程"));
    var steps = el("ol");
    result.steps.forEach(function (step) { steps.appendChild(el("li", step.text + "（依据：" + (step.cite || "规则") + "）")); });
    box.appendChild(steps);
    if (result.measures && result.measures.length) {  // the full list is on the page; the sheet names the groups
      var groups = result.measures.map(function (m) { return m.group; }).filter(function (g, i, all) { return all.indexOf(g) === i; });
      box.appendChild(el("p", "应采取的措施共 " + result.measures.length + " 项（" + groups.join("、") + "），逐条内容见本次计算的网址。"));
    }
    if (result.warnings.length) {
      var warnings = el("ul", "", { class: "sheet-warnings" });
      result.warnings.forEach(function (w) { warnings.appendChild(el("li", w)); });
      box.appendChild(warnings);
    }
    copyQr();
  }
  function copyQr() {
    var target = document.querySelector("[data-sheet-qr]"), source = panel.querySelector("[data-qr]");
    if (target && source.dataset.url === publicAddress()) target.innerHTML = source.innerHTML;
  }
  // the browser's own day: written into the link, so a shared calculation gives the same result on any day
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  // the link of this calculation (shared, in the QR code, on the printed sheet): the public address
  // with the figures in the fragment, from the form itself (a kiosk's address carries none)
  function publicAddress() {
    var base = form.dataset.siteUrl || siteRoot;
    var path = new URL(location.pathname, location.href).href.slice(siteRoot.length);
    var state = encoded(readForm());
    return base.replace(/\/?$/, "/") + path + (state ? (link.carried_in === "fragment" ? "#" : "?") + state : "");
  }

  // --- the address ----------------------------------------------------------------
  function isState(text) { return text.indexOf("=") >= 0; }  // a calculation; else an anchor (#result)
  // the calculation an address carries: its fragment, else (an older link) its query
  function addressState() {
    var fragment = location.hash.slice(1), query = location.search.slice(1);
    var text = isState(fragment) ? fragment : (link.also_read_from === "query" && isState(query) ? query : "");
    return new URLSearchParams(text.length <= link.max_chars ? text : "");
  }
  // the address keeps the calculation in the fragment, never in the query (a reload or a bookmark would
  // send it to the server); on a kiosk it keeps none. Never a new history entry, never a reload.
  function writeAddress(inputs) {
    var state = onKiosk ? "" : encoded(inputs);
    var anchor = isState(location.hash.slice(1)) ? "" : location.hash;
    history.replaceState(history.state, "", location.pathname + (state ? "#" + state : anchor));
  }
  function refill(params) {
    form.reset();
    form.querySelectorAll(".calc-row, option[data-as-written]").forEach(function (node) { node.remove(); });
    fillForm(params);
    if (asOf && !asOf.value) asOf.value = today();
  }

  // --- running ------------------------------------------------------------------
  function compute() {
    applyRelevance();
    var inputs = readForm();
    writeAddress(inputs);
    if (!ready) return;
    latest = ++pending;
    worker.postMessage({ type: "run", id: latest, calculator: calculator, json: JSON.stringify(inputs) });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(compute, 80); }

  // What the first result did not need (the offline copy of the site, the other calculators' rule files, the
  // memory image) starts once a result is shown and the person has paused for QUIET_MS: on a cheap phone's
  // two cores it would otherwise slow their next change. Leaving the page starts it at once.
  var QUIET_MS = 1000, quietTimer = null, settled = false;
  function settle() {
    if (settled) return;
    settled = true;
    clearTimeout(quietTimer);
    if (worker && ready) worker.postMessage({ type: "settled" });
    document.dispatchEvent(new CustomEvent("county:calculator-settled"));
  }
  function settleWhenQuiet() {
    if (settled) return;
    clearTimeout(quietTimer);
    quietTimer = setTimeout(settle, QUIET_MS);
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && document.body.dataset.calcReady) settle();
  });

  // the engine's download as a bar: the bytes the worker has received and checked, of those it needs
  var bar = document.querySelector("[data-calc-progress]");
  function progressBar(loaded, total) {
    if (!bar) return;
    bar.hidden = loaded === null || !total;
    if (bar.hidden) return;
    bar.max = total;
    bar.value = Math.min(loaded, total);
  }
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
        progressBar(m.loaded, m.total);
        say("正在下载计算引擎 " + (m.loaded / 1048576).toFixed(1) + " / " + (m.total / 1048576).toFixed(1) + " MB");
      } else if (m.type === "progress" && m.stage === "fallback") {
        ready = false;
        say("本网站精简过的计算引擎缺少这次计算要用的部分，正在改用完整版（再下载约 " + (m.total / 1048576).toFixed(1) + " MB），请稍候……");
      } else if (m.type === "progress") {
        progressBar(1, 1);
        say("正在启动计算引擎……");
      } else if (m.type === "ready") {
        ready = true;
        progressBar(null);
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
        progressBar(null);
        settle();
        say(failure(m.reason), true);
      } else if (m.type === "result" && m.id === latest) {
        render(JSON.parse(m.json));
        keep(m.json);
        document.body.dataset.calcReady = "true";
        document.body.dataset.calcCount = String(Number(document.body.dataset.calcCount || 0) + 1);
        settleWhenQuiet();
      } else if (m.type === "qr" && m.error) {
        // no QR code this time (its library did not download): the link is still on the sheet; asked again later
      } else if (m.type === "qr" && m.url === publicAddress()) {
        var box = panel.querySelector("[data-qr]");
        box.innerHTML = m.svg;  // SVG made by segno in the worker from our own URL
        box.dataset.url = m.url;
        box.parentNode.hidden = false;
        copyQr();
      }
    };
    if (boot) boot.early.splice(0).forEach(worker.onmessage);
    else {
      var saveImage = onKiosk;
      try { saveImage = saveImage || !!localStorage.getItem("county-save-engine"); } catch (e) {}
      worker.postMessage({ type: "boot", siteRoot: siteRoot, saveImage: saveImage, calculator: calculator });
    }
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
  if (showQr) showQr.addEventListener("click", function () { qrWanted = true; showQr.hidden = true; requestQr(); });
  // the printed sheet carries the link's QR code: the page's print button waits for it (a few seconds
  // at most); printing from the browser's menu asks for it too and prints it if it is already there
  var printButton = document.querySelector(".print-page");
  if (printButton) printButton.addEventListener("click", function (event) {
    var box = panel.querySelector("[data-qr]");
    if (!worker || !ready || box.dataset.url === publicAddress()) return;  // nothing to wait for
    event.stopImmediatePropagation();
    qrWanted = true;
    requestQr();
    var waited = 0, poll = setInterval(function () {
      waited += 100;
      if (box.dataset.url === publicAddress() || waited >= 4000) { clearInterval(poll); copyQr(); window.print(); }
    }, 100);
  }, true);
  var share = panel.querySelector(".calc-webshare");
  if (navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () { navigator.share({ title: document.title, url: publicAddress() }); });
  }

  // typing waits a moment; a finished change (select, leaving a field) computes at once
  function fieldOf(target) {  // the form's own field: a list's rows count as the list
    var box = target.closest && (target.closest(".calc-list") || target.closest(".calc-field"));
    return box && box.dataset.field;
  }
  form.addEventListener("input", function () { applyRelevance(); schedule(); });
  form.addEventListener("change", function (event) {
    var name = fieldOf(event.target);
    if (name) touched[name] = true;
    clearTimeout(timer);
    compute();
  });
  // a field that was left shows its error (not before: an empty form is not an error)
  form.addEventListener("focusout", function (event) {
    var name = fieldOf(event.target);
    if (!name || touched[name]) return;
    touched[name] = true;
    if (last) render(last);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    askedAll = true;
    clearTimeout(timer);
    compute();
    status.scrollIntoView({ block: "nearest" });
  });
  window.addEventListener("beforeprint", function () { qrWanted = true; requestQr(); copyQr(); });
  form.addEventListener("click", function (event) {
    var add = event.target.closest(".calc-add");
    if (add) { addRow(add.closest("[data-list-field]").dataset.listField); schedule(); }
    var remove = event.target.closest(".calc-remove");
    if (remove) { remove.closest(".calc-row").remove(); schedule(); }
  });
  // a calculation typed or pasted into the address (or reached by Back and Forward) is shown; an
  // in-page anchor (#result) keeps the calculation in the address
  window.addEventListener("hashchange", function () {
    if (isState(location.hash.slice(1))) { refill(addressState()); compute(); }
    else { writeAddress(readForm()); reveal(); }
  });
  // an anchor into a closed reference section (#rules, #example-2) opens that section
  function reveal() {
    var id = location.hash.slice(1), target = null;
    try { target = id && !isState(id) ? document.getElementById(decodeURIComponent(id)) : null; } catch (e) {}
    var section = target && target.closest("details");
    if (section && !section.open) { section.open = true; target.scrollIntoView(); }
  }
  // the kiosk's idle reset: nothing of this person's case stays in the page
  document.addEventListener("county:kiosk-reset", function () {
    clearTimeout(timer);
    refill(new URLSearchParams());
    panel.hidden = true;
    panel.querySelectorAll("[data-result], [data-steps], [data-warnings], [data-qr], [data-picture-svg]").forEach(function (n) { n.textContent = ""; });
    document.querySelector("[data-sheet]").textContent = "";
    if (answerBox) {
      answerBox.hidden = true;
      answerBox.querySelectorAll("[data-answer-label], [data-answer-value], [data-answer-basis], [data-answer-status]")
        .forEach(function (n) { n.textContent = ""; });
    }
    openedWithCase = false;
    say("");
  });
  // the back-to-top button hides while the form is on screen (it would cover what is typed)
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      document.body.classList.toggle("calc-form-in-view", entries[0].isIntersecting);
    }).observe(form);
  }
  // --- Back and Forward keep the place -----------------------------------------------------------
  // The last result of this tab is kept for this tab only (sessionStorage, never on a kiosk) with the
  // address it belongs to: a page reached again by Back or Forward shows it at once, while the engine
  // starts and computes it again, and returns to where the person was (the scroll position and the
  // reference sections they had opened are kept in the history entry).
  var keptKey = "county-calc-" + calculator;
  function stateText() { return isState(location.hash.slice(1)) ? location.hash.slice(1) : ""; }
  function keep(json) {
    if (onKiosk) return;
    try { sessionStorage.setItem(keptKey, JSON.stringify({ state: stateText(), json: json })); } catch (e) {}
  }
  function kept() {
    if (onKiosk) return null;
    try {
      var saved = JSON.parse(sessionStorage.getItem(keptKey) || "null");
      return saved && saved.state && saved.state === stateText() ? JSON.parse(saved.json) : null;
    } catch (e) { return null; }
  }
  function notePlace() {
    var open = Array.prototype.filter.call(document.querySelectorAll("details.calc-reference"), function (d) { return d.open; })
      .map(function (d) { return d.dataset.reference; });
    history.replaceState(Object.assign({}, history.state, { scrollY: window.scrollY, opened: open }), "", location.href);
  }
  function returnToPlace() {
    var place = history.state;
    if (!place || typeof place.scrollY !== "number") return false;
    (place.opened || []).forEach(function (name) {
      var section = document.querySelector('details.calc-reference[data-reference="' + name + '"]');
      if (section) section.open = true;
    });
    window.scrollTo(0, place.scrollY);
    return true;
  }
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  var placeTimer = null;
  window.addEventListener("scroll", function () { clearTimeout(placeTimer); placeTimer = setTimeout(notePlace, 150); }, { passive: true });
  window.addEventListener("pagehide", notePlace);
  document.addEventListener("toggle", function (event) { if (event.target.matches && event.target.matches("details.calc-reference")) notePlace(); }, true);

  var initial = addressState();
  var openedWithCase = Array.from(initial.keys()).some(function (key) { return key !== "as_of" && fields[key]; });
  fillForm(initial);
  reveal();
  initial.forEach(function (value, key) { touched[key] = true; });  // a shared link shows what is wrong at once
  var asOf = form.querySelector('[name="as_of"]:not(.calc-row *)');
  if (asOf && !asOf.value) asOf.value = today();
  applyRelevance();
  writeAddress(readForm());  // an older link's query leaves the address now, before anything else is asked
  say("正在下载计算引擎……（表单现在就可以填写）");
  var earlier = kept();
  if (earlier) {  // shown at once; the engine computes it again as soon as it is ready
    render(earlier);
    document.body.dataset.calcShownFromKept = "true";
  }
  returnToPlace();
  start();
})();
