// needs: core.js, patient.js
// The lesson list's script (templates/landing.html): the clinician's form writes the
// patient's values into the address fragment and every lesson link's.
(function (EduWidgets) {
  "use strict";
  // The patient's values live in this page's address fragment (after "#") and in every
  // lesson link's; a browser never sends a fragment to a server. Nothing is stored.
  var rules = EduWidgets.patientRules(document);
  var words = JSON.parse(document.getElementById("edu-landing-words").textContent);
  var form = document.querySelector(".patient-form");
  var toggle = document.getElementById("large-toggle");
  var problem = document.getElementById("edu-form-problem");
  var setFor = document.getElementById("edu-set-for");
  var params = new URLSearchParams();

  function linkFragment(checked) {
    var out = new URLSearchParams(checked.patient ? params : "");
    if (params.get("large") === "1") out.set("large", "1");
    return out.toString();
  }
  function show(fragment) {
    params = new URLSearchParams(fragment);
    var checked = EduWidgets.patientFromFragment(fragment, rules);
    problem.hidden = !checked.error;
    problem.querySelector(".edu-problem-text").textContent = checked.error || "";
    setFor.hidden = !checked.patient;
    if (checked.patient) {
      // textContent: a typed name is shown as text, never run as HTML.
      setFor.querySelector("h2").textContent = checked.patient.first_name
        ? EduWidgets.fill(words.set_for, { name: checked.patient.first_name }) : words.set_for_patient;
    }
    if (checked.error) document.querySelector("details.clinician").open = true;
    // The form shows the fields as the check read them (a value that is not UTF-8: blank).
    var typed = new Map(EduWidgets.fragmentPairs(fragment).map(function (pair) { return [pair.key, pair.value]; }));
    Object.keys(rules.fields.fields).forEach(function (name) {
      if (form.elements[name]) form.elements[name].value = typed.get(name) || "";
    });
    var large = params.get("large") === "1";
    document.body.classList.toggle("edu-large", large);
    toggle.setAttribute("aria-pressed", large ? "true" : "false");
    toggle.textContent = large ? words.normal_text : words.larger_text;
    // A refused fragment stays in the address as written, so it says what the message says.
    var text = checked.error ? fragment.replace(/^#/, "") : params.toString();
    if (window.location.hash.replace(/^#/, "") !== text) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search + (text ? "#" + text : ""));
    }
    var carried = linkFragment(checked);
    // The lesson links, and the same list in another language, carry the patient along.
    document.querySelectorAll("a.card, nav.languages a").forEach(function (link) {
      var base = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", carried ? base + "#" + carried : base);
    });
    return checked;
  }
  toggle.addEventListener("click", function () {
    if (params.get("large") === "1") params.delete("large"); else params.set("large", "1");
    show(params.toString());
  });
  form.addEventListener("submit", function (event) {
    var saving = event.submitter && event.submitter.id === "edu-save";
    // Keep the address short: leave out fields that were not filled in. Values go as
    // typed: the check trims them, by the same rule Python uses.
    var fields = new URLSearchParams();
    Array.from(form.elements).forEach(function (field) {
      if (field.name && EduWidgets.trimmed(field.value, rules)) fields.set(field.name, field.value);
    });
    if (params.get("large") === "1") fields.set("large", "1");
    if (saving && !EduWidgets.patientFromFragment(fields.toString(), rules).error) {
      // "Save as a profile file" is the one time the values go to this computer's server:
      // it turns them into a file the browser saves where the clinician chooses.
      form.querySelectorAll("input, select").forEach(function (field) {
        if (!field.value) field.disabled = true;
      });
      window.setTimeout(function () {
        form.querySelectorAll("input, select").forEach(function (field) { field.disabled = false; });
      }, 0);
      return;
    }
    // Opening the lessons, or saving values the check refuses: the page says what is
    // wrong and sends nothing (the file would hold what the page refuses).
    event.preventDefault();
    var checked = show(fields.toString());
    (checked.error ? problem : checked.patient ? setFor : form).scrollIntoView();
  });
  document.getElementById("edu-clear").addEventListener("click", function () {
    show(params.get("large") === "1" ? "large=1" : "");
  });
  window.addEventListener("hashchange", function () {
    if (window.location.hash.replace(/^#/, "") !== params.toString()) show(window.location.hash.replace(/^#/, ""));
  });
  show(EduWidgets.pageFragment(document));
})(globalThis.EduWidgets);
