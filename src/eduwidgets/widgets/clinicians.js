// "For clinicians": the model's numbers in newtons and megapascals, the NIOSH limits and
// the model's inputs, in a <details> closed by default. Patients read everyday terms
// above it; the same section is in every runtime (live, handout, clinic page).
(function (EW) {
  "use strict";

  const fmt = (value, digits) => EW.formatNumber(value, digits);
  const pct = (value) => `${fmt(value * 100)}%`;

  function createClinicians(container, words) {
    const el = EW.el;
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
      set("compression", `${fmt(result.compression_n)} N (${fmt(result.body_weight_multiple, 1)} × body weight)`, result.compression_n);
      set("pressure", `${fmt(result.disc_pressure_mpa, 2)} MPa`, result.disc_pressure_mpa);
      set("shear", `${fmt(result.shear_n)} N`, result.shear_n);
      set("niosh", w.zones[result.zone]);
      set(
        "forces",
        `extensors ${fmt(result.extensor_force_n)} N (${pct(result.extensor_effort)} of strength); ` +
          `rectus abdominis ${fmt(result.abdominal_force_n)} N (${pct(result.abdominal_effort)}); ` +
          `obliques ${fmt(result.oblique_force_n)} N (${pct(result.oblique_effort)}); ` +
          `psoas ${fmt(result.psoas_force_n)} N (${pct(result.hip_flexor_effort)})`
      );
      set("moment", `${fmt(result.flexion_moment_nm)} N m`);
      rows.typical.parentElement.hidden = !typical;
      if (typical) set("typical", `${fmt(typical.compression_n)} N`);
      set(
        "inputs",
        `${inputs.position || "standing"}; trunk flexion ${fmt(inputs.trunk_flexion_deg)}°; ` +
          `load ${fmt(inputs.load_kg)} kg at ${fmt(inputs.load_distance_m * 100)} cm; ` +
          `hip-flexor activation ${pct(inputs.hip_flexor_activation)}; ` +
          `strength: extensors ${pct(inputs.extensors)}, obliques ${pct(inputs.obliques)}, ` +
          `hip flexors ${pct(inputs.hip_flexors)}, abdominals ${pct(inputs.abdominals)}; ` +
          `tension: obliques ${pct(inputs.obliques_tension)}, abdominals ${pct(inputs.abdominals_tension)}; ` +
          `body ${fmt(inputs.mass_kg)} kg, ${fmt(inputs.height_m, 2)} m`
      );
    }
    return { update, element: details };
  }

  EW.createClinicians = createClinicians;
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
