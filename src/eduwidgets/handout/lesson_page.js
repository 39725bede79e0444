// needs: patient.js
// A lesson page's script (templates/lesson.html), run at the end of <body>, before the
// widgets are drawn (they boot on DOMContentLoaded): the patient's values from the
// address fragment, links that keep them, larger text.
(function (EduWidgets) {
  "use strict";
  var params = new URLSearchParams(EduWidgets.pageFragment(document));
  EduWidgets.applyPatientToPage(document);
  function fragment() { return params.toString(); }
  EduWidgets.wireLargeText(document, params);
  // A new fragment typed into the address bar: show the lesson for those values.
  window.addEventListener("hashchange", function () {
    if (window.location.hash.replace(/^#/, "") !== fragment()) window.location.reload();
  });
})(globalThis.EduWidgets);
