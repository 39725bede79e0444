// The patient's values, read from the page address's fragment (#extensors_strength=3&...),
// which browsers never send to a server. A lesson page is the same for everyone (rendered
// once, with typical values); this script applies one patient's values to it before the
// widgets are drawn. The rules come from Python, written into the page as JSON:
//   #edu-patient-rules  eduwidgets.session.client_fields() and eduwidgets.profile.client_rules()
// The checks and messages follow eduwidgets.session.patient_from_query, and the ratings map
// to model inputs as eduwidgets.profile.Profile.muscles() does (tests/test_patient_client.py).
(function (EW) {
  "use strict";

  // Python's repr() of a str, so a message reads exactly as the Python one does.
  EW.pyRepr = function (text) {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    let out = quote;
    for (const ch of text) {
      const code = ch.codePointAt(0);
      if (ch === quote || ch === "\\") out += "\\" + ch;
      else if (ch === "\t") out += "\\t";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (code < 32 || (code >= 127 && code <= 160) || code === 173) {
        out += "\\x" + code.toString(16).padStart(2, "0");
      } else out += ch;
    }
    return out + quote;
  };

  const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
  const normalise = (value) => value.toLowerCase().replace(/-/g, " ").split(/\s+/).filter(Boolean).join(" ");

  // The one place ratings become model inputs (Python: Profile.muscles() and .body()).
  // ratings: {rating field: checked value}; returns {muscles: {...}, body: {...}}.
  EW.patientModelInputs = function (ratings, rules) {
    const muscles = {};
    for (const [name, rule] of Object.entries(rules.muscles)) {
      muscles[name] = rule.typical;
      for (const [field, scale] of rule.from) {
        if (!(field in ratings)) continue;
        const value = rules.scales[scale][ratings[field]];
        if (value !== null && value !== undefined) {
          muscles[name] = value;
          break;
        }
      }
    }
    const body = {};
    for (const [name, rule] of Object.entries(rules.body)) {
      body[name] = name in ratings ? Number(ratings[name]) : rule.typical;
    }
    return { muscles, body };
  };

  // Check a fragment's fields as eduwidgets.session.patient_from_query does.
  // Returns {patient: null} (no values), {patient: {first_name, ratings, muscles, body}},
  // or {error: "<message>", field}.
  EW.patientFromFragment = function (fragment, rules) {
    const spec = rules.fields;
    // The message's words are the page's language (content/pages.toml [checks]); the
    // field's name and the value stay as the address writes them.
    const fail = (field, value, allowed) => {
      const filled = { field: spec.names[field] || field, value: EW.pyRepr(value), allowed };
      const message = spec.message.replace(/\{(field|value|allowed)\}/g, (_, key) => filled[key]);
      return { field, error: `${spec.source}: ${message}` };
    };
    const values = new Map();
    for (const [key, raw] of new URLSearchParams(fragment.replace(/^#/, ""))) {
      if (spec.page_fields.includes(key)) continue;
      if (!(key in spec.fields)) return fail(key, raw, spec.unknown_allowed);
      const value = raw.trim();
      if (value) values.set(key, value); // blank: not rated
    }
    if (!values.size) return { patient: null };
    const firstName = values.has("first_name") ? values.get("first_name") : null;
    if (firstName !== null) {
      if ([...firstName].length > rules.profile.first_name_max_chars) {
        return fail("first_name", firstName, spec.fields.first_name.allowed);
      }
      if ([...firstName].some((ch) => ch.codePointAt(0) < 32 || ch.codePointAt(0) === 127)) {
        return fail("first_name", firstName, spec.one_line_allowed);
      }
    }
    const ratings = {};
    for (const [key, value] of values) {
      const field = spec.fields[key];
      if (field.kind === "oxford") {
        const scale = rules.profile.scales.oxford;
        const grade = /^[0-9]+$/.test(value) ? String(parseInt(value, 10)) : "";
        if (!(grade in scale)) return fail(key, value, field.allowed);
        ratings[key] = grade;
      } else if (field.kind === "choice") {
        const scale = rules.profile.scales[rules.profile.ratings[key]];
        const choice = normalise(value);
        if (!Object.prototype.hasOwnProperty.call(scale, choice)) return fail(key, value, field.allowed);
        ratings[key] = choice;
      } else if (field.kind === "number") {
        const [low, high] = rules.profile.body[key].range;
        const number = DECIMAL.test(value) ? Number(value) : NaN;
        if (!(number >= low && number <= high)) return fail(key, value, field.allowed);
        ratings[key] = number;
      }
    }
    const inputs = EW.patientModelInputs(ratings, rules.profile);
    return { patient: { first_name: firstName, ratings, muscles: inputs.muscles, body: inputs.body } };
  };

  // A MuscleBalance config, set to start from the patient (as MuscleBalance(...) does in
  // Python when it has a patient): values, start values, and the words of its buttons.
  EW.applyPatientToConfig = function (config, patient) {
    const start = Object.assign({}, config.start_values);
    for (const [name, value] of Object.entries(Object.assign({}, patient.muscles, patient.body))) {
      if (name in start) start[name] = value;
    }
    const name = patient.first_name;
    return Object.assign({}, config, {
      values: Object.assign({}, start),
      start_values: start,
      start_label: name ? EW.say("balance.back_to_named", { name }) : EW.say("balance.back_to_yours"),
      patient_note: name ? EW.say("balance.note_named", { name }) : EW.say("balance.note_yours"),
    });
  };

  // The fragment a page uses: its own; when that names no patient field (only "large=1",
  // or nothing), the clinic's --profile preset with the page's own settings on top.
  EW.pageFragment = function (root) {
    root = root || document;
    const own = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    const presetNode = root.getElementById("edu-patient-preset");
    const rules = EW.patientRules(root);
    const pageFields = rules ? rules.fields.page_fields : [];
    if (!presetNode || [...own.keys()].some((key) => !pageFields.includes(key))) {
      return own.toString();
    }
    const merged = new URLSearchParams(JSON.parse(presetNode.textContent));
    own.forEach((value, key) => merged.set(key, value));
    return merged.toString();
  };

  EW.patientRules = function (root) {
    const node = (root || document).getElementById("edu-patient-rules");
    return node ? JSON.parse(node.textContent) : null;
  };

  // Lesson pages: apply the fragment to every MuscleBalance before the widgets are drawn,
  // show whose values these are, or a clear message and typical values for a bad fragment.
  EW.applyPatientToPage = function (root) {
    root = root || document;
    const rules = EW.patientRules(root);
    if (!rules) return null;
    const fragment = EW.pageFragment(root);
    const checked = EW.patientFromFragment(fragment, rules);
    const problem = root.getElementById("edu-patient-problem");
    const note = root.getElementById("edu-patient");
    if (checked.error) {
      if (problem) {
        problem.querySelector(".edu-problem-text").textContent = checked.error;
        problem.hidden = false;
      }
      return checked;
    }
    if (!checked.patient) return checked;
    root.querySelectorAll('[data-eduwidget="muscle-balance"] > script.edu-config').forEach((node) => {
      const config = JSON.parse(node.textContent);
      node.textContent = EW.jsonForScript(EW.applyPatientToConfig(config, checked.patient));
    });
    if (note) {
      // textContent: a typed name is shown as text, never run as HTML.
      const name = checked.patient.first_name;
      note.textContent = name ? EW.say("balance.set_for_named", { name }) : EW.say("balance.set_for_this");
      note.hidden = false;
    }
    return checked;
  };

  EW.jsonForScript = function (data) {
    return JSON.stringify(data).replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  };

  // Links to other pages of the lessons keep the fragment (the patient and the text size).
  EW.carryFragment = function (root, fragment) {
    (root || document).querySelectorAll("a[data-edu-keep-fragment], main a[href$='.html']").forEach((link) => {
      const href = link.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) return;
      const base = href.split("#")[0];
      link.setAttribute("href", fragment ? `${base}#${fragment}` : base);
    });
  };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
