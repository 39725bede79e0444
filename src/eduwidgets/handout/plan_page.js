// needs: core.js, model.js, everyday.js, patient.js, progress.js
// The patient's plan, made in the browser (templates/plan.html): every rule of the plan
// lives here, once. The patient comes from the page itself when `eduwidgets plan` baked
// one in (#edu-plan-patient, from patient.session.page_patient), else from the address
// fragment (EduWidgets.patientFromFragment), which a browser never sends to a server.
// Words come from content/plan.toml (#edu-plan-data); the loads from model.js and
// everyday.js; each exercise's demo and dose from the exercise demo widget's own config.
// Runs at the end of <body>, before the widgets boot (DOMContentLoaded).
(function (EduWidgets) {
  "use strict";
  const E = EduWidgets.el;
  const fill = EduWidgets.fill;
  const own = Object.hasOwn;

  // ------------------------------------------------------------ the rules, as data in, words out

  // A stored rating ("mild", "mildly tight") in the reader's words (pages.toml [form]).
  const ratingWords = (data, scale, value) => data.form[scale][value];

  // The clinician's rating of one group in words, e.g. "strength 3 of 5, bracing: mild".
  function ratingText(data, ratings, group) {
    const words = data.words.muscles;
    if (group === "hip_flexors") {
      const length = ratings.hip_flexors_length;
      return length ? ratingWords(data, "hip_flexor_length", length) : words.not_rated;
    }
    const grade = ratings[`${group}_strength`];
    const bracing = ratings[`${group}_bracing`] || "none";
    const strength = grade !== undefined ? fill(words.found_strength, { grade }) : "";
    if (bracing === "none") return strength || words.not_rated;
    const found = fill(words.found_bracing, { bracing: ratingWords(data, "bracing", bracing) });
    return strength ? fill(words.found_both, { strength, bracing: found }) : found;
  }

  // A strength as a percent of typical, and whether it is weaker or stronger.
  function percentText(data, value) {
    const words = data.words.muscles;
    const pct = Math.round(value * 100);
    // As the language writes a percent: 50% / 50 % (CLDR, as Babel writes it in Python).
    const shown = new Intl.NumberFormat(EduWidgets.locale(), { style: "percent", maximumFractionDigits: 0 }).format(pct / 100);
    const how = pct === 100 ? words.typical : pct < 100 ? words.weaker : words.stronger;
    return `${shown} (${how})`;
  }

  // The "in the model" cell: strength and tension, or why a rating is not used.
  function modelText(data, patient, group) {
    const words = data.words.muscles;
    if (group === "hip_flexors") return words.hip_not_used;
    let text = percentText(data, patient.muscles[group]);
    if (patient.muscles[`${group}_tension`]) text += "; " + words.tense;
    return text;
  }

  // The share by which this patient's guarding raises a task's push (0 with none): the
  // size the sources give (GUARDING_COMPRESSION_RISE, about 15% for a strong brace), scaled
  // by the rating's place on its scale; the abdominal wall braces as one, so the larger
  // of the two groups' tensions counts.
  function guardingRise(data, patient) {
    const tension = Math.max(patient.muscles.obliques_tension || 0, patient.muscles.abdominals_tension || 0);
    return (EduWidgets.modelConstants.GUARDING_COMPRESSION_RISE * tension) / data.bracing_max;
  }

  // The patient's muscles for the sliders: their strength, and their guarding at the size
  // the sources give when standing (not the rating scale's tension: a "strong" on both
  // groups would double the push of standing).
  function planMuscles(data, patient) {
    const muscles = Object.assign({}, patient.muscles, { obliques_tension: 0, abdominals_tension: 0 });
    const rise = guardingRise(data, patient);
    if (!rise) return muscles;
    const load = (m) => EduWidgets.model.lumbarLoad(Object.assign({}, patient.body, m)).compression_n;
    // The model is linear in tension below the abdominal-pressure threshold: one step
    // gives the push per unit of tension on both groups.
    const step = 0.01;
    const baseN = load(muscles);
    const perUnitN = (load(Object.assign({}, muscles, { obliques_tension: step, abdominals_tension: step })) - baseN) / step;
    // On the sliders' own step (0.01), so they show it as is.
    const tension = Math.round((100 * rise * baseN) / perUnitN) / 100;
    return Object.assign(muscles, { obliques_tension: tension, abdominals_tension: tension });
  }

  // (task, yours, typical): each push as a multiple of standing up straight. Strength never
  // changes the push, so "yours" differs from "typical" only by guarding.
  function loadRows(data, patient) {
    const rise = guardingRise(data, patient);
    const rows = EduWidgets.everyday.loads(data.everyday, patient.body);
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
    return data.plan_tasks.map((key) => {
      const typical = byKey[key].multiple;
      return { key, label: byKey[key].label, yours: typical * (1 + rise), typical };
    });
  }

  // Why an exercise suits this patient: plain sentences from the ratings and what it trains.
  function exerciseReasons(data, patient, exercise) {
    const words = data.words.reasons;
    const ratings = patient.ratings;
    const reasons = [];
    const stretch = exercise.id.includes("stretch") || exercise.title.toLowerCase().includes("stretch");
    for (const group of exercise.trains) {
      if (!own(data.group_labels, group)) continue;
      const label = data.group_labels[group].split(" (")[0].toLowerCase();
      const grade = group === "hip_flexors" ? undefined : ratings[`${group}_strength`];
      const bracing = ratings[`${group}_bracing`] || "none";
      if (grade !== undefined && Number(grade) < 5) reasons.push(fill(words.weak, { label, grade }));
      if (bracing !== "none") {
        reasons.push(fill(words.bracing, { label, bracing: ratingWords(data, "bracing", bracing) }));
      }
      const length = ratings.hip_flexors_length;
      if (group === "hip_flexors" && length && length !== "normal") {
        const template = stretch ? words.hip_stretch : words.hip_control;
        reasons.push(fill(template, { label, length: ratingWords(data, "hip_flexor_length", length) }));
      }
    }
    if (!reasons.length) {
      if (!exercise.trains.some((group) => own(data.group_labels, group))) reasons.push(words.mobility);
      else reasons.push(fill(words.general, { trains: listText(data, exercise.trains_in_words) }));
    }
    return reasons;
  }

  // "a, b and c" in the page's language.
  const listText = (data, items) => new Intl.ListFormat(EduWidgets.locale(), { type: "conjunction" }).format(items);

  // One chosen exercise's dose: the record's, with the clinician's changes on top (a
  // clinician's sets or reps replace a pyramid, as ExerciseDemo does).
  function doseOf(record, choice) {
    const dose = Object.assign({}, record.dose, { days_per_week: record.days_per_week });
    for (const name of ["sets", "reps", "hold_s", "rest_s", "days_per_week"]) {
      if (choice[name] !== undefined && choice[name] !== null) dose[name] = Number(choice[name]);
    }
    if (choice.sets !== undefined || choice.reps !== undefined) dose.reps_by_set = [];
    return dose;
  }

  const seconds = (count) => EduWidgets.say("exercise.seconds", { count });

  // The dose as a patient reads it ("Do 2 sets of 6 on each side. ...") and how often.
  function doseWords(data, dose) {
    const words = data.dose_words;
    const side = dose.per_side ? words.on_each_side : "";
    const parts = [];
    if (dose.reps_by_set.length) {
      parts.push(fill(words.pyramid, { counts: dose.reps_by_set.join(words.then), side }));
    } else {
      const sets = dose.sets === 1 ? words.one_set : fill(words.sets, { count: dose.sets });
      parts.push(fill(words.plain, { sets, reps: dose.reps, side }));
    }
    parts.push(dose.hold_s ? fill(words.hold, { time: seconds(dose.hold_s) }) : words.no_hold);
    if (dose.sets > 1 && dose.rest_s) parts.push(fill(words.rest, { time: seconds(dose.rest_s) }));
    const often = dose.days_per_week === 7 ? words.days_per_week.every : fill(words.days_per_week.other, { count: dose.days_per_week });
    return parts.join(" ") + " " + often;
  }

  // The dose in a few words for a table cell ("2 × 5 each side, hold 8 s").
  function doseShort(data, dose) {
    const words = data.dose_words;
    const side = dose.per_side ? words.short_side : "";
    const hold = dose.hold_s ? fill(words.short_hold, { seconds: dose.hold_s }) : "";
    if (dose.reps_by_set.length) return dose.reps_by_set.join(words.short_then) + side + hold;
    const reps = dose.sets > 1 ? fill(words.short_sets, { sets: dose.sets, reps: dose.reps }) : String(dose.reps);
    return reps + side + hold;
  }

  // Everything the reader sees, from the patient object: the one function tests read.
  EduWidgets.planOf = function (data, patient) {
    const words = data.words;
    const name = patient.first_name;
    const owner = name ? fill(words.owner_named, { name }) : words.owner_you;
    const exercises = (patient.exercises || []).filter((choice) => own(data.exercises, choice.id)).map((choice) => {
      const record = data.exercises[choice.id];
      const dose = doseOf(record, choice);
      return {
        id: choice.id,
        title: record.title,
        reasons: exerciseReasons(data, patient, record),
        dose,
        dose_text: doseWords(data, dose),
        dose_short: doseShort(data, dose),
      };
    });
    return {
      owner,
      title: fill(words.title, { owner }),
      note_lines: patient.note ? patient.note.split(/\r?\n/) : [],
      strength_rows: data.strength_groups.map((group) => ({
        group,
        label: data.group_labels[group],
        found: ratingText(data, patient.ratings || {}, group),
        model: modelText(data, patient, group),
      })),
      load_rows: loadRows(data, patient),
      guarding_rise: guardingRise(data, patient),
      balance_muscles: planMuscles(data, patient),
      exercises,
    };
  };

  // ------------------------------------------------------------ drawing it

  const byId = (id) => document.getElementById(id);

  function cell(tag, text, attributes) {
    return E(tag, Object.assign({ text }, attributes || {}));
  }

  function drawTables(data, plan) {
    const m = data.words.muscles;
    // data-label: the column's name, shown before a cell where larger text stacks the
    // table's cells on a phone (handout.css).
    byId("edu-plan-strength").replaceChildren(...plan.strength_rows.map((row) =>
      E("tr", { "data-group": row.group }, [
        cell("th", row.label, { scope: "row" }),
        cell("td", row.found, { "data-label": m.column_found }),
        cell("td", row.model, { "data-label": m.column_model }),
      ])));
    const times = (multiple) => fill(m.times, { multiple: EduWidgets.everyday.formatMultiple(multiple) });
    byId("edu-plan-loads").replaceChildren(...plan.load_rows.map((row) =>
      E("tr", { "data-task": row.key }, [
        cell("th", row.label, { scope: "row" }),
        cell("td", times(row.yours), { "data-label": m.column_you }),
        cell("td", times(row.typical), { "data-label": m.column_typical }),
      ])));
  }

  // A widget's mount point, as static.fragment writes it; boot() draws it.
  function widget(kind, config, label) {
    return E("div", { class: `edu-widget edu-${kind}`, "data-eduwidget": kind, role: "group", "aria-label": label }, [
      E("script", { type: "application/json", class: "edu-config", text: EduWidgets.jsonForScript(config) }),
    ]);
  }

  function drawBalance(data, plan, patient) {
    const m = data.words.muscles;
    const ownerLower = patient.first_name ? plan.owner : plan.owner.toLowerCase();
    const start = Object.assign({}, data.balance.start_values);
    for (const [key, value] of Object.entries(Object.assign({}, patient.body, plan.balance_muscles))) {
      if (own(start, key)) start[key] = value;
    }
    const config = Object.assign({}, data.balance, {
      values: Object.assign({}, start),
      start_values: start,
      title: fill(m.slider_title, { owner: plan.owner }),
      start_label: fill(m.slider_start, { owner: ownerLower }),
      patient_note: fill(m.slider_note, { owner: ownerLower }),
    });
    byId("edu-plan-balance").replaceChildren(widget("muscle-balance", config, data.balance_label));
  }

  function drawToday(data, plan) {
    const t = data.words.today;
    const list = byId("edu-plan-today-list");
    list.replaceChildren(...plan.exercises.map((exercise, index) => {
      const record = data.exercises[exercise.id];
      const config = Object.assign({}, record.config, exercise.dose, { dose_text: exercise.dose_text });
      delete config.days_per_week;
      const label = fill(data.demo_label, { title: exercise.title });
      return E("li", { class: "plan-today-item", id: `edu-plan-exercise-${index + 1}`, "data-exercise": exercise.id }, [
        E("p", { class: "plan-today-what" }, [
          E("strong", { class: "plan-today-title", text: exercise.title }),
          E("span", { class: "plan-today-dose", text: exercise.dose_text }),
          // "Done today: N sets" where the reader sees it with "show me how" closed
          // (progress.js fills every sets:<id> slot; the demo has its own inside).
          E("span", { class: "plan-today-done", hidden: true, "data-edu-progress": `sets:${exercise.id}` }),
        ]),
        E("details", { class: "plan-demo" }, [
          E("summary", { text: fill(t.show, { title: exercise.title }) }),
          E("p", { class: "handout-why" }, [E("strong", { text: fill(data.words.exercises.why, { title: exercise.title }) + " " }), exercise.reasons.join(" ")]),
          E("div", { class: "handout-output" }, [widget("exercise-demo", config, label)]),
        ]),
      ]);
    }), E("li", { class: "plan-today-item plan-today-active" }, [
      E("p", { class: "plan-today-what" }, [
        E("strong", { class: "plan-today-title", text: data.words.week.stay_active }),
        E("span", { class: "plan-today-dose", text: data.words.week.stay_active_detail }),
      ]),
    ]));
  }

  // The week to tick: one row per exercise and one to stay active. The ticks keep stable
  // hooks (data-edu-progress) so progress.js can keep them on the phone.
  function drawWeek(data, plan) {
    const rows = plan.exercises.map((e) => ({ key: e.id, what: e.title, detail: e.dose_short }));
    rows.push({ key: "active", what: data.words.week.stay_active, detail: data.words.week.stay_active_detail });
    byId("edu-plan-week").replaceChildren(...rows.map((row) => E("tr", {}, [
      E("th", { scope: "row" }, [row.what, E("span", { class: "handout-dose", text: row.detail })]),
      ...data.days.map(([, day], index) => E("td", {}, [E("input", {
        type: "checkbox", class: "handout-tick", id: `edu-week-${row.key}-${index + 1}`,
        "data-edu-progress": `week:${row.key}:${index + 1}`, "aria-label": `${row.what}, ${day}`,
      })])),
    ])));
  }

  // The patient the page shows: baked in by `eduwidgets plan`, else the address's.
  EduWidgets.planPatient = function (root) {
    const baked = root.getElementById("edu-plan-patient");
    if (baked) return { patient: JSON.parse(baked.textContent) };
    const rules = EduWidgets.patientRules(root);
    return EduWidgets.patientFromFragment(EduWidgets.pageFragment(root), rules);
  };

  EduWidgets.drawPlan = function (root) {
    const data = JSON.parse(root.getElementById("edu-plan-data").textContent);
    const checked = EduWidgets.planPatient(root);
    const problem = byId("edu-patient-problem");
    if (checked.error && problem) {
      problem.querySelector(".edu-problem-text").textContent = checked.error;
      problem.hidden = false;
    }
    const patient = Object.assign({ first_name: null, ratings: {}, exercises: [], note: "" }, checked.patient || {});
    if (!checked.patient) {
      const typical = EduWidgets.patientModelInputs({}, EduWidgets.patientRules(root).profile);
      Object.assign(patient, typical);
    }
    const plan = EduWidgets.planOf(data, patient);
    byId("plan").textContent = plan.title;
    document.title = plan.title;
    if (plan.note_lines.length) {
      const note = byId("edu-plan-note");
      note.querySelector("p").replaceChildren(...plan.note_lines.flatMap((line, i) => (i ? [E("br"), line] : [line])));
      note.hidden = false;
    }
    // No exercises: the clinician makes the plan in the visit; the page says so plainly.
    const empty = !plan.exercises.length;
    byId("edu-plan-empty").hidden = !empty;
    root.querySelectorAll("[data-edu-plan-part]").forEach((part) => (part.hidden = empty));
    drawToday(data, plan);
    drawWeek(data, plan);
    drawTables(data, plan);
    drawBalance(data, plan, patient);
    // Whose ticks and log these are: progress.js keys its storage by a hash of this, so
    // two plans on one phone never share a record (and no name is in a key).
    const identity = [patient.exercises, patient.first_name || "", patient.note || ""];
    byId("plan").setAttribute("data-edu-progress-plan", JSON.stringify(identity));
    EduWidgets.progress.scan(root);
    EduWidgets.plan = plan; // for a curious reader's console and the tests
    return plan;
  };

  // Larger text, as on the lessons (patient.js): a baked plan's own fragment holds only
  // the page's settings; otherwise the page's fragment, the patient's values included.
  function largeText() {
    const baked = !!byId("edu-plan-patient");
    const params = new URLSearchParams(baked ? window.location.hash.replace(/^#/, "") : EduWidgets.pageFragment(document));
    EduWidgets.wireLargeText(document, params);
  }

  if (typeof document !== "undefined" && document.getElementById("edu-plan-data")) {
    EduWidgets.drawPlan(document);
    largeText();
    window.addEventListener("hashchange", () => {
      if (!byId("edu-plan-patient")) window.location.reload();
    });
  }
})(globalThis.EduWidgets);
