// Turns <span class="obfuscated-email" data-email="..."> into a mailto: link in the browser.
// The address is in the page only reversed and base64-encoded, so scrapers reading the HTML miss it.
(function () {
  function decode(encoded) {
    var bytes = Uint8Array.from(atob(encoded), function (c) { return c.charCodeAt(0); });
    return Array.from(new TextDecoder().decode(bytes)).reverse().join("");
  }
  function reveal() {
    document.querySelectorAll(".obfuscated-email[data-email]").forEach(function (span) {
      var address = decode(span.getAttribute("data-email"));
      var link = document.createElement("a");
      link.href = "mailto:" + address;
      link.textContent = address;
      span.replaceChildren(link);
      span.removeAttribute("data-email");
    });
  }
  // Material's instant navigation swaps pages without a reload and announces each on document$.
  if (typeof document$ !== "undefined") {
    document$.subscribe(reveal);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();
