/* Which Pagefind indexes a page searches, opened and merged with Pagefind's documented multisite merge
 * (mergeIndex), so that search.js sees one index whatever the site:
 *  - a county: its bundle, or its shards (pagefind/, pagefind-2/ …: a large county is indexed in parts);
 *  - a province's home: every county's bundles, each tagged with a 县 filter (mergeFilter), or only the
 *    county chosen in the search panel's 县 list (then only that county's index is downloaded).
 * The bundles come from the page (data-bundles, data-counties); labels come from the counties' profiles. */
window.PolicySearchIndex = (function () {
  "use strict";
  var OPTIONS = { excerptLength: 24 };

  function merged(root, first, rest, suffix) {
    // first, rest: [{ bundle, base, tag }] — bundle relative to root, base = the site path its URLs are under
    return import(root + first.bundle + "pagefind.js" + suffix).then(function (pf) {
      var options = Object.assign({}, OPTIONS, { baseUrl: first.base }, first.tag ? { mergeFilter: { 县: first.tag } } : {});
      return pf.options(options).then(function () {
        return Promise.all(rest.map(function (other) {
          return pf.mergeIndex(root + other.bundle, Object.assign({ baseUrl: other.base },
            other.tag ? { mergeFilter: { 县: other.tag } } : {}));
        }));
      }).then(function () { return pf; });
    });
  }

  function open(root, output) {
    var rootPath = new URL(root).pathname;
    var counties = JSON.parse(output.dataset.counties || "null");
    var bundles = JSON.parse(output.dataset.bundles || "null") || ["pagefind/"];
    var select = document.querySelector("[data-search-county]");
    var opened = {};

    function parts(county) {
      return county.bundles.map(function (bundle) {
        return { bundle: bundle, base: rootPath + county.path, tag: county.short_name };
      });
    }

    function instance(scope) {
      if (!opened[scope]) {
        var list;
        if (!counties) {
          list = bundles.map(function (bundle) { return { bundle: bundle, base: rootPath }; });
        } else if (scope) {
          list = parts(counties.filter(function (c) { return c.path === scope; })[0]);
        } else {
          list = [].concat.apply([], counties.map(parts));
        }
        // the whole province gets its own module instance (a query string), apart from a county searched alone
        opened[scope] = merged(root, list[0], list.slice(1), counties && !scope ? "?counties=all" : "");
        opened[scope].catch(function () { delete opened[scope]; });
      }
      return opened[scope];
    }

    // the county of a result, from its address (/<county path>/<notice>/)
    function countyOf(url) {
      var found = counties.filter(function (c) { return url.indexOf(rootPath + c.path) === 0; })[0];
      return found ? found.short_name : "";
    }

    function labelled(answer) {
      if (!counties) return answer;
      answer.results = answer.results.map(function (result) {
        var data = result.data;
        return Object.assign({}, result, {
          data: function () {
            return data().then(function (d) {
              var county = countyOf(d.url);
              d.county = county;
              if (county) d.meta = Object.assign({}, d.meta, { title: county + "｜" + d.meta.title });
              return d;
            });
          }
        });
      });
      return answer;
    }

    if (select) {
      select.addEventListener("change", function () {
        var input = document.querySelector("[data-county-search] input[name=q]");
        if (input && input.value.trim()) input.dispatchEvent(new Event("input"));
      });
    }
    var first = instance(counties && select ? select.value : "");
    return first.then(function () {
      return {
        counties: counties,
        search: function (query, options) {
          var scope = counties && select ? select.value : "";
          return instance(scope).then(function (pf) { return pf.search(query, options); })
            .then(labelled);
        }
      };
    });
  }

  return { open: open };
})();
