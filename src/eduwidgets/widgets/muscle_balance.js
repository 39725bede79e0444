// needs: core.js, model.js, everyday.js, bend_chart.js, spine.js
// MuscleBalance: sliders for muscle groups and posture, readouts, one plain sentence,
// and the spine figure. The page computes what it shows (EduWidgets.balanceState), live and static.
(function (EduWidgets) {
  "use strict";

  const fmt = (value, digits) => EduWidgets.formatNumber(value, digits);
  // Python's twin: eduwidgets.muscle_balance.round_half_up (JS Math.round rounds .5 up).
  const whole = (value) => Math.round(value);

  EduWidgets.valueText = function (name, value, control) {
    if (control.kind === "muscle") {
      const pct = whole(value * 100);
      if (pct === 100) return EduWidgets.say("balance.typical", { pct });
      return EduWidgets.say("balance.typical_word", { pct, word: pct < 100 ? control.low : control.high });
    }
    if (control.kind === "tension") {
      const pct = whole(value * 100);
      return pct === 0 ? EduWidgets.say("balance.relaxed") : EduWidgets.say("balance.full_effort", { pct });
    }
    if (control.kind === "work") return EduWidgets.say("balance.maximum", { pct: whole(value * 100) });
    if (control.kind === "choice") return control.choices[value] || String(value);
    if (control.kind === "degrees") return EduWidgets.say("units.degrees", { value: fmt(value) });
    if (control.kind === "kg") return EduWidgets.say("units.kg", { value: fmt(value) });
    if (control.kind === "cm") return EduWidgets.say("units.cm", { value: fmt(value * 100) });
    if (control.kind === "share") return EduWidgets.say("units.leaning", { pct: whole(value * 100) });
    return String(value);
  };

  // The same rules as eduwidgets.muscle_balance.plain_sentence; the words come from content.
  // referenceN: the push of standing up straight for this body [N].
  EduWidgets.balanceSentence = function (result, typical, words, loadKg, referenceN) {
    const c = EduWidgets.modelConstants;
    const t = words.thresholds;
    const fill = (template, extra) =>
      EduWidgets.fill(template, {
        effort_pct: fmt(whole(result.extensor_effort * 100)),
        extra_multiple: EduWidgets.everyday.formatMultiple((extra || 0) / referenceN),
      });
    const s = words.sentences;
    const psoasPushN = Math.cos((c.PSOAS_FASCICLE_ANGLE_DEG * Math.PI) / 180) * result.psoas_force_n;
    const tensionPushN = result.compression_n - typical.compression_n - psoasPushN;
    if (result.extensor_effort >= 1) return fill(s.cannot_hold);
    if (loadKg > 0 && result.zone !== c.ZONE_NAMES[0]) return fill(s.heavy_lift) + " " + s.hold_closer;
    if (psoasPushN / referenceN >= t.extra_push_multiple) return fill(s.hip_flexor_work_everyday, psoasPushN);
    if (tensionPushN / referenceN >= t.extra_push_multiple) return fill(s.tense_trunk_everyday, tensionPushN);
    if (result.extensor_effort >= t.hard_work_effort) return fill(s.hard_work);
    return fill(s.typical);
  };

  const referenceN = (rows, content) => EduWidgets.everyday.referenceN(rows, content);

  // Patient readouts in everyday terms; each "typical" line shows only when it differs,
  // and says how. Newtons, MPa and limits are in the clinicians' section below.
  function createReadouts(holder, everyday, words) {
    const make = EduWidgets.el;
    const w = words.patient;
    const list = make("dl", { class: "edu-readouts" });
    const push = make("dd", { "data-quantity": "compression_n" });
    const pushTypical = make("dd", { class: "edu-typical" });
    const effort = make("dd", { "data-quantity": "extensor_effort" });
    const effortTypical = make("dd", { class: "edu-typical" });
    list.append(
      make("div", { class: "edu-readout" }, [make("dt", { text: w.push_label }), push, pushTypical]),
      make("div", { class: "edu-readout" }, [make("dt", { text: w.effort_label }), effort, effortTypical])
    );
    holder.append(list);
    const scale = EduWidgets.everyday.createScale(holder, everyday);
    const chart = EduWidgets.createBendChart(holder, words.chart);
    const clinicians = EduWidgets.createClinicians(holder, words);
    const show = (node, text) => {
      node.textContent = text;
      node.hidden = !text;
    };
    function update(values, result, typical, rows, curve) {
      const ref = referenceN(rows, everyday);
      const multiple = result.compression_n / ref;
      const typicalMultiple = typical.compression_n / ref;
      const ew = EduWidgets.everyday;
      push.dataset.value = String(result.compression_n);
      push.textContent = `${ew.leadSentence(multiple, everyday.words)} ${ew.placeSentence(multiple, rows, everyday.words)}`;
      const shown = ew.formatMultiple(multiple);
      const typicalShown = ew.formatMultiple(typicalMultiple);
      show(
        pushTypical,
        shown === typicalShown ? "" : EduWidgets.fill(Number(shown) > Number(typicalShown) ? w.typical_push_higher : w.typical_push_lower, { multiple: typicalShown })
      );
      const effortPct = whole(result.extensor_effort * 100);
      const typicalPct = whole(typical.extensor_effort * 100);
      effort.dataset.value = String(result.extensor_effort);
      effort.textContent = EduWidgets.fill(w.effort, { effort_pct: fmt(effortPct) });
      show(
        effortTypical,
        effortPct === typicalPct ? "" : EduWidgets.fill(effortPct > typicalPct ? w.typical_effort_higher : w.typical_effort_lower, { effort_pct: fmt(typicalPct) })
      );
      scale.update(multiple, rows);
      chart.update(curve);
      clinicians.update(values, result, typical);
    }
    return { update };
  }

  // ------------------------------------------------------------------ the controls
  // panel: { model, controls (names), words, sliders (an input, or a list of radios, per control), valueTexts }

  function send(panel, values) {
    panel.model.set("values", values);
    panel.model.save_changes();
    showValues(panel, values);
  }

  function setValue(panel, name, value) {
    const [low, high] = EduWidgets.modelConstants.RANGES[name];
    const clamped = Math.min(high, Math.max(low, value));
    const values = Object.assign({}, panel.model.get("values"));
    values[name] = Number(clamped.toFixed(6));
    send(panel, values);
  }

  function setChoice(panel, name, value) {
    const values = Object.assign({}, panel.model.get("values"));
    values[name] = value;
    send(panel, values);
  }

  function showValues(panel, values) {
    const { sliders, valueTexts, words } = panel;
    panel.controls.forEach((name) => {
      const text = EduWidgets.valueText(name, values[name], words.controls[name]);
      if (words.controls[name].kind === "choice") {
        sliders[name].forEach((radio) => (radio.checked = radio.value === values[name]));
        valueTexts[name].textContent = text;
        return;
      }
      if (String(sliders[name].value) !== String(values[name])) sliders[name].value = values[name];
      sliders[name].setAttribute("aria-valuetext", `${words.controls[name].label}: ${text}`);
      valueTexts[name].textContent = text;
    });
  }

  // A word, not a number: native radio buttons in a named group (keyboard: arrows).
  function drawChoice(panel, name) {
    const make = EduWidgets.el;
    const control = panel.words.controls[name];
    const groupName = EduWidgets.uid(`edu-${name}`);
    // The checked radio button shows the value; this node is not shown.
    panel.valueTexts[name] = make("span");
    const legend = make("legend", { text: control.label });
    const options = Object.entries(control.choices).map(([value, label]) => {
      const id = EduWidgets.uid(`edu-${name}-${value}`);
      const radio = make("input", { type: "radio", id, name: groupName, value, "data-control": name });
      radio.addEventListener("change", () => radio.checked && setChoice(panel, name, value));
      return { radio, row: make("span", { class: "edu-mb-choice" }, [radio, make("label", { for: id, text: label })]) };
    });
    panel.sliders[name] = options.map((option) => option.radio);
    return make("fieldset", { class: "edu-mb-control edu-mb-choices" }, [
      legend,
      make("div", { class: "edu-mb-choice-row" }, options.map((option) => option.row)),
    ]);
  }

  // A number: a named slider with its value in words, and − and + buttons beside it.
  function drawSlider(panel, name) {
    const make = EduWidgets.el;
    const control = panel.words.controls[name];
    const id = EduWidgets.uid(`edu-${name}`);
    const [low, high] = EduWidgets.modelConstants.RANGES[name];
    const slider = make("input", {
      type: "range", id, name, min: low, max: high, step: control.step,
      value: panel.model.get("values")[name], "data-control": name,
    });
    slider.addEventListener("input", () => setValue(panel, name, Number(slider.value)));
    panel.sliders[name] = slider;
    const output = make("output", { for: id, class: "edu-mb-value", "aria-hidden": "true" });
    panel.valueTexts[name] = output;
    const step = Number(control.step);
    const minus = make("button", { type: "button", class: "edu-step", "aria-label": EduWidgets.say("balance.less", { label: control.label }), text: "−", onclick: () => setValue(panel, name, Number(slider.value) - step) });
    const plus = make("button", { type: "button", class: "edu-step", "aria-label": EduWidgets.say("balance.more", { label: control.label }), text: "+", onclick: () => setValue(panel, name, Number(slider.value) + step) });
    return make("div", { class: "edu-mb-control" }, [
      make("div", { class: "edu-mb-label-row" }, [make("label", { for: id, text: control.label }), output]),
      make("div", { class: "edu-mb-slider-row" }, [minus, slider, plus]),
    ]);
  }

  // "Reset to typical" and the button back to where the lesson started.
  function drawResetButtons(panel) {
    const make = EduWidgets.el;
    const model = panel.model;
    return make("div", { class: "edu-mb-buttons" }, [
      make("button", {
        type: "button",
        class: "edu-primary",
        text: EduWidgets.say("balance.reset"),
        onclick: () => send(panel, Object.assign({}, model.get("values"), EduWidgets.model.typicalMuscles())),
      }),
      make("button", {
        type: "button",
        text: model.get("start_label"),
        onclick: () => send(panel, Object.assign({}, model.get("start_values"))),
      }),
    ]);
  }

  function drawControls(panel) {
    const controlList = EduWidgets.el("div", { class: "edu-mb-controls", role: "group", "aria-label": EduWidgets.say("balance.settings_label") });
    panel.controls.forEach((name) => {
      const kind = panel.words.controls[name].kind;
      controlList.append(kind === "choice" ? drawChoice(panel, name) : drawSlider(panel, name));
    });
    controlList.append(drawResetButtons(panel));
    return controlList;
  }

  // ------------------------------------------------------------------ the widget

  function drawHeading(model, root) {
    const make = EduWidgets.el;
    if (model.get("title")) root.append(make("h3", { class: "edu-mb-title", text: model.get("title") }));
    if (model.get("prompt")) root.append(make("p", { class: "edu-mb-prompt", text: model.get("prompt") }));
    if (model.get("patient_note")) root.append(make("p", { class: "edu-mb-patient", text: model.get("patient_note") }));
  }

  function render(model, el) {
    const make = EduWidgets.el;
    const root = make("div", { class: "edu-mb" });
    drawHeading(model, root);
    const panel = { model, controls: model.get("controls"), words: model.get("words"), sliders: {}, valueTexts: {} };
    const controlList = drawControls(panel);

    const sentence = make("p", { class: "edu-mb-sentence", role: "status", "aria-live": "polite" });
    const results = make("div", { class: "edu-mb-results" }, [sentence]);
    const everyday = model.get("everyday_content");
    const readoutWords = model.get("readout_words");
    const readouts = createReadouts(results, everyday, readoutWords);

    root.append(make("div", { class: "edu-mb-layout" }, [controlList, results]));
    const figureHolder = make("div", { class: "edu-mb-figure" });
    root.append(figureHolder);
    el.append(root);
    const spine = EduWidgets.createSpine(figureHolder, { highlight: model.get("highlight"), everyday, words: readoutWords, readouts: false });

    // Everything the reader sees is computed here, from the values and the words, in
    // every runtime (live, the kernel syncs only the values): EduWidgets.balanceState.
    function showResult() {
      const values = model.get("values");
      const state = EduWidgets.balanceState(values, model.get("words"), everyday);
      readouts.update(values, state.result, state.typical, state.everyday, state.bend_curve);
      sentence.textContent = state.sentence;
      spine.update(values, state.result, state.everyday);
    }
    // Values can also change from Python (mb.set(...)); keep the sliders in step.
    const showValuesAndResult = () => {
      showValues(panel, model.get("values"));
      showResult();
    };
    showValuesAndResult();
    model.on("change:values", showValuesAndResult);
    return () => model.off("change:values", showValuesAndResult);
  }

  // The one state function of the page: everything a reader of MuscleBalance sees, from its
  // inputs and words. Python's twin for notebook authors: muscle_balance.balance_state
  // (tests/test_model_parity.py compares the two objects whole).
  EduWidgets.balanceState = function (values, words, content) {
    const result = EduWidgets.model.lumbarLoad(values);
    const typical = EduWidgets.model.lumbarLoad(Object.assign({}, values, EduWidgets.model.typicalMuscles()));
    const rows = EduWidgets.everyday.loads(content, EduWidgets.bodyInputs(values));
    const standingN = referenceN(rows, content);
    return {
      result,
      typical,
      everyday: rows,
      bend_curve: EduWidgets.bendCurve(values, standingN),
      sentence: EduWidgets.balanceSentence(result, typical, words, values.load_kg, standingN),
    };
  };

  function mountStatic(el, config) {
    render(new EduWidgets.LocalModel(config), el);
  }

  EduWidgets.register("muscle-balance", { render, mountStatic });
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
