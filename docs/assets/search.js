/* The theme's search box, answered by Pagefind: finds the notice, then the clause inside it.
 * Citizens' words are expanded with the reviewable list in sources/synonyms.toml. ?q=… opens a search. */
(function () {
  "use strict";
  var box = document.querySelector("[data-county-search]");
  if (!box) return;
  var input = box.querySelector("input[name=q]");
  var output = box.querySelector("[data-county-search-result]");
  var meta = output.querySelector(".md-search-result__meta");
  var list = output.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var root = new URL(output.dataset.siteRoot, location.href).href;
  var pagefind = null, synonyms = null, timer = null, latest = 0;
  var SHOWN = 6;  // results whose text is downloaded: the first query stays small at any corpus size

  function load() {
    if (!pagefind) {
      pagefind = import(root + "pagefind/pagefind.js").then(function (pf) {
        return pf.options({ excerptLength: 24, baseUrl: new URL(root).pathname }).then(function () { return pf; });
      });
      synonyms = fetch(root + "assets/search-synonyms.json").then(function (r) { return r.json(); }).catch(function () { return {}; });
    }
    return Promise.all([pagefind, synonyms]);
  }

  // the query as typed, plus each citizen word replaced by the words the notices use
  function variants(query, table) {
    var out = [query];
    Object.keys(table).forEach(function (word) {
      if (query.indexOf(word) < 0) return;
      table[word].forEach(function (official) { out.push(query.split(word).join(official)); });
    });
    return out.filter(function (q, i) { return out.indexOf(q) === i; });
  }

  function terms(queries) {
    var all = [];
    queries.forEach(function (q) { q.split(/\s+/).forEach(function (t) { if (t && all.indexOf(t) < 0) all.push(t); }); });
    return all;
  }

  // a clause id (c3-1, a2-c1, p2-c1-1, t12, z3), not a plain paragraph after one (c13-p1)
  function isClause(id) { return /^(a\d+-)?(p\d+-)?[ctz]\d[\d-]*[b-j]?$/.test(id) || /^a\d+$/.test(id); }

  // the clause a result lands on: the anchored element holding the query words, short ones first
  function landing(data, words) {
    var anchors = data.anchors.filter(function (a) { return a.id && a.id !== "title"; })
      .sort(function (a, b) { return a.location - b.location; });
    if (!anchors.length) return null;
    var best = null, bestScore = -Infinity;
    anchors.forEach(function (anchor, i) {
      var end = i + 1 < anchors.length ? anchors[i + 1].location : Infinity;
      var hits = data.locations.filter(function (l) { return l >= anchor.location && l < end; }).length;
      var text = anchor.text || "";
      var exact = words.filter(function (w) { return text.indexOf(w) >= 0; }).length;
      var score = exact * 100 + Math.min(hits, 3) - text.length / 25;
      if (score > bestScore) { bestScore = score; best = anchor; }
    });
    var heading = best;
    for (var i = anchors.indexOf(best); i >= 0 && !isClause(heading.id) && !/^h[2-6]$/.test(heading.element); i--) {
      heading = anchors[i];
    }
    return { anchor: best, heading: heading };
  }

  function label(text) {
    text = clean(text);
    var stop = text.search(/[。：:]/);
    return stop > 0 && stop < 30 ? text.slice(0, stop + 1) : text.slice(0, 30) + (text.length > 30 ? "…" : "");
  }

  function clean(text) { return (text || "").replace(/[#\s]*(试算)?\s*#?$/, "").trim(); }

  function snippet(text, words) {
    var node = document.createElement("span");
    var at = -1, word = "";
    words.forEach(function (w) { var i = text.indexOf(w); if (i >= 0 && (at < 0 || i < at)) { at = i; word = w; } });
    var start = Math.max(0, at - 30);
    var piece = (start > 0 ? "…" : "") + text.slice(start, start + 90) + (text.length > start + 90 ? "…" : "");
    var pattern = new RegExp("(" + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "g");
    piece.split(pattern).forEach(function (part, i) {
      if (!part) return;
      if (i % 2) { var mark = document.createElement("mark"); mark.textContent = part; node.appendChild(mark); }
      else node.appendChild(document.createTextNode(part));
    });
    return node;
  }

  function show(results, query, words, found) {
    list.textContent = "";
    meta.textContent = results.length
      ? "找到 " + found + " 份文件" + (found > results.length ? "，显示最相关的 " + results.length + " 份" : "（按相关程度排列）")
      : "没有找到“" + query + "”。可以换个说法，或少输几个字。";
    results.forEach(function (r) {
      var d = r.data, land = landing(d, words);
      var url = d.url + (land ? "#" + land.anchor.id : "");
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = url;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = document.createElement("h1");
      title.textContent = d.meta.title;
      article.appendChild(title);
      if (land) {
        var clause = document.createElement("p");
        clause.className = "search-clause";
        clause.textContent = label((land.heading || land.anchor).text);
        article.appendChild(clause);
      }
      var excerpt = document.createElement("p");
      if (land && words.some(function (w) { return (land.anchor.text || "").indexOf(w) >= 0; })) {
        excerpt.appendChild(snippet(clean(land.anchor.text), words));
      } else {
        excerpt.innerHTML = d.excerpt;  // Pagefind's excerpt: page text escaped by Pagefind, with <mark>
      }
      article.appendChild(excerpt);
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function search(query) {
    var id = ++latest;
    query = query.trim();
    if (!query) { list.textContent = ""; meta.textContent = "输入要找的词，例如 契税补贴、伤残等级、红色预警"; return; }
    meta.textContent = "正在搜索……";
    load().then(function (loaded) {
      var pf = loaded[0], table = loaded[1];
      var queries = variants(query, table);
      return Promise.all(queries.map(function (q) { return pf.search(q); })).then(function (answers) {
        // when a citizen's word was recognised, the official wording leads: the citizen's own
        // word is usually absent from the notices and only matches single characters
        var byId = {};
        answers.forEach(function (answer, index) {
          var weight = index === 0 && queries.length > 1 ? 0.5 : 1;
          answer.results.forEach(function (r) {
            var score = r.score * weight;
            if (!byId[r.id] || byId[r.id].score < score) byId[r.id] = { id: r.id, score: score, data: r.data };
          });
        });
        // each result's text is a separate download: fetch the few that are shown (a phone's data plan)
        var ranked = Object.keys(byId).map(function (k) { return byId[k]; })
          .sort(function (a, b) { return b.score - a.score; }).slice(0, SHOWN);
        return Promise.all(ranked.map(function (r) { return r.data().then(function (d) { return { data: d, score: r.score }; }); }))
          .then(function (results) {
            // Chinese has no spaces: a page holding the whole phrase as written beats one that only
            // holds its pieces scattered (土地出让金返还 vs 土地 … 出让 … 返还)
            results.forEach(function (r) {
              r.phrase = queries.some(function (q) { return r.data.content.indexOf(q.replace(/\s+/g, "")) >= 0; });
            });
            results.sort(function (a, b) { return (b.phrase - a.phrase) || (b.score - a.score); });
            if (id === latest) show(results, query, terms(queries), Object.keys(byId).length);
          });
      });
    }).catch(function () {
      if (id === latest) meta.textContent = "搜索暂时不可用（搜索索引未能加载）。可以从首页的文件目录查找。";
    });
  }

  function open() { if (toggle) toggle.checked = true; }
  input.addEventListener("focus", function () { open(); load(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(location.href);
      if (input.value.trim()) url.searchParams.set("q", input.value.trim()); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      search(input.value);
    }, 150);
  });
  box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); search(input.value); });
  box.querySelector("form").addEventListener("reset", function () { setTimeout(function () { search(""); }, 0); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) { toggle.checked = false; input.blur(); }
  });
  list.addEventListener("click", function () { if (toggle) toggle.checked = false; });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    open();
    search(initial);
  }
})();
