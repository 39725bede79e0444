// needs: core.js
// The patient's values, read from the page address's fragment (#extensors_strength=3&...),
// which browsers never send to a server. A lesson page is the same for everyone (rendered
// once, with typical values); this script applies one patient's values to it before the
// widgets are drawn. The rules come from Python, written into the page as JSON:
//   #edu-patient-rules  eduwidgets.session.page_fields() and eduwidgets.profile.page_rules()
// The checks and messages follow eduwidgets.session.patient_from_query, and the ratings map
// to model inputs as eduwidgets.profile.Profile.muscles() does (tests/test_patient_client.py).
(function (EduWidgets) {
  "use strict";

  // The name's character rules, as code-point ranges from Python (patient/fields.py
  // text_rules), so the page answers as Python does whatever Unicode the browser knows.
  const inRanges = (ch, ranges) => {
    const code = ch.codePointAt(0);
    return ranges.some(([first, last]) => code >= first && code <= last);
  };
  const trimmed = (value, text) => {
    const chars = [...value];
    let start = 0;
    let end = chars.length;
    while (start < end && inRanges(chars[start], text.trim)) start += 1;
    while (end > start && inRanges(chars[end - 1], text.trim)) end -= 1;
    return chars.slice(start, end).join("");
  };

  // A value without the spaces around it, as the check trims it (Python: fields.trimmed).
  EduWidgets.trimmed = (value, rules) => trimmed(value, rules.profile.text);

  // Every invisible or control character written as its code point (text.escape_form,
  // "<U+202E>"): what a message shows is what is there (Python: session._escaped).
  const escaped = (chars, text) => chars.map((ch) => {
    if (!inRanges(ch, text.escaped)) return ch;
    const code = ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    return EduWidgets.fill(text.escape_form, { code });
  }).join("");

  // A value as a message shows it (Python: session.shown_value): its first characters,
  // escaped, in the language's quotes, and the length of a longer one as the page writes
  // numbers.
  EduWidgets.shownValue = function (value, rules, quoted) {
    const text = rules.profile.text;
    const chars = [...value];
    const start = escaped(chars.slice(0, text.shown_max_chars), text);
    const shown = quoted === false ? start : EduWidgets.fill(rules.fields.quoted, { value: start });
    if (chars.length <= text.shown_max_chars) return shown;
    return EduWidgets.fill(rules.fields.cut, {
      start: shown, count: EduWidgets.formatNumber(chars.length, 0, rules.fields.locale),
    });
  };

  // A fragment's key or value as text ("+" a space, "%C3%A9" é), or null when its bytes
  // are not UTF-8 ("%E9" alone): URLSearchParams would show those as replacement characters.
  const decoded = (raw) => {
    const text = raw.replace(/\+/g, " ");
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) return null;
    const encoder = new TextEncoder();
    const bytes = [];
    for (let i = 0; i < text.length;) {
      const escape = text.slice(i + 1, i + 3);
      if (text[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(escape)) {
        bytes.push(parseInt(escape, 16));
        i += 3;
      } else {
        const ch = String.fromCodePoint(text.codePointAt(i));
        bytes.push(...encoder.encode(ch));
        i += ch.length;
      }
    }
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(new Uint8Array(bytes));
    } catch (error) {
      return null;
    }
  };

  // Each field of a fragment as {rawKey, rawValue, key, value} (key/value null when not
  // UTF-8), split as URLSearchParams splits (Python: session._query_pairs).
  EduWidgets.fragmentPairs = function (fragment) {
    return fragment.replace(/^#/, "").replace(/^\?/, "").split("&").filter(Boolean).map((part) => {
      const at = part.indexOf("=");
      const rawKey = at < 0 ? part : part.slice(0, at);
      const rawValue = at < 0 ? "" : part.slice(at + 1);
      return { rawKey, rawValue, key: decoded(rawKey), value: decoded(rawValue) };
    });
  };

  const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
  const normalise = (value) => value.toLowerCase().replace(/-/g, " ").split(/\s+/).filter(Boolean).join(" ");
  const own = Object.hasOwn;

  // The one place ratings become model inputs (Python: Profile.muscles() and .body()).
  // ratings: {rating field: checked value}; returns {muscles: {...}, body: {...}}.
  EduWidgets.patientModelInputs = function (ratings, rules) {
    const muscles = {};
    for (const [name, rule] of Object.entries(rules.muscles)) {
      muscles[name] = rule.typical;
      for (const [field, scale] of rule.from) {
        if (!own(ratings, field)) continue;
        const value = rules.scales[scale][ratings[field]];
        if (value !== null && value !== undefined) {
          muscles[name] = value;
          break;
        }
      }
    }
    const body = {};
    for (const [name, rule] of Object.entries(rules.body)) {
      body[name] = own(ratings, name) ? Number(ratings[name]) : rule.typical;
    }
    return { muscles, body };
  };

  // The message's words are the page's language (content/pages.toml [checks]); the
  // field's name and the value stay as the address writes them, short and escaped.
  const failure = (rules) => (field, value, allowed) => {
    const spec = rules.fields;
    const names = own(spec.names, field) ? spec.names : spec.compact.names;
    const name = own(names, field) ? names[field] : EduWidgets.shownValue(field, rules, false);
    const filled = { field: name, value: EduWidgets.shownValue(value, rules), allowed };
    return { field, error: `${spec.source}: ${EduWidgets.fill(spec.message, filled)}` };
  };

  // The long form's fields (extensors_strength=3&...), checked as Python checks them.
  const longPatient = function (pairs, rules) {
    const spec = rules.fields;
    const text = rules.profile.text;
    const fail = failure(rules);
    const values = new Map();
    for (const { rawKey, rawValue, key, value: raw } of pairs) {
      if (spec.page_fields.includes(key)) continue;
      if (key === null || !own(spec.fields, key)) {
        return fail(key === null ? rawKey : key, raw === null ? rawValue : raw, spec.unknown_allowed);
      }
      if (raw === null) return fail(key, rawValue, spec.utf8_allowed);
      const value = trimmed(raw, text);
      if (value) values.set(key, value); // blank: not rated
    }
    if (!values.size) return { patient: null };
    const firstName = values.has("first_name") ? values.get("first_name") : null;
    if (firstName !== null) {
      const chars = [...firstName];
      if (chars.length > rules.profile.first_name_max_chars) {
        return fail("first_name", firstName, spec.fields.first_name.allowed);
      }
      if (chars.some((ch) => inRanges(ch, text.one_line))) {
        return fail("first_name", firstName, spec.one_line_allowed);
      }
      if (chars.some((ch) => inRanges(ch, text.invisible))) {
        return fail("first_name", firstName, spec.visible_allowed);
      }
    }
    const ratings = {};
    for (const [key, value] of values) {
      const field = spec.fields[key];
      if (field.kind === "oxford") {
        const scale = rules.profile.scales.oxford;
        const grade = /^[0-9]+$/.test(value) ? String(parseInt(value, 10)) : "";
        if (!own(scale, grade)) return fail(key, value, field.allowed);
        ratings[key] = grade;
      } else if (field.kind === "choice") {
        const scale = rules.profile.scales[rules.profile.ratings[key]];
        const choice = normalise(value);
        if (!own(scale, choice)) return fail(key, value, field.allowed);
        if (choice !== "none") ratings[key] = choice; // "none": not braced, as a profile keeps it
      } else if (field.kind === "number") {
        const [low, high] = rules.profile.body[key].range;
        const number = DECIMAL.test(value) ? Number(value) : NaN;
        if (!(number >= low && number <= high)) return fail(key, value, field.allowed);
        ratings[key] = number;
      }
    }
    const inputs = EduWidgets.patientModelInputs(ratings, rules.profile);
    return { patient: { first_name: firstName, ratings, muscles: inputs.muscles, body: inputs.body } };
  };

  // ---------------------------------------------------------------- the short address
  // Version 1 (Python: session.COMPACT_KEYS): "v=1&n=Ana&r=3-1421&m=72.5&h=1.68&x=bd.s2,mcu
  // &l=es&t=...". One letter a field, the six ratings one character each, the exercises as
  // codes with only the doses the clinician changed: short enough for a QR code. Its name,
  // ratings and body size become the long form's fields and take the long form's checks;
  // then the language, the note and the exercises are checked, in that order.
  const longName = (rules, key) => {
    const field = rules.fields.compact.keys[key];
    return own(rules.fields.fields, field) ? field : key;
  };

  const expandedRatings = function (raw, rules) {
    const compact = rules.fields.compact;
    const value = trimmed(raw, rules.profile.text);
    if (!value) return { pairs: [] };
    const chars = [...value];
    if (chars.length !== compact.ratings.length) return failure(rules)("r", value, compact.allowed.ratings);
    const pairs = [];
    compact.ratings.forEach(([field, codes], i) => {
      const ch = chars[i];
      if (ch === compact.not_rated) return;
      const inScale = codes !== null && /^[0-9]$/.test(ch) && Number(ch) < codes.length;
      const shown = inScale ? codes[Number(ch)] : ch;
      pairs.push({ rawKey: field, rawValue: shown, key: field, value: shown });
    });
    return { pairs };
  };

  const compactParts = function (pairs, rules) {
    const spec = rules.fields;
    const compact = spec.compact;
    const fail = failure(rules);
    const version = pairs.filter((pair) => pair.key === "v").pop();
    if (version.value === null || !compact.versions.map(String).includes(trimmed(version.value, rules.profile.text))) {
      return fail("v", version.value === null ? version.rawValue : version.value, compact.allowed.version);
    }
    const longPairs = [];
    const other = {};
    for (const { rawKey, rawValue, key, value } of pairs) {
      if (spec.page_fields.includes(key) || key === "v") continue;
      if (key === null || !own(compact.keys, key)) {
        return fail(key === null ? rawKey : key, value === null ? rawValue : value, compact.allowed.unknown);
      }
      if (value === null) return fail(longName(rules, key), rawValue, spec.utf8_allowed);
      const field = compact.keys[key];
      if (own(spec.fields, field)) {
        longPairs.push({ rawKey: field, rawValue: value, key: field, value });
      } else if (key === "r") {
        const expanded = expandedRatings(value, rules);
        if (expanded.error) return expanded;
        longPairs.push(...expanded.pairs);
      } else {
        other[key] = value;
      }
    }
    return { longPairs, other };
  };

  const compactExercises = function (raw, rules) {
    const compact = rules.fields.compact;
    const fail = failure(rules);
    const value = trimmed(raw, rules.profile.text);
    const byCode = {};
    for (const [id, exercise] of Object.entries(compact.exercises)) byCode[exercise.code] = id;
    const exercises = [];
    for (const item of value ? value.split(",") : []) {
      const [code, ...doses] = item.split(".");
      if (!own(byCode, code) || exercises.some((entry) => entry.id === byCode[code])) {
        return fail("x", item, compact.allowed.exercise);
      }
      const id = byCode[code];
      const changed = {};
      for (const part of doses) {
        const letter = String.fromCodePoint(part.codePointAt(0) || 32);
        const name = own(compact.doses, letter) ? compact.doses[letter] : null;
        const digits = part.slice(letter.length);
        if (name === null || !/^[0-9]+$/.test(digits)) return fail("x", item, compact.allowed.exercise);
        const rule = compact.allowed.dose[name];
        const number = parseInt(digits, 10);
        if (!(number >= rule.low && number <= rule.high)) {
          const words = { name: rule.name, exercise: id, letter, low: String(rule.low), high: String(rule.high) };
          return fail("x", item, EduWidgets.fill(compact.allowed.dose_message, words));
        }
        changed[name] = number;
      }
      const entry = { id };
      const defaults = compact.exercises[id].defaults;
      for (const [name, dose] of Object.entries(changed)) if (dose !== defaults[name]) entry[name] = dose;
      exercises.push(entry);
    }
    return { exercises };
  };

  const controlInNote = (ch) => {
    const code = ch.codePointAt(0);
    return (code < 32 && ch !== "\n" && ch !== "\t") || code === 127;
  };

  const compactPatient = function (pairs, rules) {
    const compact = rules.fields.compact;
    const fail = failure(rules);
    const parts = compactParts(pairs, rules);
    if (parts.error) return parts;
    const checked = parts.longPairs.length ? longPatient(parts.longPairs, rules) : { patient: null };
    if (checked.error) return checked;
    const language = trimmed(parts.other.l || "", rules.profile.text);
    if (language && !compact.languages.includes(language)) return fail("l", language, compact.allowed.language);
    const note = trimmed(parts.other.t || "", rules.profile.text);
    const noteChars = [...note];
    if (noteChars.length > compact.note_max_chars || noteChars.some(controlInNote)) {
      return fail("t", note, compact.allowed.note);
    }
    const chosen = compactExercises(parts.other.x || "", rules);
    if (chosen.error) return chosen;
    if (!checked.patient && !chosen.exercises.length && !note) return { patient: null };
    const patient = checked.patient || Object.assign({ first_name: null, ratings: {} }, EduWidgets.patientModelInputs({}, rules.profile));
    return { patient: Object.assign(patient, { exercises: chosen.exercises, note, language: language || rules.fields.language }) };
  };

  // Check a fragment as eduwidgets.patient.session.patient_from_query does: the short
  // address (it has "v") or the long form that handouts already carry.
  // Returns {patient: null} (no values), {patient: {first_name, ratings, muscles, body,
  // exercises, note, language}}, or {error: "<message>", field}.
  EduWidgets.patientFromFragment = function (fragment, rules) {
    const pairs = EduWidgets.fragmentPairs(fragment);
    if (pairs.some((pair) => pair.key === "v")) return compactPatient(pairs, rules);
    const checked = longPatient(pairs, rules);
    if (!checked.patient) return checked;
    const plan = { exercises: [], note: "", language: rules.fields.language };
    return { patient: Object.assign(checked.patient, plan) };
  };

  // Text as the short address writes it: UTF-8, percent-encoded only where it must be
  // (what a URL may not hold, and the address's own signs & = + % #); a space is "+".
  const LEFT_AS_IS = /^[A-Za-z0-9\-._~!$'()*,;:@/?]$/;
  const encoder = new TextEncoder();
  const encodedText = (value) => [...value].map((ch) => {
    if (ch === " ") return "+";
    if (LEFT_AS_IS.test(ch)) return ch;
    return [...encoder.encode(ch)].map((byte) => "%" + byte.toString(16).toUpperCase().padStart(2, "0")).join("");
  }).join("");

  // A checked patient object as the short address (without "#"): the one encoder.
  EduWidgets.patientFragment = function (patient, rules) {
    rules = rules || EduWidgets.patientRules(document);
    if (!patient) return "";
    const compact = rules.fields.compact;
    const ratings = patient.ratings || {};
    const parts = [["v", String(compact.version)]];
    if (patient.first_name) parts.push(["n", encodedText(patient.first_name)]);
    const chars = compact.ratings.map(([field, codes]) => {
      if (!own(ratings, field) || ratings[field] === "" || ratings[field] === null) return compact.not_rated;
      return codes === null ? String(ratings[field]) : String(codes.indexOf(ratings[field]));
    });
    if (chars.some((ch) => ch !== compact.not_rated)) parts.push(["r", chars.join("")]);
    for (const [key, field] of [["m", "mass_kg"], ["h", "height_m"]]) {
      if (own(ratings, field) && ratings[field] !== "") parts.push([key, encodedText(String(ratings[field]))]);
    }
    const items = (patient.exercises || []).map((entry) => {
      const exercise = compact.exercises[entry.id];
      const doses = Object.entries(compact.doses)
        .filter(([, name]) => own(entry, name) && entry[name] !== "" && String(entry[name]) !== String(exercise.defaults[name]))
        .map(([letter, name]) => letter + encodedText(String(entry[name])));
      return [exercise.code, ...doses].join(".");
    });
    if (items.length) parts.push(["x", items.join(",")]);
    parts.push(["l", patient.language || rules.fields.language]);
    if (patient.note) parts.push(["t", encodedText(patient.note)]);
    return parts.map(([key, value]) => `${key}=${value}`).join("&");
  };

  // A MuscleBalance config, set to start from the patient (as MuscleBalance(...) does in
  // Python when it has a patient): values, start values, and the words of its buttons.
  EduWidgets.applyPatientToConfig = function (config, patient) {
    const start = Object.assign({}, config.start_values);
    for (const [name, value] of Object.entries(Object.assign({}, patient.muscles, patient.body))) {
      if (own(start, name)) start[name] = value;
    }
    const name = patient.first_name;
    return Object.assign({}, config, {
      values: Object.assign({}, start),
      start_values: start,
      start_label: name ? EduWidgets.say("balance.back_to_named", { name }) : EduWidgets.say("balance.back_to_yours"),
      patient_note: name ? EduWidgets.say("balance.note_named", { name }) : EduWidgets.say("balance.note_yours"),
    });
  };

  // The fragment a page uses: its own; when that names no patient field (only "large=1",
  // or nothing), the clinic's --profile preset with the page's own settings on top.
  EduWidgets.pageFragment = function (root) {
    root = root || document;
    const written = window.location.hash.replace(/^#/, "");
    const ownFields = new URLSearchParams(written);
    const presetNode = root.getElementById("edu-patient-preset");
    const rules = EduWidgets.patientRules(root);
    const pageFields = rules ? rules.fields.page_fields : [];
    if (!presetNode || [...ownFields.keys()].some((key) => !pageFields.includes(key))) {
      return written; // as written: URLSearchParams would turn bytes that are not UTF-8 into "\ufffd"
    }
    const preset = JSON.parse(presetNode.textContent);
    if (typeof preset !== "string") {
      // The clinic's --profile: a patient object (session.page_patient), written short.
      return [EduWidgets.patientFragment(preset, rules), written].filter(Boolean).join("&");
    }
    const merged = new URLSearchParams(preset);
    ownFields.forEach((value, key) => merged.set(key, value));
    return merged.toString();
  };

  EduWidgets.patientRules = function (root) {
    const node = (root || document).getElementById("edu-patient-rules");
    return node ? JSON.parse(node.textContent) : null;
  };

  // Lesson pages: apply the fragment to every MuscleBalance before the widgets are drawn,
  // show whose values these are, or a clear message and typical values for a bad fragment.
  EduWidgets.applyPatientToPage = function (root) {
    root = root || document;
    const rules = EduWidgets.patientRules(root);
    if (!rules) return null;
    const fragment = EduWidgets.pageFragment(root);
    const checked = EduWidgets.patientFromFragment(fragment, rules);
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
      node.textContent = EduWidgets.jsonForScript(EduWidgets.applyPatientToConfig(config, checked.patient));
    });
    if (note) {
      // textContent: a typed name is shown as text, never run as HTML.
      const name = checked.patient.first_name;
      note.textContent = name ? EduWidgets.say("balance.set_for_named", { name }) : EduWidgets.say("balance.set_for_this");
      note.hidden = false;
    }
    return checked;
  };

  EduWidgets.jsonForScript = function (data) {
    return JSON.stringify(data).replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  };

  // Links to other pages of the lessons keep the fragment (the patient and the text size).
  EduWidgets.carryFragment = function (root, fragment) {
    (root || document).querySelectorAll("a[data-edu-keep-fragment], main a[href$='.html']").forEach((link) => {
      const href = link.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) return;
      const base = href.split("#")[0];
      link.setAttribute("href", fragment ? `${base}#${fragment}` : base);
    });
  };

  // The larger-text button of a lesson page or the plan (templates/macros.html,
  // large_text_button): a page setting kept in the fragment ("large=1", changed in
  // `params`, the page's fragment) and carried by every link that keeps the fragment.
  EduWidgets.wireLargeText = function (root, params) {
    const body = root.body;
    const button = root.getElementById("edu-large-toggle");
    function set(on) {
      body.classList.toggle("edu-large", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      // The words are the page's (content/pages.toml), in its language.
      button.textContent = on ? button.dataset.normal : button.dataset.larger;
      if (on) params.set("large", "1"); else params.delete("large");
      const text = params.toString();
      if (window.location.hash.replace(/^#/, "") !== text) {
        window.history.replaceState(null, "", window.location.pathname + window.location.search + (text ? "#" + text : ""));
      }
      EduWidgets.carryFragment(root, text);
    }
    button.addEventListener("click", () => set(!body.classList.contains("edu-large")));
    set(params.get("large") === "1");
  };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
