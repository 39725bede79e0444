// needs: core.js, spine_body.js
// The four muscle groups in the spine figure: bands where each group lies, as wide and
// as solid as its pull, each with its own pattern and a label; the lesson's group is
// outlined and starred. Labels sit in a fixed column with a thin line to their band, so
// no label moves and none can cover another, whatever the posture.
(function (EduWidgets) {
  "use strict";

  // Okabe & Ito colour-blind-safe colours; each group also has its own dash pattern and label.
  // Labels are read when drawn (getters), in the page's language (content/widget_words.toml).
  const GROUPS = [
    { key: "extensors", get label() { return EduWidgets.say("muscles.extensors"); }, get short() { return EduWidgets.say("muscles.extensors_short"); }, force: "extensor_force_n", effort: "extensor_effort", colour: "#0072B2", dash: null },
    { key: "obliques", get label() { return EduWidgets.say("muscles.obliques"); }, get short() { return EduWidgets.say("muscles.obliques_short"); }, force: "oblique_force_n", effort: "oblique_effort", colour: "#B35C00", dash: "2.2 1.2" },
    { key: "abdominals", get label() { return EduWidgets.say("muscles.abdominals"); }, get short() { return EduWidgets.say("muscles.abdominals_short"); }, force: "abdominal_force_n", effort: "abdominal_effort", colour: "#CC79A7", dash: "5 1.2" },
    { key: "hip_flexors", get label() { return EduWidgets.say("muscles.hip_flexors"); }, get short() { return EduWidgets.say("muscles.hip_flexors_short"); }, force: "psoas_force_n", effort: "hip_flexor_effort", colour: "#007A5A", dash: "8 1.5 2 1.5" },
  ];
  // Where each band runs: three points (start, middle, end), each in the frame it moves with.
  const PATHS = {
    extensors: [["P", [-7.5, -9]], ["U", [-8, 6]], ["U", [-8.5, 24]]],
    obliques: [["P", [3, -6]], ["U", [7, 8]], ["U", [11, 24]]],
    abdominals: [["P", [10.5, -20]], ["U", [12.2, 5]], ["U", [11.5, 32]]],
    hip_flexors: [["U", [2.8, 10]], ["P", [7.5, -9]], ["T", [4.5, -20]]],
  };
  // The label column: model coordinates of each label's start; lines start at LINE_X.
  const LABEL_X = -92;
  const LINE_X = -32;
  const ROWS_Y = { extensors: 74, obliques: 64, abdominals: 54, hip_flexors: 44, disc: 34 };
  const FULL_PULL_N = 4000;

  // Band width [about cm] and opacity from the pull: square root, so small pulls still show.
  function bandStyle(forceN) {
    const share = Math.sqrt(Math.min(Math.max(forceN, 0), FULL_PULL_N) / FULL_PULL_N);
    return { width: 1.2 + 5.0 * share, opacity: 0.5 + 0.5 * share };
  }

  function createMuscles(svg, highlight) {
    const el = EduWidgets.el;
    const { affine, svgXY } = EduWidgets.spineBody;
    const bands = el("g", { class: "edu-muscles" });
    const labels = el("g", { class: "edu-figure-labels" });
    const parts = {};
    GROUPS.forEach((group) => {
      const marked = highlight === group.key;
      const casing = marked ? el("path", { class: "edu-muscle-casing" }) : null;
      const band = el("path", {
        class: `edu-muscle edu-muscle-${group.key}` + (marked ? " edu-highlight" : ""),
        stroke: group.colour,
        "stroke-dasharray": group.dash,
        "data-group": group.key,
      });
      const leader = el("polyline", { class: "edu-leader", stroke: group.colour });
      const text = el("text", {
        class: "edu-figure-label" + (marked ? " edu-highlight" : ""),
        x: LABEL_X,
        y: -ROWS_Y[group.key] + 2.2,
        text: (marked ? "★ " : "") + group.short,
      });
      if (casing) bands.append(casing);
      bands.append(band);
      labels.append(leader, text);
      parts[group.key] = { band, casing, leader };
    });
    const discLeader = el("polyline", { class: "edu-leader edu-leader-disc" });
    labels.append(discLeader, el("text", { class: "edu-figure-label", x: LABEL_X, y: -ROWS_Y.disc + 2.2, text: EduWidgets.say("spine.disc_label") }));
    svg.append(bands, labels);

    const leaderPoints = (rowY, target) =>
      `${LINE_X},${-rowY} ${(LINE_X + 4).toFixed(2)},${-rowY} ${svgXY(target)}`;

    function update(frames, result) {
      GROUPS.forEach((group) => {
        const [p0, p1, p2] = PATHS[group.key].map(([frame, point]) => affine.apply(frames[frame], point));
        // A quadratic curve through the middle point: control = 2 * middle - (start + end) / 2.
        const control = [2 * p1[0] - (p0[0] + p2[0]) / 2, 2 * p1[1] - (p0[1] + p2[1]) / 2];
        const d = `M${svgXY(p0)} Q${svgXY(control)} ${svgXY(p2)}`;
        const style = bandStyle(result[group.force]);
        const part = parts[group.key];
        part.band.setAttribute("d", d);
        part.band.setAttribute("stroke-width", style.width.toFixed(2));
        part.band.setAttribute("stroke-opacity", style.opacity.toFixed(2));
        if (part.casing) {
          part.casing.setAttribute("d", d);
          part.casing.setAttribute("stroke-width", (style.width + 1.4).toFixed(2));
        }
        part.leader.setAttribute("points", leaderPoints(ROWS_Y[group.key], p1));
      });
      discLeader.setAttribute("points", leaderPoints(ROWS_Y.disc, affine.apply(frames.P, [0, 0])));
    }
    return { update };
  }

  EduWidgets.spineMuscles = { GROUPS, createMuscles, bandStyle };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
