/* Reading comfort: persistent larger text (适老化), printing, and the kiosk mode of township halls.
 * Kiosk mode is switched on by the kiosk's start URL (?kiosk=<the county's kiosk key>, see main.html and
 * README); main.html checks it and gives this file window.__kiosk {idle (validated), home}. */
(function () {
  "use strict";
  var html = document.documentElement;
  var toggle = document.querySelector(".large-text-toggle");
  function store(key, value) { try { value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value); } catch (e) {} }
  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }

  if (toggle) {
    toggle.setAttribute("aria-pressed", String(html.classList.contains("large-text")));
    toggle.addEventListener("click", function () {
      var on = !html.classList.contains("large-text");
      html.classList.toggle("large-text", on);
      toggle.setAttribute("aria-pressed", String(on));
      store("county-large-text", on ? "1" : null);
    });
  }
  var printButton = document.querySelector(".print-page");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });

  var kiosk = window.__kiosk;
  if (!html.classList.contains("kiosk") || !kiosk || kiosk.leaving) return;
  // no way out of the site on a kiosk
  document.querySelectorAll("a[href]").forEach(function (a) {
    if (a.host && a.host !== location.host) a.classList.add("kiosk-hidden");
  });
  // a phone can take the current page away
  var qr = document.querySelector(".kiosk-qr");
  if (qr && !document.querySelector(".calc-form")) {
    var img = document.createElement("img");
    img.alt = "本页网址的二维码";
    img.src = qr.dataset.qrSrc;
    img.onload = function () { qr.hidden = false; };
    qr.insertBefore(img, qr.firstChild);
  }
  // After a few idle minutes the next person starts afresh: the visit's number goes up (every page of
  // the earlier visit, reached by Back or Forward, then leaves for the home page: main.html), the page
  // clears what was typed, and the home page replaces this entry of the history.
  var timer = null, used = false;
  function reset() {
    if (!used && location.href === kiosk.home) { restart(); return; }  // nobody here since the last reset
    store("county-kiosk-visit", String((Number(read("county-kiosk-visit")) || 0) + 1));
    kiosk.leaving = true;
    history.replaceState({ kioskVisit: Number(read("county-kiosk-visit")) }, "");
    document.dispatchEvent(new CustomEvent("county:kiosk-reset"));
    location.replace(kiosk.home);
  }
  function restart() {
    clearTimeout(timer);
    timer = setTimeout(reset, kiosk.idle * 1000);
  }
  ["pointerdown", "keydown", "scroll", "touchstart", "input"].forEach(function (e) {
    window.addEventListener(e, function () { used = true; restart(); }, { passive: true, capture: true });
  });
  // a page brought back by Back or Forward counts from now (its timer would otherwise run on from before)
  window.addEventListener("pageshow", function (event) { if (event.persisted) restart(); });
  restart();
})();
