/* 朗读 (read aloud, 适老化): the page's own words through the browser's speech synthesis, nothing
 * downloaded and no other host. The button (main.html) stays hidden unless the browser has a Chinese
 * voice. What it reads: the clause the address points at (#c3-2), else a calculator's result with its
 * status, working and notes, else the page's title and text. On a kiosk, touching a clause or a result
 * reads it. The words read are the page's own; this file adds none. */
(function () {
  "use strict";
  var synth = window.speechSynthesis, button = document.querySelector(".read-aloud");
  if (!synth || !button || typeof window.SpeechSynthesisUtterance !== "function") return;
  var idleLabel = button.textContent, voice = null;

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    return voices.filter(function (v) { return /^(zh|cmn)\b/i.test(v.lang || ""); })[0] || null;
  }
  function offer() {
    voice = chineseVoice();
    button.hidden = !voice;
  }
  offer();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);

  // what a person sees of a node, without the links' marks, buttons, pictures and hidden parts
  function words(nodes) {
    return nodes.map(function (node) {
      var copy = node.cloneNode(true);
      copy.querySelectorAll("[hidden], .clause-link, .calc-link, button, svg, script, template, [aria-hidden=true], .calc-answer-links")
        .forEach(function (n) { n.remove(); });
      return copy.textContent.replace(/\s+/g, " ").trim();
    }).filter(Boolean).join("。 ").replace(/([。；：！？])。 /g, "$1 ");
  }
  // a clause: its heading and what follows up to the next heading of its level or above; a clause that
  // is a paragraph, with the tables and notes under it, up to the next clause (its payout bands are its own)
  function clause(start) {
    var heading = /^H[1-6]$/.test(start.tagName);
    if (!heading && !start.classList.contains("clause")) return [start];
    var nodes = [start], level = heading ? Number(start.tagName[1]) : 7;
    for (var n = start.nextElementSibling; n; n = n.nextElementSibling) {
      if (/^H[1-6]$/.test(n.tagName) && Number(n.tagName[1]) <= level) break;
      if (!heading && n.classList.contains("clause")) break;
      nodes.push(n);
    }
    return nodes;
  }
  function shown(node) { return node && !node.closest("[hidden]") && node.getClientRects().length > 0; }
  function result() {
    var panel = document.querySelector(".calc-result");
    if (!shown(panel)) return null;
    var answer = document.querySelector("[data-calc-answer]");
    return (shown(answer) ? [answer] : [document.querySelector("[data-calc-status]")]).concat([panel]);
  }
  function targeted() {
    var id = location.hash.slice(1), target = null;
    if (!id || id.indexOf("=") >= 0) return null;
    try { target = document.getElementById(decodeURIComponent(id)); } catch (e) { return null; }
    var start = target && (target.closest(".clause") || target);
    return start && start.closest(".md-content") ? clause(start) : null;
  }
  function page() {
    var body = document.querySelector(".notice-body") || document.querySelector(".md-content article") || document.querySelector(".md-content");
    var title = document.querySelector(".md-content h1");
    return title && body && !body.contains(title) ? [title, body] : [body];
  }
  function read(nodes) {
    var text = words(nodes);
    if (!text || !voice) return;
    synth.cancel();
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;  // a little slower than the default, for older listeners
    utterance.onend = utterance.onerror = function () { reading(false); };
    reading(true);
    synth.speak(utterance);
  }
  function reading(on) {
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? button.dataset.stopLabel : idleLabel;
  }
  button.addEventListener("click", function () {
    if (button.getAttribute("aria-pressed") === "true") { synth.cancel(); reading(false); return; }
    read(targeted() || result() || page());
  });
  // a kiosk reads what is touched: a clause of a notice, or a calculator's result (not its links or buttons)
  if (document.documentElement.classList.contains("kiosk")) {
    document.addEventListener("click", function (event) {
      if (!voice || event.target.closest("a, button, input, select, label, summary")) return;
      var part = event.target.closest(".calc-answer, .calc-result");
      if (part) { read(result() || [part]); return; }
      var inNotice = event.target.closest(".notice-body > *");
      if (!inNotice) return;
      for (var n = inNotice; n; n = n.previousElementSibling) {  // the clause this paragraph belongs to
        if (n.classList.contains("clause")) { read(clause(n)); return; }
      }
      read([inNotice]);
    });
  }
  document.addEventListener("county:kiosk-reset", function () { synth.cancel(); });
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
