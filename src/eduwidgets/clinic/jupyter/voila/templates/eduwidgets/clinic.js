// eduwidgets clinic lesson page: larger text, the way back to the lesson list, and the
// patient's first name. Values come from this page's address only; nothing is stored.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var body = document.body;

  function homeHref() {
    // Keep the patient's values and the text size when going back to the list.
    var link = document.getElementById("edu-home");
    var base = link.getAttribute("data-base") || link.getAttribute("href").split("?")[0];
    link.setAttribute("data-base", base);
    var query = params.toString();
    link.setAttribute("href", query ? base + "?" + query : base);
  }

  function setLarge(on) {
    body.classList.toggle("edu-large", on);
    var button = document.getElementById("edu-large-toggle");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "Normal text" : "Larger text";
    if (on) params.set("large", "1");
    else params.delete("large");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    homeHref();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("edu-large-toggle");
    button.addEventListener("click", function () {
      setLarge(!body.classList.contains("edu-large"));
    });
    setLarge(params.get("large") === "1");
    var name = (params.get("first_name") || "").trim();
    var rated = Array.from(params.keys()).some(function (key) {
      return key !== "large" && (params.get(key) || "").trim() !== "";
    });
    // "This week" checklists: markdown task lists render as unlabelled, disabled boxes.
    // Name each box by its item and let the patient tick it on screen (nothing is stored).
    document.querySelectorAll("input.task-list-item-checkbox").forEach(function (box) {
      var item = box.closest("li");
      if (!item) return;
      box.setAttribute("aria-label", item.textContent.trim());
      box.disabled = false;
    });
    var patient = document.getElementById("edu-patient");
    if (rated) {
      // textContent: a typed name is shown as text, never run as HTML.
      patient.textContent = name ? "Set for " + name : "Set for this patient";
      patient.hidden = false;
    }
  });
})();
