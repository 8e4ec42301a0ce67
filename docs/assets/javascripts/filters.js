// Filters above a publication list: year, kind, topic and co-author, combined. The choice is kept
// in the address (?year=2021&coauthor=...), so a shared link opens the same view and Back undoes
// a choice. Each option says how many papers it would show with the other choices. Without this
// script the whole list shows, as the page is written. It asks nothing of any other site.
(function () {
  var FACETS = [
    { name: "year", label: "Year", all: "All years" },
    { name: "kind", label: "Kind", all: "All kinds" },
    { name: "topic", label: "Topic", all: "All topics" },
    { name: "coauthor", label: "Co-author", all: "Everyone" },
  ];

  function valuesOf(entry) {
    var coauthors = Array.from(entry.querySelectorAll(".pub-authors [data-coauthor]"), function (span) {
      return span.getAttribute("data-coauthor");
    });
    var topics = (entry.getAttribute("data-topics") || "").split(" ").filter(Boolean);
    return { year: [entry.getAttribute("data-year")], kind: [entry.getAttribute("data-kind")],
             topic: topics, coauthor: coauthors };
  }

  function matches(values, chosen, except) {
    return FACETS.every(function (facet) {
      var wanted = chosen[facet.name];
      return facet.name === except || !wanted || values[facet.name].indexOf(wanted) !== -1;
    });
  }

  function chosenFromAddress() {
    var params = new URLSearchParams(window.location.search);
    var chosen = {};
    FACETS.forEach(function (facet) { chosen[facet.name] = params.get(facet.name) || ""; });
    return chosen;
  }

  function setUp(listing, number) {
    if (listing.previousElementSibling && listing.previousElementSibling.classList.contains("pub-filters")) {
      listing.previousElementSibling.remove();  // the page came back from the browser's cache
    }
    var names = JSON.parse(listing.getAttribute("data-pub-filters"));
    var entries = Array.from(listing.querySelectorAll("li.pub"), function (entry) {
      return { element: entry, values: valuesOf(entry) };
    });
    if (entries.length < 2) return;
    var labels = { year: {}, kind: names.kinds || {}, topic: {}, coauthor: names.coauthors || {} };
    listing.querySelectorAll(".pub-topic[data-topic]").forEach(function (span) {
      labels.topic[span.getAttribute("data-topic")] = span.textContent;
    });
    var form = document.createElement("form");
    form.className = "pub-filters";
    form.setAttribute("aria-label", "Filter the papers");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var selects = {};
    FACETS.forEach(function (facet) {
      var seen = {};
      entries.forEach(function (entry) {
        entry.values[facet.name].forEach(function (value) { seen[value] = (seen[value] || 0) + 1; });
      });
      var values = Object.keys(seen);
      if (values.length < 2 && !(facet.name === "topic" && values.length === 1)) return;
      if (facet.name === "year") values.sort(function (a, b) { return b - a; });
      else if (facet.name === "kind") values = Object.keys(labels.kind).filter(function (v) { return seen[v]; });
      else values.sort(function (a, b) {
        return seen[b] - seen[a] || String(labels[facet.name][a] || a).localeCompare(labels[facet.name][b] || b);
      });
      var label = document.createElement("label");
      var select = document.createElement("select");
      select.name = facet.name;
      select.id = "pub-filter-" + number + "-" + facet.name;
      label.htmlFor = select.id;
      label.textContent = facet.label;
      [""].concat(values).forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.dataset.label = value ? (labels[facet.name][value] || value) : facet.all;
        select.appendChild(option);
      });
      select.addEventListener("change", function () { choose(facet.name, select.value); });
      var field = document.createElement("span");
      field.className = "pub-filter";
      field.append(label, select);
      form.appendChild(field);
      selects[facet.name] = select;
    });
    if (!Object.keys(selects).length) return;
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button pub-button pub-button--small";
    reset.textContent = "Show all";
    reset.addEventListener("click", function () {
      FACETS.forEach(function (facet) { if (selects[facet.name]) selects[facet.name].value = ""; });
      choose(null, "");
    });
    var status = document.createElement("p");
    status.className = "pub-filter-status";
    status.setAttribute("role", "status");
    form.append(reset, status);
    listing.parentNode.insertBefore(form, listing);

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
        select.value = chosen[name] || "";
        Array.from(select.options).forEach(function (option) {
          var trial = Object.assign({}, chosen);
          trial[name] = option.value;
          var count = entries.filter(function (entry) { return matches(entry.values, trial); }).length;
          option.textContent = option.dataset.label + " (" + count + ")";
        });
      });
      var active = FACETS.some(function (facet) { return chosen[facet.name]; });
      reset.style.display = active ? "" : "none";  // Material styles buttons: [hidden] would not do
      status.textContent = active ? "Showing " + shown + " of " + entries.length + " papers"
                                  : entries.length + " papers";
    }

    function choose(name, value) {
      var params = new URLSearchParams(window.location.search);
      FACETS.forEach(function (facet) {
        var current = name === null ? "" : (facet.name === name ? value : params.get(facet.name) || "");
        if (current) params.set(facet.name, current); else params.delete(facet.name);
      });
      var query = params.toString();
      history.pushState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      show(chosenFromAddress());
    }

    show(chosenFromAddress());
    return function () { show(chosenFromAddress()); };
  }

  var refreshers = [];
  function setUpAll() {
    refreshers = Array.from(document.querySelectorAll("[data-pub-filters]"), setUp).filter(Boolean);
  }
  window.addEventListener("popstate", function () {
    refreshers.forEach(function (refresh) { refresh(); });
  });
  // Material's instant navigation swaps pages without a reload and announces each on document$.
  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
