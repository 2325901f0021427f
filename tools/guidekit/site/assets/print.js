/* guidekit: printing a guide as a handout (the print stylesheet is print.css).
 *
 * - the print button (hidden without JavaScript, where it could do nothing) calls print();
 * - "Printed on <date>" gets today's date in the page's language, Malaysian style;
 * - every link in the text carries its absolute address, which print.css writes after the link
 *   text (a relative "../warning-signs/" means nothing on paper);
 * - content notes open for print and close again after, as the reader left them.
 * Delegated from `document` and re-run on every page of Material's instant navigation.
 */
(function () {
  "use strict";

  function dateLocale() {
    var lang = document.documentElement.lang || "en";
    return lang + "-MY";  // en-MY: "29 November 2026", not US order
  }

  function fillDate() {
    var nodes = document.querySelectorAll(".guidekit-print-info__date");
    var today = new Date();
    var text;
    try {
      text = today.toLocaleDateString(dateLocale(), { day: "numeric", month: "long", year: "numeric" });
    } catch (e) {
      text = today.toISOString().slice(0, 10);
    }
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = text;
      nodes[i].setAttribute("datetime", today.toISOString().slice(0, 10));
      var line = nodes[i].closest(".guidekit-print-info__printed");
      if (line) line.hidden = false;
    }
  }

  function markLinks() {
    var links = document.querySelectorAll(".md-content article a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      var href = a.getAttribute("href");
      // Calls, chats, permalinks and jumps within this page need no address on paper.
      if (!href || href.charAt(0) === "#" || /^(tel|mailto|javascript):/i.test(href)) continue;
      if (a.closest(".guidekit-help, .headerlink, .md-content__button, .guidekit-print-info")) continue;
      var url = new URL(href, location.href);
      if (url.protocol === "https:" && url.hostname === "wa.me") continue;
      a.setAttribute("data-guidekit-href", url.href);
    }
  }

  var opened = [];

  function openNotes() {
    var notes = document.querySelectorAll(".md-content details:not([open])");
    for (var i = 0; i < notes.length; i++) {
      notes[i].open = true;
      opened.push(notes[i]);
    }
  }

  function restoreNotes() {
    while (opened.length) opened.pop().open = false;
  }

  function beforePrint() { fillDate(); markLinks(); openNotes(); }

  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", restoreNotes);
  // page.pdf(), emulated print media and some browsers switch media without the events.
  if (window.matchMedia) {
    var media = window.matchMedia("print");
    var onChange = function (event) { if (event.matches) beforePrint(); else restoreNotes(); };
    if (media.addEventListener) media.addEventListener("change", onChange);
    else if (media.addListener) media.addListener(onChange);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-guidekit-print]");
    if (!button) return;
    event.preventDefault();
    window.print();
  });

  function onPage() {
    var buttons = document.querySelectorAll("[data-guidekit-print]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
    fillDate();
    markLinks();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
