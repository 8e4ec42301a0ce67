// Filters above a publication list: year, kind, topic and co-author, combined. The build writes
// the form with every option and its count (pubsite/render/filter_form.py); this script makes it
// work. The choice is kept in the address (?year=2021&coauthor=...), so a shared link opens the
// same view and Back undoes a choice; after each choice every option says how many papers it would
// show with the other choices (an option that would show none cannot be chosen). A page with
// several lists has one choice for all of them. A value no list of the page offers (an old link)
// is dropped from the address. Without this script the stylesheet hides the form and the whole
// list shows. It asks nothing of any other site.
(function () {
  var FACETS = ["year", "kind", "topic", "coauthor"];

  function valuesOf(entry) {
    function words(name) { return (entry.getAttribute(name) || "").split(" ").filter(Boolean); }
    return { year: words("data-year"), kind: words("data-kind"), topic: words("data-topics"),
             coauthor: words("data-coauthors") };
  }

  function matches(values, chosen) {
    return FACETS.every(function (name) {
      return !chosen[name] || values[name].indexOf(chosen[name]) !== -1;
    });
  }

  // What the forms of the page offer, per facet: only these can be chosen.
  var known = {};

  function chosenFromAddress() {
    var params = new URLSearchParams(window.location.search);
    var chosen = {};
    FACETS.forEach(function (name) {
      var value = params.get(name) || "";
      chosen[name] = value && known[name] && known[name].has(value) ? value : "";
    });
    return chosen;
  }

  function address(chosen) {
    var params = new URLSearchParams(window.location.search);
    FACETS.forEach(function (facet) {
      if (chosen[facet]) params.set(facet, chosen[facet]); else params.delete(facet);
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  function setUp(form) {
    var listing = form.parentNode;
    var entries = Array.from(listing.querySelectorAll("li.pub"), function (entry) {
      return { element: entry, values: valuesOf(entry) };
    });
    var selects = {};
    form.querySelectorAll("select").forEach(function (select) {
      selects[select.name] = select;
      known[select.name] = known[select.name] || new Set();
      Array.from(select.options).forEach(function (option) {
        if (option.value) known[select.name].add(option.value);
      });
      select.addEventListener("change", function () { choose(select.name, select.value); });
    });
    var reset = form.querySelector(".pub-filter-reset");
    var status = form.querySelector(".pub-filter-status");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    reset.addEventListener("click", function () { choose(null, ""); });

    function show(chosen) {
      var shown = 0;
      entries.forEach(function (entry) {
        entry.element.hidden = !matches(entry.values, chosen);
        if (!entry.element.hidden) shown += 1;
      });
      listing.querySelectorAll("ul.pub-list").forEach(function (list) {
        var empty = !list.querySelector("li.pub:not([hidden])");
        list.hidden = empty;
        var heading = list.previousElementSibling;
        if (heading && heading.classList.contains("pub-year-heading")) heading.hidden = empty;
      });
      Object.keys(selects).forEach(function (name) {
        var select = selects[name];
        select.value = chosen[name];
        Array.from(select.options).forEach(function (option) {
          var trial = Object.assign({}, chosen);
          trial[name] = option.value;
          var count = entries.filter(function (entry) { return matches(entry.values, trial); }).length;
          option.textContent = option.dataset.label + " (" + count + ")";
          option.disabled = count === 0 && option.value !== "" && option.value !== chosen[name];
        });
      });
      var active = FACETS.some(function (name) { return chosen[name]; });
      reset.hidden = !active;
      status.textContent = active ? "Showing " + shown + " of " + entries.length + " papers"
                                  : entries.length + " papers";
    }

    // The page as written shows everything with its counts: only a choice in the address needs work.
    function refresh(chosen) {
      if (FACETS.some(function (name) { return chosen[name]; }) || !reset.hidden) show(chosen);
    }
    return refresh;
  }

  var refreshers = [];
  function refreshAll() {
    var chosen = chosenFromAddress();
    refreshers.forEach(function (refresh) { refresh(chosen); });
    return chosen;
  }

  function choose(name, value) {
    var chosen = chosenFromAddress();
    FACETS.forEach(function (facet) {
      if (name === null) chosen[facet] = ""; else if (facet === name) chosen[facet] = value;
    });
    history.pushState(history.state, "", address(chosen));
    refreshAll();
  }

  function setUpAll() {
    known = {};
    refreshers = Array.from(document.querySelectorAll(".pub-listing > form.pub-filters"), setUp);
    if (!refreshers.length) return;
    var chosen = refreshAll();
    var cleaned = address(chosen);
    if (cleaned !== window.location.pathname + window.location.search + window.location.hash) {
      history.replaceState(history.state, "", cleaned);  // values no list here offers: not kept
    }
  }
  window.addEventListener("popstate", refreshAll);
  // Material's instant navigation swaps pages without a reload and announces each on document$.
  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
