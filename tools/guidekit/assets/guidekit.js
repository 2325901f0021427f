/* guidekit: small, dependency-free behaviour shared by every page. */
(function () {
  "use strict";
  var KEY = "guidekit-language";

  // Language switcher: keep the #fragment (heading ids are the same in every language)
  // and remember the reader's choice for the chooser at the site root.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-guidekit-lang]");
    if (!link) return;
    try { localStorage.setItem(KEY, link.getAttribute("data-guidekit-lang")); } catch (e) {}
    if (location.hash) {
      var url = new URL(link.href, location.href);
      url.hash = location.hash;
      link.href = url.href;
    }
  }, true);
})();
