// needs: core.js, model.js, everyday.js, spine_drawing.js
// The spine figure: a side view of a person with the four muscle groups and a close-up
// of the L4/L5 disc (the drawing: spine_drawing.js), its text alternative, the key of
// muscle groups, and, for SpineFigure, the push in everyday terms with a closed "For
// clinicians" section (MuscleBalance shows the same section under its own readouts).
// Drawn once; each update changes attributes in place (no rebuild), so a slider move
// stays well inside one frame.
(function (EduWidgets) {
  "use strict";

  // Model coordinates (x right, y up) shown by the SVG: room for standing, bending to
  // 90 degrees, sitting and lying, the label column on the left and the close-up.
  const VIEW = { left: -94, right: 90, top: 82, bottom: -75 };
  const fmt = (value, digits) => EduWidgets.formatNumber(value, digits);
  const pct = (value) => `${fmt(value * 100)}%`;

  // Plain words for the figure's text alternative: everything it shows, with its numbers.
  EduWidgets.spineSummary = function (inputs, result, rows, everyday) {
    const say = EduWidgets.say;
    const where = say({ sitting: "spine.sitting", lying: "spine.lying" }[inputs.position] || "spine.standing");
    const posture = inputs.position === "lying" || !(inputs.trunk_flexion_deg > 0)
      ? (inputs.position === "lying" ? where : say("spine.upright", { where }))
      : say("spine.bent", { where, degrees: fmt(inputs.trunk_flexion_deg) });
    const load = inputs.load_kg > 0 && inputs.position !== "lying"
      ? " " + say("spine.holding", { kg: fmt(inputs.load_kg), cm: fmt(inputs.load_distance_m * 100) })
      : "";
    const multiple = result.compression_n / EduWidgets.everyday.referenceN(rows, everyday);
    const groups = EduWidgets.spineDrawing.GROUPS.map((g) =>
      say("spine.pull", { label: g.label.toLowerCase(), newtons: fmt(result[g.force]), pct: fmt(result[g.effort] * 100) })
    ).join("; ");
    return (
      `${say("spine.person", { posture })}${load} ` +
      `${EduWidgets.everyday.leadSentence(multiple, everyday.words)} ${EduWidgets.everyday.placeSentence(multiple, rows, everyday.words)} ` +
      `${say("spine.disc", { compression: fmt(result.compression_n), shear: fmt(result.shear_n) })} ` +
      say("spine.pulls", { groups })
    );
  };

  // The drawing's frame: an SVG image named by its title and described by its text
  // alternative (written on each update).
  function drawSvg() {
    const el = EduWidgets.el;
    const titleId = EduWidgets.uid("spine-title");
    const descId = EduWidgets.uid("spine-desc");
    const svg = el("svg", {
      class: "edu-spine-svg",
      viewBox: `${VIEW.left} ${-VIEW.top} ${VIEW.right - VIEW.left} ${VIEW.top - VIEW.bottom}`,
      role: "img",
      "aria-labelledby": `${titleId} ${descId}`,
      preserveAspectRatio: "xMidYMid meet",
    });
    const desc = el("desc", { id: descId });
    svg.append(el("title", { id: titleId, text: EduWidgets.say("spine.title") }), desc);
    return { svg, desc };
  }

  // Key (HTML, so it reflows on a phone): pattern, name, and how hard each group works.
  function createLegend(highlight, words) {
    const el = EduWidgets.el;
    const legend = el("ul", { class: "edu-spine-legend" });
    const values = {};
    EduWidgets.spineDrawing.GROUPS.forEach((group) => {
      const marked = highlight === group.key;
      const swatch = el("svg", { class: "edu-swatch", viewBox: "0 0 40 10", "aria-hidden": "true" }, [
        el("line", { x1: 0, y1: 5, x2: 40, y2: 5, stroke: group.colour, "stroke-width": 6, "stroke-dasharray": group.dash ? group.dash.split(" ").map((v) => Number(v) * 2).join(" ") : null }),
      ]);
      const value = el("span", { class: "edu-legend-value" });
      values[group.key] = value;
      legend.append(
        el("li", { class: marked ? "edu-highlight" : null, "data-group": group.key }, [
          swatch,
          el("span", { class: "edu-legend-name", text: (marked ? "★ " : "") + group.label + (marked ? ` ${words.patient.this_lesson}` : "") }),
          value,
        ])
      );
    });
    function update(result) {
      EduWidgets.spineDrawing.GROUPS.forEach((group) => {
        values[group.key].textContent = EduWidgets.fill(words.patient.group_effort, { effort_pct: fmt(result[group.effort] * 100) });
      });
    }
    return { legend, update };
  }

  // "For clinicians": the model's numbers in newtons and megapascals, the NIOSH limits and
  // the model's inputs, in a <details> closed by default. Patients read everyday terms
  // above it; the same section is in every runtime (live, handout, clinic page).
  EduWidgets.createClinicians = function (container, words) {
    const el = EduWidgets.el;
    const w = words.clinicians;
    const list = el("dl", { class: "edu-clinicians-list" });
    const details = el("details", { class: "edu-clinicians" }, [
      el("summary", { text: w.summary }),
      el("p", { class: "edu-clinicians-intro", text: w.intro }),
      list,
      el("p", { class: "edu-clinicians-note", text: w.niosh_note }),
    ]);
    container.append(details);
    const rows = {};
    function row(key, label, quantity) {
      const value = el("dd", quantity ? { "data-quantity": quantity } : {});
      list.append(el("div", { class: "edu-clinicians-row" }, [el("dt", { text: label }), value]));
      rows[key] = value;
    }
    row("compression", w.compression, "compression_n");
    row("pressure", w.pressure, "disc_pressure_mpa");
    row("shear", w.shear, "shear_n");
    row("niosh", w.niosh);
    row("forces", w.forces);
    row("moment", w.moment);
    row("typical", w.typical);
    row("inputs", w.inputs);

    function update(inputs, result, typical) {
      const set = (key, text, value) => {
        rows[key].textContent = text;
        if (value !== undefined) rows[key].dataset.value = String(value);
      };
      const say = EduWidgets.say;
      const compression = { newtons: fmt(result.compression_n), multiple: fmt(result.body_weight_multiple, 1) };
      set("compression", say("clinicians.compression", compression), result.compression_n);
      set("pressure", say("clinicians.pressure", { mpa: fmt(result.disc_pressure_mpa, 2) }), result.disc_pressure_mpa);
      set("shear", say("clinicians.newtons", { value: fmt(result.shear_n) }), result.shear_n);
      set("niosh", w.zones[result.zone]);
      set("forces", say("clinicians.forces", {
        extensors: fmt(result.extensor_force_n), extensors_pct: pct(result.extensor_effort),
        abdominals: fmt(result.abdominal_force_n), abdominals_pct: pct(result.abdominal_effort),
        obliques: fmt(result.oblique_force_n), obliques_pct: pct(result.oblique_effort),
        psoas: fmt(result.psoas_force_n), psoas_pct: pct(result.hip_flexor_effort),
      }));
      set("moment", say("clinicians.moment", { value: fmt(result.flexion_moment_nm) }));
      rows.typical.parentElement.hidden = !typical;
      if (typical) set("typical", say("clinicians.newtons", { value: fmt(typical.compression_n) }));
      const position = say({ sitting: "clinicians.sitting", lying: "clinicians.lying" }[inputs.position] || "clinicians.standing");
      set("inputs", say("clinicians.inputs", {
        position, flexion: fmt(inputs.trunk_flexion_deg), kg: fmt(inputs.load_kg), cm: fmt(inputs.load_distance_m * 100),
        activation: pct(inputs.hip_flexor_activation),
        extensors: pct(inputs.extensors), obliques: pct(inputs.obliques),
        hip_flexors: pct(inputs.hip_flexors), abdominals: pct(inputs.abdominals),
        obliques_tension: pct(inputs.obliques_tension), abdominals_tension: pct(inputs.abdominals_tension),
        mass: fmt(inputs.mass_kg), height: fmt(inputs.height_m, 2),
      }));
    }
    return { update, element: details };
  };

  // Under the figure: the push in everyday terms, its scale, and "For clinicians".
  function createReadouts(container, everyday, words) {
    const el = EduWidgets.el;
    const lead = el("p", { class: "edu-spine-lead", "data-quantity": "compression_n" });
    const holder = el("div", { class: "edu-spine-readouts" }, [lead]);
    container.append(holder);
    const scale = EduWidgets.everyday.createScale(holder, everyday);
    const clinicians = EduWidgets.createClinicians(holder, words);
    function update(inputs, result, rows, multiple) {
      lead.dataset.value = String(result.compression_n);
      lead.textContent =
        `${EduWidgets.everyday.leadSentence(multiple, everyday.words)} ${EduWidgets.everyday.placeSentence(multiple, rows, everyday.words)}`;
      scale.update(multiple, rows);
      clinicians.update(inputs, result, null);
    }
    return { update };
  }

  // Build the drawing once; returns update(inputs, result, rows) that changes it in place.
  // options: highlight (a muscle group), everyday (tasks and words), words (readouts.toml),
  // readouts (true: the push in everyday terms and "For clinicians" under the figure).
  EduWidgets.createSpine = function (container, options) {
    const everyday = options.everyday;
    const { svg, desc } = drawSvg();
    const body = EduWidgets.spineDrawing.createBody(svg);
    const muscles = EduWidgets.spineDrawing.createMuscles(svg, options.highlight || null);
    svg.append(body.load);
    const closeUp = EduWidgets.spineDrawing.createCloseUp(svg, everyday.words);
    const legend = createLegend(options.highlight || null, options.words);
    const figure = EduWidgets.el("figure", { class: "edu-spine" }, [svg, legend.legend]);
    container.append(figure);
    const readouts = options.readouts ? createReadouts(container, everyday, options.words) : null;

    function update(inputs, result, rows) {
      const squeeze = EduWidgets.spineDrawing.discSqueeze(result.compression_n);
      const frames = EduWidgets.spineDrawing.pose(inputs, squeeze.thickness - 1.0);
      body.update(frames, inputs, squeeze);
      muscles.update(frames, result);
      const multiple = result.compression_n / EduWidgets.everyday.referenceN(rows, everyday);
      closeUp.update(squeeze, multiple);
      legend.update(result);
      desc.textContent = EduWidgets.spineSummary(inputs, result, rows, everyday);
      if (readouts) readouts.update(inputs, result, rows, multiple);
    }

    return { update, element: figure };
  };

  function render(model, el) {
    const spine = EduWidgets.createSpine(el, {
      highlight: model.get("highlight"),
      everyday: model.get("everyday_content"),
      words: model.get("readout_words"),
      readouts: true,
    });
    // The page computes what it shows from the inputs, live and static: the kernel syncs
    // inputs and words only (SpineFigure.result is Python's same numbers, on demand).
    const redraw = () => {
      const inputs = model.get("inputs");
      const rows = EduWidgets.everyday.loads(model.get("everyday_content"), EduWidgets.bodyInputs(inputs));
      spine.update(inputs, EduWidgets.model.lumbarLoad(inputs), rows);
    };
    redraw();
    model.on("change:inputs", redraw);
    return () => model.off("change:inputs", redraw);
  }

  function mountStatic(el, config) {
    render(new EduWidgets.LocalModel(config), el);
  }

  // The Body inputs (mass, height) out of a flat inputs dict, for the everyday tasks.
  EduWidgets.bodyInputs = function (inputs) {
    const owners = EduWidgets.modelConstants.INPUT_OWNERS;
    return Object.fromEntries(Object.keys(owners).filter((n) => owners[n] === "Body").map((n) => [n, inputs[n]]));
  };

  EduWidgets.register("spine-figure", { render, mountStatic });
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
