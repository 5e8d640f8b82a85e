/* The theme's search box, answered by Pagefind: finds the notice, then the clause inside it.
 * Citizens' words are expanded with the reviewable list in sources/synonyms.toml. ?q=… opens a search.
 * A question's own words (怎么申请, 哪些人 …, sources/question-words.toml) are not searched for: they say which
 * kind of clause answers it, and a clause headed so comes first. Traditional characters are folded to
 * simplified with the build's table, as the index was (補貼 finds 补贴 and a notice written 補貼).
 * A query that would end empty is relaxed: the words that match nothing are dropped, and the page says which.
 * A question about an amount (赔多少, 能补多少 …) also offers the calculator of the clause it lands on. */
(function () {
  "use strict";
  var box = document.querySelector("[data-county-search]");
  if (!box) return;
  var input = box.querySelector("input[name=q]");
  var output = box.querySelector("[data-county-search-result]");
  var meta = output.querySelector(".md-search-result__meta");
  var list = output.querySelector(".md-search-result__list");
  var offer = document.createElement("p");
  offer.className = "search-offer";
  offer.hidden = true;
  list.parentNode.insertBefore(offer, list);
  var toggle = document.getElementById("__search");
  var root = new URL(output.dataset.siteRoot, location.href).href;
  var opened = null, timer = null, latest = 0;
  var SHOWN = 6;         // results whose text is downloaded: the first query stays small at any corpus size
  var MAX_QUERIES = 8;   // spellings of one question sent to the index
  var HINT = "输入要找的词，例如 契税补贴、伤残等级、红色预警";
  var segmenter = typeof Intl === "object" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  // The one place that opens the index (and, for a province, would open and merge several):
  // resolves to { search(query) -> Promise<[{id, score, data()}]>, hints }.
  function openIndex() {
    if (!opened) {
      // the county's bundle or shards, or on a province's home every county's, merged (search-bundles.js)
      var pagefind = window.PolicySearchIndex.open(root, output);
      var hints = fetch(root + "assets/search-hints.json").then(function (r) { return r.json(); })
        .catch(function () { return { synonyms: {}, amount_words: [], calculators: {}, questions: { kinds: [], fillers: [] }, fold: ["", ""] }; });
      opened = Promise.all([pagefind, hints]).then(function (loaded) {
        var pf = loaded[0];
        return {
          hints: loaded[1],
          fold: folder(loaded[1].fold || ["", ""]),
          search: function (query) { return pf.search(query).then(function (answer) { return answer.results; }); }
        };
      });
      opened.catch(function () { opened = null; });  // try again at the next query (back online)
    }
    return opened;
  }

  // --- the words of a question --------------------------------------------------------------
  // Citizens' words from the list, and the ways of asking, are kept whole (longest first); the rest is cut
  // into words.
  function tokens(query, synonyms, questions) {
    var known = Object.keys(synonyms).concat(askWords(questions), questions.fillers.filter(function (w) { return w.length > 1; }))
      .sort(function (a, b) { return b.length - a.length; });
    var out = [];
    function cut(piece) {
      if (!piece) return;
      for (var i = 0; i < known.length; i++) {
        var at = piece.indexOf(known[i]);
        if (at >= 0) {
          cut(piece.slice(0, at));
          out.push(known[i]);
          cut(piece.slice(at + known[i].length));
          return;
        }
      }
      if (!segmenter) { out.push(piece); return; }
      // the browser's dictionary cuts words it does not know into characters (停课 → 停 课): keep such runs whole
      var run = "";
      Array.from(segmenter.segment(piece)).forEach(function (s) {
        if (!s.isWordLike) { if (run) out.push(run); run = ""; return; }
        if (s.segment.length === 1) { run += s.segment; return; }
        if (run) out.push(run);
        run = "";
        out.push(s.segment);
      });
      if (run) out.push(run);
    }
    query.split(/\s+/).forEach(cut);
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }

  // --- what a question asks ------------------------------------------------------------------
  function askWords(questions) {
    return [].concat.apply([], questions.kinds.map(function (k) { return k.asks; }));
  }

  // the words to search for: not the ways of asking nor the words that only make a question (a citizen's
  // word of the synonym list is always searched for, in the notices' words)
  function contentWords(words, synonyms, questions) {
    var asks = askWords(questions);
    return words.filter(function (w) { return synonyms[w] || (asks.indexOf(w) < 0 && questions.fillers.indexOf(w) < 0); });
  }

  // the question's words, each with its spellings in the notices' words; then any other word searched
  function groupsOf(words, queries, synonyms) {
    var groups = meaningful(words).map(function (w) { return alternatives(w, synonyms); });
    var known = [].concat.apply([], groups);
    terms(queries).forEach(function (t) { if (known.indexOf(t) < 0) { groups.push([t]); known.push(t); } });
    return groups;
  }

  // the words that head the clauses answering what the question asks (怎么申请 -> 申报, 流程, 资料 …)
  function wanted(query, questions) {
    var out = [];
    questions.kinds.forEach(function (kind) {
      if (kind.asks.some(function (a) { return query.indexOf(a) >= 0; })) out = out.concat(kind.headings);
    });
    return out;
  }

  // the question without its closing punctuation and particles (…交钱吗？ -> …交钱)
  function withoutParticles(query, questions) {
    var particles = questions.fillers.filter(function (w) { return w.length === 1; });
    var before;
    do {
      before = query;
      query = query.replace(/[\s?？!！。，,]+$/, "");
      if (particles.indexOf(query.slice(-1)) >= 0 && query.length > 1) query = query.slice(0, -1);
    } while (query !== before);
    return query;
  }

  // a query in traditional characters searched as the index holds every notice: in simplified ones
  function folder(fold) {
    var from = Array.from(fold[0] || ""), to = Array.from(fold[1] || ""), table = {};
    from.forEach(function (c, i) { table[c] = to[i]; });
    return function (text) { return Array.from(text).map(function (c) { return table[c] || c; }).join(""); };
  }

  // single characters (了, 的, 能 …) only when the question has nothing else
  function meaningful(words) {
    var longer = words.filter(function (w) { return w.length > 1; });
    return longer.length ? longer : words;
  }

  function alternatives(token, synonyms) { return [token].concat(synonyms[token] || []); }

  // the question as typed, each citizen word replaced by the words the notices use, and all replaced at once
  function spellings(query, words, synonyms) {
    var out = [query];
    words.forEach(function (word) {
      (synonyms[word] || []).forEach(function (official) { out.push(query.split(word).join(official)); });
    });
    var content = meaningful(words);
    var recognised = content.filter(function (w) { return synonyms[w]; });
    if (recognised.length > 1 || (recognised.length && content.length > 1)) {
      var depth = Math.max.apply(null, recognised.map(function (w) { return synonyms[w].length; }));
      for (var k = 0; k < depth; k++) {
        out.push(content.map(function (w) { var alt = synonyms[w]; return alt ? alt[Math.min(k, alt.length - 1)] : w; }).join(" "));
      }
    }
    return out.filter(function (q, i) { return out.indexOf(q) === i; }).slice(0, MAX_QUERIES);
  }

  function terms(queries) {
    var all = [];
    queries.forEach(function (q) { q.split(/\s+/).forEach(function (t) { if (t && all.indexOf(t) < 0) all.push(t); }); });
    return all;
  }

  // --- landing on the clause ----------------------------------------------------------------
  // a clause id (c3-1, a2-c1, p2-c1-1, t12, z3), not a plain paragraph after one (c13-p1)
  function isClause(id) { return /^(a\d+-)?(p\d+-)?[ctz]\d[\d-]*[b-j]?$/.test(id) || /^a\d+$/.test(id); }
  function depth(id) { return id.split("-").length; }

  // a word the browser could not cut (家电以旧换新, kept whole) that no clause holds as typed: the words the
  // index cut the notice into that it is made of (家电, 以旧换新), each a word of the question
  function inPieces(groups, anchors, content) {
    var segments = null;
    return [].concat.apply([], groups.map(function (group) {
      if (group.length > 1 || group[0].length < 4 || anchors.some(function (a) { return (a.text || "").indexOf(group[0]) >= 0; })) {
        return [group];
      }
      if (!segments) {
        var seen = {};
        segments = content.split(/[\u200b\s.,，。、；：:;（）()《》“”]+/).filter(function (w) {
          if (w.length < 2 || seen[w]) return false;
          return (seen[w] = true);
        });
      }
      var pieces = distinct(segments.filter(function (w) { return group[0].indexOf(w) >= 0; }));
      // and what is left between them (以旧换新, which the index cut into characters)
      var rest = pieces.reduce(function (left, w) { return left.split(w).join(" "); }, group[0]);
      pieces = pieces.length ? pieces.concat(rest.split(" ").filter(function (w) { return w.length > 1; })) : [];
      return pieces.length ? pieces.map(function (w) { return [w]; }) : [group];
    }));
  }

  // a clause's own heading: its text up to the first full stop or colon, without its number
  // (“（一）因病防贫综合保险。参保对象…” -> 因病防贫综合保险); a plain paragraph has one only as a short
  // label before a colon (“契税税率：首套房…”, “受理部门：县住建局”)
  function headingOf(anchor) {
    var text = anchor.text || "";
    if (!isClause(anchor.id) && !/^h[2-6]$/.test(anchor.element)) {
      var colon = text.search(/[：:]/);
      return colon > 0 && colon <= 10 ? text.slice(0, colon) : "";
    }
    var heading = text.slice(0, Math.max(0, text.search(/[。：:#]/))) || text;
    heading = heading.replace(/^\s*([（(][^）)]{1,4}[）)]|[一二三四五六七八九十百\d.]+[、.．]?|[①-⑳])\s*/, "");
    return heading.length <= 16 ? heading : "";  // longer, it is the clause's sentence, not its title
  }

  // the headings of the clauses an anchor belongs to, nearest first (p2-c2-1-5-p3 -> p2-c2-1-5, p2-c2-1)
  function parentHeadings(id, byId) {
    var out = [];
    for (var parent = id.replace(/-[^-]*$/, ""); parent !== id && out.length < 2; id = parent, parent = id.replace(/-[^-]*$/, "")) {
      if (byId[parent]) out.push(headingOf(byId[parent]));
    }
    return out.filter(Boolean);
  }

  function holdsAny(text, words) { return words.some(function (w) { return text.indexOf(w) >= 0; }); }

  // The anchored element that best answers the question: it holds the most of the question's words
  // (counted in characters, so that 住房公积金贷款 beats 住房 … 贷款); its heading, or the heading of the
  // clause it belongs to, is what the question asks for (哪些人可以参加 -> 保险对象); a clause whose heading
  // is mostly those words; the words occurring often; a clause that a calculator computes (it grants
  // something: not an item of the list of papers to bring); nearer the top of the structure; shorter.
  function landing(data, groups, computed, asked, typed) {
    var anchors = data.anchors.filter(function (a) { return a.id && a.id !== "title"; })
      .sort(function (a, b) { return a.location - b.location; });
    if (!anchors.length) return null;
    groups = inPieces(groups, anchors, data.content);
    var words = [].concat.apply([], groups).filter(function (w, i, all) { return all.indexOf(w) === i; });
    var byId = {};
    anchors.forEach(function (a) { byId[a.id] = a; });
    // a word all over the notice (重污染天气 in its own plan) tells less where the answer is than a rare one
    var rarity = {};
    words.forEach(function (w) {
      var holders = anchors.filter(function (a) { return (a.text || "").indexOf(w) >= 0; }).length;
      rarity[w] = 0.4 + 0.6 * Math.log(1 + anchors.length / Math.max(1, holders)) / Math.log(1 + anchors.length);
    });
    // one word of the question and its notice spellings are one thing asked (红色预警, Ⅰ级): the best held counts
    function weight(held, plain) {
      return groups.reduce(function (sum, group) {
        return sum + Math.max.apply(null, [0].concat(group.filter(function (w) { return held.indexOf(w) >= 0; })
          .map(function (w) { return w.length * (plain ? 1 : rarity[w]); })));
      }, 0);
    }
    // what the question asks for, held by a heading: more of those words, and one the question itself
    // says (理赔 of 怎么理赔), count more
    function kindOf(heading) {
      var held = asked.filter(function (w) { return heading.indexOf(w) >= 0; });
      if (!held.length) return 0;
      return 60 + (held.some(function (w) { return typed.indexOf(w) >= 0; }) ? 40 : 0);
    }
    var best = null, bestScore = -Infinity, bestCover = 0;
    anchors.forEach(function (anchor, i) {
      var end = i + 1 < anchors.length ? anchors[i + 1].location : Infinity;
      var hits = data.locations.filter(function (l) { return l >= anchor.location && l < end; }).length;
      var text = anchor.text || "";
      var held = distinct(words.filter(function (w) { return text.indexOf(w) >= 0; }));
      var covered = weight(held);
      var heading = headingOf(anchor), parents = parentHeadings(anchor.id, byId);
      // the question's words that only the headings above it hold (红色预警 … 停课: Ⅰ级 … 临时停课)
      var above = distinct(words.filter(function (w) { return text.indexOf(w) < 0 && holdsAny(parents.join(" "), [w]); }));
      var context = weight(above);
      // …in the upper levels of the document (not an item of a list: 二、（二）6.购房补贴申请表)
      var named = depth(anchor.id) <= 3 && held.some(function (w) { return heading.indexOf(w) >= 0 && w.length * 2 >= heading.length; });
      var kind = kindOf(heading) || (parents.some(function (h) { return kindOf(h); }) ? 30 : 0);
      var score = covered * 15 + context * 6 + kind + (named ? 40 : 0) + Math.min(hits, 12) * 2 + (computed[anchor.id] ? 10 : 0)
        - depth(anchor.id) - text.length / 25;
      // how much of the question the best clause holds, in characters: comparable between notices
      if (score > bestScore) { bestScore = score; best = anchor; bestCover = weight(held, true) + weight(above, true); }
    });
    var heading = best;
    for (var i = anchors.indexOf(best); i >= 0 && !isClause(heading.id) && !/^h[2-6]$/.test(heading.element); i--) {
      heading = anchors[i];
    }
    return { anchor: best, heading: heading, words: bestCover };
  }

  // words held, without those inside another held word (首套 inside 首套房)
  function distinct(held) {
    held = held.filter(function (w, i) { return held.indexOf(w) === i; });
    return held.filter(function (w) { return !held.some(function (o) { return o !== w && o.indexOf(w) >= 0; }); });
  }

  function label(text) {
    text = clean(text);
    var stop = text.search(/[。：:]/);
    return stop > 0 && stop < 30 ? text.slice(0, stop + 1) : text.slice(0, 30) + (text.length > 30 ? "…" : "");
  }

  function clean(text) { return (text || "").replace(/[#\s]*(试算)?\s*#?$/, "").trim(); }

  function snippet(text, words) {
    var node = document.createElement("span");
    var at = -1;
    words.forEach(function (w) { var i = text.indexOf(w); if (i >= 0 && (at < 0 || i < at)) at = i; });
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

  function cover(result) { return result.land ? result.land.words : 0; }

  // --- showing ------------------------------------------------------------------------------
  function quoted(words) { return words.map(function (w) { return "“" + w + "”"; }).join(""); }

  function page(url) { return decodeURI(url).replace(new URL(root).pathname, "").replace(/\/$/, ""); }

  // the clauses of a page that a calculator computes: {anchor: true}
  function computedClauses(data, hints) {
    var out = {};
    (hints.calculators[page(data.url)] || []).forEach(function (calc) {
      Object.keys(calc.clauses).forEach(function (id) { out[id] = true; });
    });
    return out;
  }

  // calculators for a question about an amount: the one whose clause the result lands on (filled in
  // as far as the clause tells), else the one built on the notice
  function calculatorsFor(result, hints) {
    var calcs = hints.calculators[page(result.data.url)] || [];
    var landed = [];
    calcs.forEach(function (calc) {
      var id = result.land ? result.land.anchor.id : "";
      while (id && !calc.clauses[id]) id = id.replace(/-?[^-]*$/, "");
      if (id) landed.push({ title: calc.title, url: root + calc.clauses[id] });
    });
    if (landed.length) return landed;
    return calcs.filter(function (c) { return c.home; }).map(function (c) { return { title: c.title, url: root + c.url }; });
  }

  function showOffer(results, query, hints) {
    offer.textContent = "";
    offer.hidden = true;
    if (!hints.amount_words.some(function (w) { return query.indexOf(w) >= 0; })) return;
    var seen = {};
    results.slice(0, 3).forEach(function (r) {
      calculatorsFor(r, hints).forEach(function (calc) {
        if (seen[calc.title]) return;
        seen[calc.title] = true;
        if (offer.hidden) { offer.appendChild(document.createTextNode("想算一算能拿多少？用计算器：")); offer.hidden = false; }
        else offer.appendChild(document.createTextNode("、"));
        var link = document.createElement("a");
        link.href = calc.url;
        link.textContent = calc.title;
        offer.appendChild(link);
      });
    });
  }

  function show(results, query, words, found, note) {
    list.textContent = "";
    meta.textContent = (note ? note + " " : "") + (results.length
      ? "找到 " + found + " 份文件" + (found > results.length ? "，显示最相关的 " + results.length + " 份" : "（按相关程度排列）")
      : "没有找到“" + query + "”。可以换个说法，或少输几个字。");
    results.forEach(function (r) {
      var d = r.data, land = r.land;
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = d.url + (land ? "#" + land.anchor.id : "");
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = document.createElement("h1");
      title.textContent = d.meta.title;
      article.appendChild(title);
      var heading = land ? label((land.heading || land.anchor).text) : "";
      if (heading) {
        var clause = document.createElement("p");
        clause.className = "search-clause";
        clause.textContent = heading;
        article.appendChild(clause);
      }
      var excerpt = document.createElement("p");
      excerpt.className = "search-excerpt";
      var text = land ? clean(land.anchor.text) : "";
      // the heading is shown once: the excerpt goes on after it
      var shownHeading = heading.replace(/…$/, "");
      if (shownHeading && text.indexOf(shownHeading) === 0) text = text.slice(shownHeading.length).trim();
      if (text && words.some(function (w) { return text.indexOf(w) >= 0; })) {
        excerpt.appendChild(snippet(text, words));
      } else if (!land) {
        excerpt.innerHTML = d.excerpt;  // Pagefind's excerpt: page text escaped by Pagefind, with <mark>
      } else if (text) {
        excerpt.textContent = text.length > 90 ? text.slice(0, 90) + "…" : text;
      }
      if (excerpt.firstChild) article.appendChild(excerpt);
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  // --- searching ----------------------------------------------------------------------------
  // every spelling, merged per page: a citizen's own word (usually absent from the notices, matching
  // single characters only) counts half when a spelling in the notices' words exists
  function ask(index, queries, original) {
    return Promise.all(queries.map(function (q) { return index.search(q); })).then(function (answers) {
      var byId = {};
      answers.forEach(function (results, i) {
        var weight = queries[i] === original && queries.length > 1 ? 0.5 : 1;
        results.forEach(function (r) {
          var score = r.score * weight;
          if (!byId[r.id] || byId[r.id].score < score) byId[r.id] = { id: r.id, score: score, data: r.data, words: 1 };
        });
      });
      return byId;
    });
  }

  // some words together: each word separately, pages holding more of the words first
  function askAny(index, words, synonyms) {
    return Promise.all(words.map(function (w) {
      return ask(index, alternatives(w, synonyms), w);
    })).then(function (perWord) {
      var byId = {};
      perWord.forEach(function (found) {
        Object.keys(found).forEach(function (id) {
          var r = found[id];
          if (byId[id]) { byId[id].score += r.score; byId[id].words += 1; }
          else byId[id] = { id: id, score: r.score, data: r.data, words: 1 };
        });
      });
      return byId;
    });
  }

  // the words of the question that match nothing anywhere, in any spelling
  function unmatched(index, words, synonyms) {
    return Promise.all(words.map(function (w) {
      return Promise.all(alternatives(w, synonyms).map(function (a) { return index.search(a); }))
        .then(function (answers) { return answers.every(function (r) { return !r.length; }); });
    })).then(function (empty) { return words.filter(function (w, i) { return empty[i]; }); });
  }

  function droppedNote(dropped) {
    return dropped.length ? "没有找到含" + quoted(dropped) + "的文件，已去掉" + (dropped.length > 1 ? "这些词" : "这个词") + "搜索。" : "";
  }

  // nothing holds all the words: search without the words that match nothing; if the rest are still
  // not found together, pages holding more of them come first
  function relax(index, query, words, dropped, synonyms) {
    var kept = meaningful(words.filter(function (w) { return dropped.indexOf(w) < 0; }));
    if (!kept.length) return Promise.resolve({ byId: {}, queries: [query], note: "" });
    var joined = kept.join(" ");
    var queries = spellings(joined, kept, synonyms);
    return ask(index, queries, joined).then(function (byId) {
      if (Object.keys(byId).length || kept.length < 2) return { byId: byId, queries: queries, note: droppedNote(dropped) };
      return askAny(index, kept, synonyms).then(function (any) {
        return { byId: any, queries: queries, note: droppedNote(dropped) + "没有同时含" + quoted(kept) + "的文件，下面的文件含其中一部分。" };
      });
    });
  }

  function search(typed) {
    var id = ++latest;
    typed = typed.trim();
    offer.hidden = true;
    if (!typed) { list.textContent = ""; meta.textContent = HINT; return; }
    meta.textContent = "正在搜索……";
    openIndex().then(function (index) {
      var synonyms = index.hints.synonyms, questions = index.hints.questions;
      var folded = withoutParticles(index.fold(typed), questions);
      var all = tokens(folded, synonyms, questions);
      // the question's words, without its ways of asking (a question of only those: searched as typed)
      var words = contentWords(all, synonyms, questions);
      if (!words.length) words = all;
      var query = words.length < all.length ? words.join(" ") : folded;
      var asked = wanted(folded, questions);
      var queries = spellings(query, words, synonyms);
      // the index passes over a word it does not know when others match: for words typed apart, find
      // such words to say so (a phrase typed as one is checked only when nothing is found)
      var checked = /\s/.test(query) && words.length > 1 ? unmatched(index, words, synonyms) : Promise.resolve([]);
      return Promise.all([ask(index, queries, query), checked]).then(function (answered) {
        var byId = answered[0], dropped = answered[1].filter(function (w) { return w.length > 1; });
        if (Object.keys(byId).length) return { byId: byId, queries: queries, note: droppedNote(dropped) };
        return (/\s/.test(query) ? Promise.resolve(dropped) : unmatched(index, words, synonyms)).then(function (missing) {
          return relax(index, query, words, missing.filter(function (w) { return w.length > 1; }), synonyms);
        });
      }).then(function (found) {
        // each result's text is a separate download: fetch the few that are shown (a phone's data plan)
        var ranked = Object.keys(found.byId).map(function (k) { return found.byId[k]; })
          .sort(function (a, b) { return (b.words - a.words) || (b.score - a.score); }).slice(0, SHOWN);
        return Promise.all(ranked.map(function (r) {
          return r.data().then(function (d) { return { data: d, score: r.score, words: r.words }; });
        })).then(function (results) {
          // Chinese has no spaces: a page holding the whole phrase as written beats one that only
          // holds its pieces scattered (土地出让金返还 vs 土地 … 出让 … 返还)
          results.forEach(function (r) {
            var content = r.data.content.replace(/\u200b/g, "");  // Pagefind separates the words it cut
            // …in the notices' words: the citizen's own word as written counts only when it is the one spelling
            r.phrase = found.queries.slice(found.queries.length > 1 ? 1 : 0)
              .some(function (q) { return content.indexOf(q.replace(/\s+/g, "")) >= 0; });
            r.land = landing(r.data, groupsOf(words, found.queries, synonyms), computedClauses(r.data, index.hints), asked, folded);
          });
          // then a page with one clause holding all the words beats one where they are scattered
          results.sort(function (a, b) {
            return (b.words - a.words) || (b.phrase - a.phrase) || (cover(b) - cover(a)) || (b.score - a.score);
          });
          if (id !== latest) return;
          show(results, typed, terms(found.queries.concat(words)), Object.keys(found.byId).length, found.note);
          showOffer(results, folded, index.hints);
        });
      });
    }).catch(function () {
      if (id !== latest) return;
      list.textContent = "";
      meta.textContent = navigator.onLine === false
        ? "现在没有网络，这台设备上还没有保存搜索要用的文件，所以搜不了。连上网络后再打开本网站的任意一页，整个网站就会存到这台设备上，以后断网也能搜索。也可以从首页的文件目录查找。"
        : "搜索暂时不可用（搜索索引未能加载）。请稍后再试，或从首页的文件目录查找。";
    });
  }

  function open() { if (toggle) toggle.checked = true; }
  input.addEventListener("focus", function () { open(); openIndex().catch(function () {}); });
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
  output.addEventListener("click", function (event) { if (toggle && event.target.closest("a")) toggle.checked = false; });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    open();
    search(initial);
  }
})();
