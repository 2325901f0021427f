/* guidekit: small, dependency-free behaviour shared by every page (help in search: crisis.js).
 *
 * Every listener is delegated from `document`, so it keeps working across Material's instant
 * navigation (which swaps the page content but keeps this script, the header, the help dialog
 * and the #guidekit-data block that main.html puts outside the swapped container).
 */
(function () {
  "use strict";
  var KEY = "guidekit-language";

  function data() {
    var el = document.getElementById("guidekit-data");
    if (!el) return {};
    try { return JSON.parse(el.textContent); } catch (e) { return {}; }
  }

  // Language switcher: the same page in the other language, keeping the #fragment (heading
  // ids are the same in every language), and remember the choice for the chooser at the root.
  // Handled here, before Material's own language handling on document.body can send the
  // reader to the language's home page when the site is served away from site_url.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-guidekit-lang]");
    if (!link) return;
    try { localStorage.setItem(KEY, link.getAttribute("data-guidekit-lang")); } catch (e) {}
    var url = new URL(link.getAttribute("href"), location.href);
    if (location.hash) url.hash = location.hash;
    link.href = url.href;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;  // new tab or window: the browser follows the updated href
    }
    event.preventDefault();
    event.stopPropagation();
    location.assign(url.href);
  }, true);

  /* ---- "Get help now": the header link opens the help dialog ------------------------------ */

  var opener = null;

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-guidekit-help]");
    var dialog = document.getElementById("guidekit-help-dialog");
    if (!link || !dialog || typeof dialog.showModal !== "function") return;  // no JS: footer
    event.preventDefault();
    event.stopPropagation();  // not a navigation for Material's instant loading
    opener = link;
    if (!dialog.open) dialog.showModal();
    var title = dialog.querySelector(".guidekit-help__title");
    if (title) {
      // Focus the title, not the first tel: link, so Enter cannot place a call by accident.
      title.setAttribute("tabindex", "-1");
      title.focus();
    }
  }, true);

  document.addEventListener("click", function (event) {
    // A click on the backdrop (the dialog element itself, outside its content) closes it.
    var dialog = document.getElementById("guidekit-help-dialog");
    if (dialog && dialog.open && event.target === dialog) {
      var box = dialog.getBoundingClientRect();
      var inside = event.clientX >= box.left && event.clientX <= box.right &&
                   event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) dialog.close();
    }
  });

  document.addEventListener("close", function (event) {
    if (event.target.id === "guidekit-help-dialog" && opener) {
      opener.focus();
      opener = null;
    }
  }, true);

  /* ---- Content notes ---------------------------------------------------------------------- */

  // A collapsed note is described by the "Open content note" hint; an open one is not.
  function describe(details) {
    var summary = details.querySelector(":scope > summary");
    if (!summary) return;
    var hint = (data().hint_id) || "guidekit-content-note-hint";
    if (details.open) summary.removeAttribute("aria-describedby");
    else summary.setAttribute("aria-describedby", hint);
  }

  document.addEventListener("toggle", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("details.content-note")) describe(el);
  }, true);

  function onPage() {
    var notes = document.querySelectorAll("details.content-note");
    for (var i = 0; i < notes.length; i++) describe(notes[i]);
  }

  // Material's instant navigation announces each new page on document$; fall back to load.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
