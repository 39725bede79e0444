// needs: core.js
// "For clinicians": the model's numbers in newtons and megapascals, the NIOSH limits and
// the model's inputs, in a <details> closed by default. Patients read everyday terms
// above it; the same section is in every runtime (live, handout, clinic page).
(function (EduWidgets) {
  "use strict";

  const fmt = (value, digits) => EduWidgets.formatNumber(value, digits);
  const pct = (value) => `${fmt(value * 100)}%`;

  function createClinicians(container, words) {
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
  }

  EduWidgets.createClinicians = createClinicians;
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
