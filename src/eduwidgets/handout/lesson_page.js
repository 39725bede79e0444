// needs: patient.js
// A lesson page's script (templates/lesson.html), run at the end of <body>, before the
// widgets are drawn (they boot on DOMContentLoaded): the patient's values from the
// address fragment, links that keep them, larger text.
(function (EduWidgets) {
  "use strict";
  var body = document.body;
  var params = new URLSearchParams(EduWidgets.pageFragment(document));
  EduWidgets.applyPatientToPage(document);
  function fragment() { return params.toString(); }
  function setLarge(on) {
    body.classList.toggle("edu-large", on);
    var button = document.getElementById("edu-large-toggle");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    // The words are the page's (content/pages.toml), in its language.
    button.textContent = on ? button.dataset.normal : button.dataset.larger;
    if (on) params.set("large", "1"); else params.delete("large");
    if (window.location.hash.replace(/^#/, "") !== fragment()) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search +
        (fragment() ? "#" + fragment() : ""));
    }
    EduWidgets.carryFragment(document, fragment());
  }
  document.getElementById("edu-large-toggle").addEventListener("click", function () {
    setLarge(!body.classList.contains("edu-large"));
  });
  setLarge(params.get("large") === "1");
  // A new fragment typed into the address bar: show the lesson for those values.
  window.addEventListener("hashchange", function () {
    if (window.location.hash.replace(/^#/, "") !== fragment()) window.location.reload();
  });
})(globalThis.EduWidgets);
