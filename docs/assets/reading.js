/* Reading comfort: persistent larger text (适老化), printing, and the kiosk mode of township halls.
 * Kiosk mode: ?kiosk=1 (or ?kiosk=1&idle=秒数), off with ?kiosk=0; remembered on the device. */
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

  var idle = Number(read("county-kiosk"));
  if (!html.classList.contains("kiosk") || !idle) return;
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
  // back to the home page after a few idle minutes
  var home = new URL((document.querySelector(".md-header__button.md-logo") || {}).href || "/", location.href).href;
  var timer = null;
  function restart() {
    clearTimeout(timer);
    timer = setTimeout(function () { if (location.href !== home) location.href = home; }, idle * 1000);
  }
  ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (e) { window.addEventListener(e, restart, { passive: true }); });
  restart();
})();
