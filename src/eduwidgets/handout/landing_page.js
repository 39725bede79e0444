// needs: core.js, patient.js
// The lesson list's script (templates/landing.html): the clinician's form writes the
// patient (ratings, exercises with their doses, a note, the plan's language) into the
// address fragment, short form (EduWidgets.patientFragment), and into every lesson link's.
(function (EduWidgets) {
  "use strict";
  // The patient's values live in this page's address fragment (after "#") and in every
  // lesson link's; a browser never sends a fragment to a server. Nothing is stored, and
  // "save as a profile file" is written here, in the browser.
  var rules = EduWidgets.patientRules(document);
  var words = JSON.parse(document.getElementById("edu-landing-words").textContent);
  var form = document.querySelector(".patient-form");
  var toggle = document.getElementById("large-toggle");
  var problem = document.getElementById("edu-form-problem");
  var setFor = document.getElementById("edu-set-for");
  var large = false;
  var current = { checked: { patient: null }, fragment: "" };
  var order = []; // the ticked exercises, in the order the clinician ticked them

  function isLarge(fragment) {
    return EduWidgets.fragmentPairs(fragment).some(function (pair) { return pair.key === "large" && pair.value === "1"; });
  }
  function withoutPage(fragment) {
    return fragment.replace(/^#/, "").split("&").filter(function (part) { return part && part.split("=")[0] !== "large"; }).join("&");
  }
  function withPage(fragment) {
    return [fragment, large ? "large=1" : ""].filter(Boolean).join("&");
  }
  function checkboxes() {
    return Array.from(form.querySelectorAll("input[data-exercise]"));
  }
  function doseInputs(id) {
    return Array.from(document.getElementById("doses-" + id).querySelectorAll("input[data-dose]"));
  }
  function showDoses(box) {
    var doses = document.getElementById(box.getAttribute("aria-controls"));
    doses.hidden = !box.checked; // right after the box: the next stop for the keyboard
  }

  // The form as a patient object, values as typed: the check reads them as it reads an
  // address, so the form and a typed address get the same answer.
  function typedPatient() {
    var ratings = {};
    Object.keys(rules.fields.fields).forEach(function (name) {
      if (name !== "first_name" && form.elements[name]) ratings[name] = form.elements[name].value;
    });
    var exercises = order.map(function (id) {
      var entry = { id: id };
      doseInputs(id).forEach(function (input) { entry[input.dataset.dose] = input.value; });
      return entry;
    });
    return {
      first_name: form.elements.first_name.value,
      ratings: ratings,
      exercises: exercises,
      note: form.elements.note.value,
      language: form.elements.language.value,
    };
  }

  function resetExercises() {
    order = [];
    checkboxes().forEach(function (box) {
      box.checked = false;
      showDoses(box);
      doseInputs(box.dataset.exercise).forEach(function (input) { input.value = input.defaultValue; });
    });
  }

  // The form shows a checked patient; a refused address shows its fields as written
  // (a value that is not UTF-8: blank), so the clinician sees what the message means.
  function fillForm(fragment, checked) {
    form.reset();
    resetExercises();
    var patient = checked.patient;
    if (!patient) {
      var compact = rules.fields.compact.keys;
      EduWidgets.fragmentPairs(fragment).forEach(function (pair) {
        var name = pair.key !== null && Object.hasOwn(compact, pair.key) ? compact[pair.key] : pair.key;
        if (name === "language" || name === "ratings" || name === "exercises" || name === "version") return;
        if (name !== null && form.elements[name] && pair.value !== null) form.elements[name].value = pair.value;
      });
      return;
    }
    form.elements.first_name.value = patient.first_name || "";
    Object.keys(patient.ratings).forEach(function (name) {
      if (form.elements[name]) form.elements[name].value = String(patient.ratings[name]);
    });
    patient.exercises.forEach(function (entry) {
      var box = document.getElementById("x-" + entry.id);
      box.checked = true;
      showDoses(box);
      order.push(entry.id);
      doseInputs(entry.id).forEach(function (input) {
        if (Object.hasOwn(entry, input.dataset.dose)) input.value = String(entry[input.dataset.dose]);
      });
    });
    form.elements.note.value = patient.note;
    form.elements.language.value = patient.language;
  }

  function show(fragment, fromForm) {
    fragment = fragment.replace(/^#/, "");
    large = isLarge(fragment);
    var checked = EduWidgets.patientFromFragment(fragment, rules);
    var short = checked.patient ? EduWidgets.patientFragment(checked.patient, rules) : "";
    current = { checked: checked, fragment: short };
    problem.hidden = !checked.error;
    problem.querySelector(".edu-problem-text").textContent = checked.error || "";
    setFor.hidden = !checked.patient;
    if (checked.patient) {
      // textContent: a typed name is shown as text, never run as HTML.
      setFor.querySelector("h2").textContent = checked.patient.first_name
        ? EduWidgets.fill(words.set_for, { name: checked.patient.first_name }) : words.set_for_patient;
    }
    if (checked.error) document.querySelector("details.clinician").open = true;
    if (!fromForm) fillForm(fragment, checked);
    document.body.classList.toggle("edu-large", large);
    toggle.setAttribute("aria-pressed", large ? "true" : "false");
    toggle.textContent = large ? words.normal_text : words.larger_text;
    // A refused fragment stays in the address as written, so it says what the message
    // says; a checked one is written short, so the address is the one to send.
    var text = checked.error ? fragment : withPage(short);
    if (window.location.hash.replace(/^#/, "") !== text) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search + (text ? "#" + text : ""));
    }
    var carried = withPage(short);
    // replaceState fires no event: say so, and the language switch (language_switch.js,
    // put on the page by its macro) brings its links up to date.
    document.dispatchEvent(new Event("edu-fragment-changed"));
    // The lesson links carry the patient along. The language switch (nav.edu-languages)
    // follows the address on its own and sets the plan's language: language_switch.js.
    document.querySelectorAll("a.card").forEach(function (link) {
      var base = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", carried ? base + "#" + carried : base);
    });
    return checked;
  }

  function fromForm() {
    return show(withPage(EduWidgets.patientFragment(typedPatient(), rules)), true);
  }

  // The page's checked patient, short form, without "#" ("" when none or refused): what
  // "see the plan" and "send to phone" put after the plan's address.
  EduWidgets.currentPatientFragment = function () {
    return current.fragment;
  };

  // ---------------------------------------------------------------- save as a profile file
  // The checked patient as the profile file eduwidgets.patient.profile.load_profile reads
  // (examples/profile.toml): written in the browser, so no value goes to any server.
  function tomlNumber(value) {
    var number = Number(value);
    return Number.isInteger(number) ? number.toFixed(1) : String(number);
  }
  EduWidgets.profileToml = function (patient, date) {
    var lines = ["# " + EduWidgets.fill(words.profile_comment, { date: date }), ""];
    if (patient.first_name) lines.push("first_name = " + JSON.stringify(patient.first_name));
    lines.push("language = " + JSON.stringify(patient.language));
    if (patient.note) lines.push("note = " + JSON.stringify(patient.note));
    var groups = {};
    var body = [];
    Object.keys(patient.ratings).forEach(function (field) {
      var value = patient.ratings[field];
      var kind = rules.fields.fields[field].kind;
      if (kind === "number") {
        body.push(field + " = " + tomlNumber(value));
        return;
      }
      var at = field.lastIndexOf("_");
      var group = field.slice(0, at);
      (groups[group] = groups[group] || []).push(field.slice(at + 1) + " = " + (kind === "oxford" ? String(value) : JSON.stringify(value)));
    });
    Object.keys(groups).forEach(function (group) { lines.push("", "[muscles." + group + "]"); lines.push.apply(lines, groups[group]); });
    if (body.length) { lines.push("", "[body]"); lines.push.apply(lines, body); }
    patient.exercises.forEach(function (entry) {
      lines.push("", "[[exercises]]", "id = " + JSON.stringify(entry.id));
      Object.keys(entry).forEach(function (name) { if (name !== "id") lines.push(name + " = " + String(entry[name])); });
    });
    return lines.join("\n") + "\n";
  };

  function save() {
    var checked = fromForm();
    if (checked.error) {
      problem.scrollIntoView();
      return; // a value the check refuses is never saved
    }
    if (!checked.patient) {
      problem.querySelector(".edu-problem-text").textContent = words.nothing_to_save;
      problem.hidden = false;
      problem.scrollIntoView();
      return;
    }
    var today = new Date().toISOString().slice(0, 10);
    var text = EduWidgets.profileToml(checked.patient, today);
    var name = (checked.patient.first_name || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase();
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/toml" }));
    link.download = (name || "patient") + "-profile.toml";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  toggle.addEventListener("click", function () {
    large = !large;
    var written = window.location.hash.replace(/^#/, "");
    show(current.checked.error ? [withoutPage(written), large ? "large=1" : ""].filter(Boolean).join("&") : withPage(current.fragment), true);
  });
  checkboxes().forEach(function (box) {
    box.addEventListener("change", function () {
      var id = box.dataset.exercise;
      order = order.filter(function (other) { return other !== id; });
      if (box.checked) order.push(id);
      showDoses(box);
    });
  });
  // Each change updates the address and the links at once; typing in a field waits
  // for its change (leaving the field), so a half-typed weight is not refused.
  form.addEventListener("change", function () { fromForm(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var checked = fromForm();
    (checked.error ? problem : checked.patient ? setFor : form).scrollIntoView();
  });
  document.getElementById("edu-save").addEventListener("click", save);
  document.getElementById("edu-clear").addEventListener("click", function () {
    show(large ? "large=1" : "");
  });
  window.addEventListener("hashchange", function () {
    if (window.location.hash.replace(/^#/, "") !== withPage(current.fragment)) show(window.location.hash);
  });
  show(EduWidgets.pageFragment(document));
})(globalThis.EduWidgets);
