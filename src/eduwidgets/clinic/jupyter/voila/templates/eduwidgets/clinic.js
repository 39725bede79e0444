// needs: nothing
// eduwidgets clinic: a lesson that needs a live kernel, in Voilà. Larger text, and the way
// back to the lesson list keeping the page's address fragment (the patient's values and
// the text size), which the browser never sends to the server. Nothing is stored.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  var body = document.body;

  function homeHref() {
    var link = document.getElementById("edu-home");
    var base = link.getAttribute("data-base") || link.getAttribute("href").split("#")[0];
    link.setAttribute("data-base", base);
    var fragment = params.toString();
    link.setAttribute("href", fragment ? base + "#" + fragment : base);
  }

  function setLarge(on) {
    body.classList.toggle("edu-large", on);
    var button = document.getElementById("edu-large-toggle");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? button.dataset.normal : button.dataset.larger;
    if (on) params.set("large", "1");
    else params.delete("large");
    var fragment = params.toString();
    window.history.replaceState(
      null, "", window.location.pathname + window.location.search + (fragment ? "#" + fragment : "")
    );
    homeHref();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("edu-large-toggle");
    button.addEventListener("click", function () {
      setLarge(!body.classList.contains("edu-large"));
    });
    setLarge(params.get("large") === "1");
    // "This week" checklists: markdown task lists render as unlabelled, disabled boxes.
    // Name each box by its item and let the patient tick it on screen (nothing is stored).
    document.querySelectorAll("input.task-list-item-checkbox").forEach(function (box) {
      var item = box.closest("li");
      if (!item) return;
      box.setAttribute("aria-label", item.textContent.trim());
      box.disabled = false;
    });
  });
})();
