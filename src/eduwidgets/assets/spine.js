// Side view of the lumbar spine: L1 to S1, the pelvis, where the four muscle groups
// pull, the L4/L5 disc shaded by load zone, and a gauge against the NIOSH limits.
// Drawn once; every update changes attributes in place (no rebuild).
// Units inside the SVG are centimetres, origin at the centre of the L4/L5 disc,
// x towards the front of the body, y up (flipped when drawn).
(function (EW) {
  "use strict";

  // Okabe & Ito colour-blind-safe colours; each group also has its own dash style and label.
  const GROUPS = [
    { key: "extensors", label: "Back muscles", force: "extensor_force_n", colour: "#0072B2", dash: "" },
    { key: "abdominals", label: "Front stomach muscles", force: "abdominal_force_n", colour: "#CC79A7", dash: "6 2" },
    { key: "obliques", label: "Side stomach muscles", force: "oblique_force_n", colour: "#B35C00", dash: "2 2" },
    { key: "hip_flexors", label: "Hip flexors (psoas)", force: "psoas_force_n", colour: "#007A5A", dash: "8 3 2 3" },
  ];
  // Where each group pulls: [upper point that moves with the lumbar spine, lower point on the pelvis].
  const ATTACHMENTS = {
    extensors: [[-5.5, 15.5], [-6.0, -8.5]],
    abdominals: [[11.0, 18.0], [9.0, -14.0]],
    obliques: [[7.5, 17.0], [6.5, -3.0]],
    hip_flexors: [[2.6, 12.5], [6.5, -19.0]],
  };
  // Disc centres from L5/S1 up to T12/L1 with their tilt (degrees) in upright standing.
  const DISCS = [
    { name: "L5/S1", x: -1.2, y: -4.2, tilt: 30 },
    { name: "L4/L5", x: 0.0, y: 0.0, tilt: 12 },
    { name: "L3/L4", x: 0.2, y: 4.3, tilt: 0 },
    { name: "L2/L3", x: -0.3, y: 8.5, tilt: -8 },
    { name: "L1/L2", x: -1.2, y: 12.6, tilt: -12 },
    { name: "T12/L1", x: -2.3, y: 16.6, tilt: -15 },
  ];
  const VERTEBRAE = ["L5", "L4", "L3", "L2", "L1"];
  const BODY_DEPTH_CM = 4.4;
  const DISC_THICKNESS_CM = 1.0;
  const ZONE_STYLE = {
    "below action limit": { fill: "#CDEFE3", stroke: "#00734F", label: "below the action limit" },
    "above action limit": { fill: "#FBE3B8", stroke: "#8A5A00", label: "above the action limit" },
    "above maximum limit": { fill: "#F7C9C2", stroke: "#B3261E", label: "above the maximum limit" },
  };
  const GAUGE_MAX_N = 8000;
  const VIEW = { x: -17, y: -27, width: 62, height: 57 };

  const fmt = (value, digits) => EW.formatNumber(value, digits);
  const rad = (deg) => (deg * Math.PI) / 180;
  const rotate = ([x, y], angleRad) => [
    x * Math.cos(angleRad) + y * Math.sin(angleRad),
    -x * Math.sin(angleRad) + y * Math.cos(angleRad),
  ];
  // SVG y grows downwards.
  const svgPoint = ([x, y]) => `${x.toFixed(2)},${(-y).toFixed(2)}`;

  function boxPoints(cx, cy, tiltDeg, width, height) {
    const t = rad(tiltDeg);
    const ux = [Math.cos(t), -Math.sin(t)];
    const uy = [Math.sin(t), Math.cos(t)];
    const corners = [
      [-width / 2, -height / 2],
      [width / 2, -height / 2],
      [width / 2, height / 2],
      [-width / 2, height / 2],
    ];
    return corners.map(([a, b]) => [cx + a * ux[0] + b * uy[0], cy + a * ux[1] + b * uy[1]]);
  }

  function arrowWidthCm(forceN) {
    return 0.25 + 1.6 * Math.sqrt(Math.min(Math.max(forceN, 0), GAUGE_MAX_N) / GAUGE_MAX_N);
  }

  // Plain words for the figure's text alternative: what it shows, with its numbers.
  EW.spineSummary = function (inputs, result) {
    const zone = ZONE_STYLE[result.zone].label;
    const groups = GROUPS.map((g) => `${g.label.toLowerCase()} ${fmt(result[g.force])} N`).join(", ");
    const where = { standing: "standing", sitting: "sitting", lying: "lying down" }[inputs.position || "standing"];
    const posture = inputs.position === "lying" || !(inputs.trunk_flexion_deg > 0)
      ? (inputs.position === "lying" ? where : `${where} upright`)
      : `${where}, bent forward ${fmt(inputs.trunk_flexion_deg)} degrees`;
    const load = inputs.load_kg > 0
      ? ` Holding ${fmt(inputs.load_kg)} kg ${fmt(inputs.load_distance_m * 100)} cm in front of the spine.`
      : "";
    return (
      `Side view of the lower back, ${posture}.${load} ` +
      `The disc between L4 and L5 is pressed with ${fmt(result.compression_n)} newtons ` +
      `(${fmt(result.body_weight_multiple, 1)} times body weight), ${zone} of 3,400 N. ` +
      `Sliding push (shear): ${fmt(result.shear_n)} N. Muscle pulls: ${groups}.`
    );
  };

  // Build the drawing once; returns update(inputs, result) that changes it in place.
  EW.createSpine = function (container, options) {
    const el = EW.el;
    const highlight = (options && options.highlight) || null;
    const titleId = EW.uid("spine-title");
    const descId = EW.uid("spine-desc");
    const svg = el("svg", {
      class: "edu-spine-svg",
      viewBox: `${VIEW.x} ${VIEW.y} ${VIEW.width} ${VIEW.height}`,
      role: "img",
      "aria-labelledby": `${titleId} ${descId}`,
      preserveAspectRatio: "xMidYMid meet",
    });
    const title = el("title", { id: titleId, text: "Side view of your lower back" });
    const desc = el("desc", { id: descId });
    svg.append(title, desc);

    // Fixed parts: pelvis, sacrum, hip joint, thigh bone, floor of the drawing.
    const fixed = el("g", { class: "edu-spine-fixed" });
    fixed.append(
      el("polygon", {
        class: "edu-bone edu-pelvis",
        points: [[-7, -1], [-2, 1.8], [4.5, 1.2], [8, -2.5], [7, -8], [10, -13], [8.5, -15.5], [3, -14], [-3.5, -12.5]].map(svgPoint).join(" "),
      }),
      el("polygon", {
        class: "edu-bone edu-sacrum",
        points: [[0.7, -5.5], [-3.1, -3.3], [-6.7, -9], [-6.5, -14.5], [-3.5, -12.5]].map(svgPoint).join(" "),
      }),
      el("circle", { class: "edu-bone", cx: 4.5, cy: 12.5, r: 2.2 }),
      el("line", { class: "edu-femur", x1: 4.5, y1: 12.5, x2: 7.5, y2: 28 }),
      el("text", { class: "edu-spine-label", x: -7.6, y: 15.5, "text-anchor": "end", text: "Sacrum" }),
      el("text", { class: "edu-spine-label", x: 11.2, y: 13.5, text: "Hip" }),
      el("text", { class: "edu-spine-label edu-direction", x: VIEW.x + 1, y: VIEW.y + VIEW.height - 1.5, text: "← Back of body" }),
      el("text", { class: "edu-spine-label edu-direction", x: VIEW.x + VIEW.width - 1, y: VIEW.y + VIEW.height - 1.5, "text-anchor": "end", text: "Front of body →" })
    );

    // Moving parts: the lumbar spine rotates about the L4/L5 disc as the trunk bends.
    const lumbar = el("g", { class: "edu-spine-lumbar" });
    const upper = el("g", { class: "edu-spine-upper" });
    let targetDisc = null;
    DISCS.forEach((disc, index) => {
      const shape = el("polygon", {
        class: "edu-disc",
        points: boxPoints(disc.x, disc.y, disc.tilt, BODY_DEPTH_CM * 0.95, DISC_THICKNESS_CM).map(svgPoint).join(" "),
      });
      if (disc.name === "L4/L5") {
        shape.setAttribute("class", "edu-disc edu-disc-target");
        targetDisc = shape;
        lumbar.append(shape);
      } else if (index === 0) {
        fixed.append(shape);
      } else {
        upper.append(shape);
      }
    });
    VERTEBRAE.forEach((name, index) => {
      const below = DISCS[index];
      const above = DISCS[index + 1];
      const cx = (below.x + above.x) / 2;
      const cy = (below.y + above.y) / 2;
      const tilt = (below.tilt + above.tilt) / 2;
      const height = Math.hypot(above.x - below.x, above.y - below.y) - DISC_THICKNESS_CM;
      const group = name === "L5" ? fixed : upper;
      group.append(
        el("polygon", { class: "edu-bone edu-vertebra", points: boxPoints(cx, cy, tilt, BODY_DEPTH_CM, height).map(svgPoint).join(" ") }),
        el("polygon", {
          class: "edu-bone",
          points: [[cx - 2.2, cy + 0.8], [cx - 5.2, cy - 0.6], [cx - 5.0, cy - 1.6], [cx - 2.2, cy - 0.8]].map(svgPoint).join(" "),
        }),
        el("text", { class: "edu-spine-label edu-vertebra-label", x: cx + 0.1, y: -cy + 0.7, "text-anchor": "middle", text: name })
      );
    });
    lumbar.append(upper);
    const discLabel = el("text", { class: "edu-spine-label edu-disc-label", x: 3.2, y: 0.6, text: "← L4/L5 disc" });
    lumbar.append(discLabel);

    // Upper body weight and the load in the hands.
    const weight = el("g", { class: "edu-weight" });
    const comDot = el("circle", { r: 1.1, class: "edu-com" });
    const comLine = el("line", { class: "edu-gravity" });
    const comText = el("text", { class: "edu-spine-label", text: "Upper body weight" });
    const trunkLine = el("line", { class: "edu-trunk-line" });
    const box = el("rect", { class: "edu-load-box", width: 5, height: 5 });
    const boxText = el("text", { class: "edu-spine-label", "text-anchor": "middle" });
    weight.append(trunkLine, comLine, comDot, comText, box, boxText);

    // Muscles: a band from the moving attachment to the pelvis, arrow showing the pull.
    const markerId = EW.uid("spine-arrow");
    const defs = el("defs", {}, [
      el("marker", { id: markerId, viewBox: "0 0 10 10", refX: 7, refY: 5, markerWidth: 3, markerHeight: 3, orient: "auto-start-reverse" }, [
        el("path", { d: "M0,0 L10,5 L0,10 z", fill: "context-stroke" }),
      ]),
    ]);
    svg.append(defs);
    const muscles = el("g", { class: "edu-muscles" });
    const muscleLines = {};
    GROUPS.forEach((group) => {
      const line = el("line", {
        class: `edu-muscle edu-muscle-${group.key}` + (highlight === group.key ? " edu-highlight" : ""),
        stroke: group.colour,
        "stroke-dasharray": group.dash || null,
        "marker-end": `url(#${markerId})`,
        opacity: highlight && highlight !== group.key ? 0.35 : 1,
      });
      muscleLines[group.key] = line;
      muscles.append(line);
    });

    svg.append(fixed, lumbar, muscles, weight);

    // Legend (HTML, so it reflows on a phone): line style + name + force.
    const legend = el("ul", { class: "edu-spine-legend" });
    const legendValues = {};
    GROUPS.forEach((group) => {
      const swatch = el("svg", { class: "edu-swatch", viewBox: "0 0 40 10", "aria-hidden": "true" }, [
        el("line", { x1: 0, y1: 5, x2: 40, y2: 5, stroke: group.colour, "stroke-width": 4, "stroke-dasharray": group.dash || null }),
      ]);
      const value = el("span", { class: "edu-legend-value" });
      legendValues[group.key] = value;
      legend.append(
        el("li", { class: highlight === group.key ? "edu-highlight" : null }, [
          swatch,
          el("span", { class: "edu-legend-name", text: group.label + (highlight === group.key ? " (this lesson)" : "") }),
          value,
        ])
      );
    });

    // Gauge against the NIOSH limits: marks carry text, zone carries a word, not only a colour.
    const gaugeFill = el("div", { class: "edu-gauge-fill" });
    const gaugeValue = el("p", { class: "edu-gauge-value" });
    const gauge = el("div", { class: "edu-gauge" }, [
      el("div", { class: "edu-gauge-track", "aria-hidden": "true" }, [
        gaugeFill,
        el("div", { class: "edu-gauge-mark edu-gauge-action", style: `left:${(3400 / GAUGE_MAX_N) * 100}%` }, [
          el("span", { text: "3,400 N" }),
        ]),
        el("div", { class: "edu-gauge-mark edu-gauge-maximum", style: `left:${(6400 / GAUGE_MAX_N) * 100}%` }, [
          el("span", { text: "6,400 N" }),
        ]),
      ]),
      gaugeValue,
      el("p", {
        class: "edu-gauge-key",
        text: "Dashed line: action limit, 3,400 N. Above it, some people risk injury when lifting. " +
          "Dotted line: maximum limit, 6,400 N (NIOSH).",
      }),
    ]);
    const caption = el("p", { class: "edu-spine-caption" });
    const figure = el("figure", { class: "edu-spine" }, [
      svg,
      el("figcaption", {}, [caption]),
      legend,
      gauge,
    ]);
    container.append(figure);

    function update(inputs, result) {
      const lumbarRad = rad(inputs.trunk_flexion_deg) * EW.modelConstants.LUMBAR_SHARE_OF_FLEXION;
      // Clockwise in the drawing = bending forward (towards +x).
      lumbar.setAttribute("transform", `rotate(${((lumbarRad * 180) / Math.PI).toFixed(2)})`);
      const style = ZONE_STYLE[result.zone];
      targetDisc.setAttribute("fill", style.fill);
      targetDisc.setAttribute("stroke", style.stroke);
      targetDisc.dataset.zone = result.zone;
      targetDisc.setAttribute("stroke-dasharray", result.zone === "below action limit" ? "" : "1 0.5");

      GROUPS.forEach((group) => {
        const [upperPoint, lowerPoint] = ATTACHMENTS[group.key];
        const moved = rotate(upperPoint, lumbarRad);
        const line = muscleLines[group.key];
        line.setAttribute("x1", moved[0].toFixed(2));
        line.setAttribute("y1", (-moved[1]).toFixed(2));
        line.setAttribute("x2", lowerPoint[0]);
        line.setAttribute("y2", -lowerPoint[1]);
        const width = arrowWidthCm(result[group.force]);
        line.setAttribute("stroke-width", (highlight === group.key ? width + 0.4 : width).toFixed(2));
        legendValues[group.key].textContent = `${fmt(result[group.force])} N`;
      });

      const heightCm = (inputs.height_m || 1.75) * 100;
      const comRadiusCm = EW.modelConstants.TRUNK_HEAD_COM_DISTANCE_FRACTION * heightCm;
      const flexRad = rad(inputs.trunk_flexion_deg);
      const offsetCm = EW.modelConstants.UPRIGHT_COM_OFFSET_M * 100;
      const com = [
        offsetCm * Math.cos(flexRad) + comRadiusCm * Math.sin(flexRad),
        -offsetCm * Math.sin(flexRad) + comRadiusCm * Math.cos(flexRad),
      ];
      trunkLine.setAttribute("x1", 0);
      trunkLine.setAttribute("y1", 0);
      trunkLine.setAttribute("x2", (com[0] * 1.3).toFixed(2));
      trunkLine.setAttribute("y2", (-com[1] * 1.3).toFixed(2));
      comDot.setAttribute("cx", com[0].toFixed(2));
      comDot.setAttribute("cy", (-com[1]).toFixed(2));
      comLine.setAttribute("x1", com[0].toFixed(2));
      comLine.setAttribute("y1", (-com[1]).toFixed(2));
      comLine.setAttribute("x2", com[0].toFixed(2));
      comLine.setAttribute("y2", (-com[1] + 7).toFixed(2));
      comText.setAttribute("x", (com[0] + 1.8).toFixed(2));
      comText.setAttribute("y", (-com[1] - 0.6).toFixed(2));

      const hasLoad = inputs.load_kg > 0;
      box.style.display = hasLoad ? "" : "none";
      boxText.style.display = hasLoad ? "" : "none";
      if (hasLoad) {
        // Far loads are drawn at the edge; the label still gives the true distance.
        const drawnX = Math.min(inputs.load_distance_m * 100, VIEW.x + VIEW.width - 4);
        box.setAttribute("x", (drawnX - 2.5).toFixed(2));
        box.setAttribute("y", (-2.5).toFixed(2));
        const nearEdge = drawnX > VIEW.x + VIEW.width - 12;
        boxText.setAttribute("text-anchor", nearEdge ? "end" : "middle");
        boxText.setAttribute("x", (nearEdge ? drawnX + 2.5 : drawnX).toFixed(2));
        boxText.setAttribute("y", "6.5");
        boxText.textContent = `${fmt(inputs.load_kg)} kg, ${fmt(inputs.load_distance_m * 100)} cm`;
      }

      const share = Math.min(result.compression_n / GAUGE_MAX_N, 1);
      gaugeFill.style.width = `${(share * 100).toFixed(1)}%`;
      gaugeFill.style.background = style.stroke;
      gaugeFill.dataset.zone = result.zone;
      gaugeValue.textContent =
        `Push on the L4/L5 disc: ${fmt(result.compression_n)} N, ${style.label}. ` +
        `Sliding push (shear): ${fmt(result.shear_n)} N.`;

      const summary = EW.spineSummary(inputs, result);
      desc.textContent = summary;
      caption.textContent = summary;
    }

    return { update, element: figure };
  };

  function render(model, el) {
    const spine = EW.createSpine(el, { highlight: model.get("highlight") });
    const redraw = () => spine.update(model.get("inputs"), model.get("result"));
    redraw();
    model.on("change:result", redraw);
    return () => model.off("change:result", redraw);
  }

  function mountStatic(el, config) {
    const model = new EW.LocalModel(config, (m, changed) => {
      if (changed === null || changed === "inputs") m.setQuiet("result", EW.model.lumbarLoad(m.get("inputs")));
    });
    render(model, el);
  }

  EW.register("spine-figure", { render, mountStatic });
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
