/* Small enhancements; every page reads fully without them. */
(function () {
  "use strict";

  // Copy a clause's full link; without JavaScript the # is an ordinary link to the clause.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.clause-link");
    if (!link || !navigator.clipboard) return;
    event.preventDefault();
    // the public address (site_url), never the host this page came from (127.0.0.1 on a kiosk)
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = (canonical ? canonical.href : location.href).split("#")[0] + link.getAttribute("href");
    history.replaceState(history.state, "", link.getAttribute("href"));
    navigator.clipboard.writeText(url).then(function () {
      link.classList.add("copied");
      setTimeout(function () { link.classList.remove("copied"); }, 2000);
    }, function () { location.hash = link.getAttribute("href"); });
  });

  // Offline after the first visit: the service worker precaches the site and the calculation engine.
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    var script = document.currentScript || document.querySelector('script[src*="assets/site.js"]');
    // a first visit caches only what it uses; a returning visitor, a kiosk or 保存到本机 keeps the whole site
    var returning = !!navigator.serviceWorker.controller, keepAll = false;
    try { keepAll = document.documentElement.classList.contains("kiosk") || !!localStorage.getItem("county-save-engine"); } catch (e) {}
    var saveData = navigator.connection && navigator.connection.saveData;
    var register = function () {
      navigator.serviceWorker.register(new URL("../sw.js", script.src)).then(function () {
        if (keepAll || (returning && !saveData)) {
          navigator.serviceWorker.ready.then(function (registration) { registration.active.postMessage({ type: "complete" }); });
        }
      }).catch(function () {});
    };
    // on a calculator page the first download carries only what the first result needs: the offline
    // copy of the site starts once the result is shown and the person has paused (or the engine could not start)
    if (document.querySelector(".calc-form")) {
      var once = function () { if (register) { register(); register = null; } };
      document.addEventListener("county:calculator-settled", once);
      setTimeout(once, 120000);
    } else {
      register();
    }
  }

  // Calculator pages' tables become one card per row on a phone: each cell learns its column's name.
  document.querySelectorAll(".calculator-doc table").forEach(function (table) {
    var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    if (!names.length) return;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) { if (names[i]) cell.setAttribute("data-label", names[i]); });
    });
    table.classList.add("stacked");
  });

  // A table wider than the screen scrolls in its own box: say so under it, so it does not look cut off.
  function markWideTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("scrolls", wide);
      var hint = wrap.nextElementSibling && wrap.nextElementSibling.classList.contains("table-scroll-hint") ? wrap.nextElementSibling : null;
      if (wide && !hint) {
        hint = document.createElement("p");
        hint.className = "table-scroll-hint";
        hint.textContent = "表格较宽：左右滑动表格可看到其余各列。";
        wrap.insertAdjacentElement("afterend", hint);
      }
      if (hint) hint.hidden = !wide;
    });
  }
  markWideTables();
  window.addEventListener("resize", markWideTables);
  new MutationObserver(markWideTables).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });

  // Catalogue filters, kept in the URL so a filtered list can be shared.
  var form = document.querySelector(".catalogue-filters");
  if (!form) return;
  var items = document.querySelectorAll(".catalogue-list > li");
  var count = document.querySelector("[data-count]");
  var params = new URLSearchParams(location.search);
  form.querySelectorAll("select").forEach(function (select) {
    if (params.has(select.name)) select.value = params.get(select.name);
  });
  function apply() {
    var shown = 0, query = new URLSearchParams(location.search);  // keep other parameters (?q=…)
    var wanted = {};
    form.querySelectorAll("select").forEach(function (select) {
      wanted[select.name] = select.value;
      if (select.value) query.set(select.name, select.value); else query.delete(select.name);
    });
    items.forEach(function (item) {
      var match = Object.keys(wanted).every(function (key) {
        return !wanted[key] || item.dataset[key] === wanted[key];
      });
      item.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = shown;
    var search = query.toString();
    history.replaceState(history.state, "", location.pathname + (search ? "?" + search : ""));
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  apply();
})();
