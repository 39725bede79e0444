// needs: core.js, everyday.js
// The drawing inside the spine figure, in three parts: the person (where each body part
// is for the inputs, the outline of the body and the bones inside it), the four muscle
// groups on it, and a close-up of the L4/L5 disc. spine.js builds the figure around it
// (the SVG, its text alternative, the key) and calls each part's update on every change.
//
// Units are about centimetres. Coordinates are "model" coordinates: origin at the
// centre of the L4/L5 disc when standing, x towards the front of the body, y up.
// Each part belongs to a frame that moves with the posture inputs:
//   W (world: standing, sitting, or turned to lie on a bed), P (pelvis: turns about
//   the hip as the trunk bends), U (upper body: turns about the L4/L5 disc),
//   T (thigh: forward on a seat, lifted in lying when the hip muscles work), S (shin).
(function (EduWidgets) {
  "use strict";

  // ---------------------------------------------------------------- the person
  // 2D affine matrices [a, b, c, d, e, f] as in SVG: x' = a x + c y + e, y' = b x + d y + f.
  const affine = {
    multiply(m, n) {
      return [
        m[0] * n[0] + m[2] * n[1],
        m[1] * n[0] + m[3] * n[1],
        m[0] * n[2] + m[2] * n[3],
        m[1] * n[2] + m[3] * n[3],
        m[0] * n[4] + m[2] * n[5] + m[4],
        m[1] * n[4] + m[3] * n[5] + m[5],
      ];
    },
    // Counterclockwise (model y up) by deg about (px, py).
    rotate(deg, px, py) {
      const r = (deg * Math.PI) / 180;
      const c = Math.cos(r);
      const s = Math.sin(r);
      px = px || 0;
      py = py || 0;
      return [c, s, -s, c, px - c * px + s * py, py - s * px - c * py];
    },
    translate(x, y) {
      return [1, 0, 0, 1, x, y];
    },
    apply(m, point) {
      return [m[0] * point[0] + m[2] * point[1] + m[4], m[1] * point[0] + m[3] * point[1] + m[5]];
    },
    // A model-coordinate matrix as an SVG transform (y is flipped on both sides).
    svg(m) {
      const f = (v, d) => v.toFixed(d);
      return `matrix(${f(m[0], 4)} ${f(-m[1], 4)} ${f(-m[2], 4)} ${f(m[3], 4)} ${f(m[4], 2)} ${f(-m[5], 2)})`;
    },
  };
  const svgXY = (point) => `${point[0].toFixed(2)},${(-point[1]).toFixed(2)}`;

  // A smooth closed outline through points (Catmull-Rom turned into cubic Béziers).
  function smoothClosedPath(points) {
    const n = points.length;
    let d = `M${svgXY(points[0])}`;
    for (let i = 0; i < n; i++) {
      const p0 = points[(i - 1 + n) % n];
      const p1 = points[i];
      const p2 = points[(i + 1) % n];
      const p3 = points[(i + 2) % n];
      const c1 = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6];
      const c2 = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6];
      d += `C${svgXY(c1)} ${svgXY(c2)} ${svgXY(p2)}`;
    }
    return d + "Z";
  }

  const HIP = [4.5, -12.5];
  const KNEE = [5, -58];
  const SHOULDER = [-2, 46];
  const ARM_LENGTH = 58;
  const HAND_MAX_X = 76;
  const HAND_MIN_Y = -57;
  const LOAD_MIN_WIDTH = 17;
  // Where the standing and sitting person stands in the view, and where the lying one lies.
  const STANDING_SHIFT = [-6, 0];
  const LYING_SHIFT = [-6, -49];
  // On a seat the pelvis rolls back and the lumbar curve flattens; the trunk stays upright.
  const SITTING_PELVIS_TILT_DEG = 10;
  const BED_TOP_Y = -62;
  const SEAT_TOP_Y = -26;

  // Outline points (standing pose, model coordinates) by frame.
  const OUTLINE = {
    U: [[-11, -6], [-12, 6], [-12.5, 20], [-13.5, 34], [-12, 44], [-7, 51], [-5, 57], [4, 57], [6, 51], [12, 46], [15, 38], [14.5, 26], [13.5, 16], [15, 4], [15, -6]],
    P: [[-11, -6], [-12, -12], [-15, -19], [-15, -26], [-10, -31], [0, -31], [8, -27], [13, -20], [14.5, -10], [15, -4], [15, 4], [-11, 4]],
    T: [[-8, -20], [-7, -40], [-4, -57], [4, -62], [10, -57], [13, -40], [14, -20], [4, -8]],
    S: [[-3, -55], [-3.5, -80], [-2.5, -110], [9, -110], [9.5, -80], [10, -55]],
  };
  // Disc centres from L5/S1 up to T12/L1 with their tilt (degrees) when standing.
  const DISCS = [
    { name: "L5/S1", x: -1.2, y: -4.2, tilt: 30 },
    { name: "L4/L5", x: 0.0, y: 0.0, tilt: 12 },
    { name: "L3/L4", x: 0.2, y: 4.3, tilt: 0 },
    { name: "L2/L3", x: -0.3, y: 8.5, tilt: -8 },
    { name: "L1/L2", x: -1.2, y: 12.6, tilt: -12 },
    { name: "T12/L1", x: -2.3, y: 16.6, tilt: -15 },
  ];
  const VERTEBRAE = ["L5", "L4", "L3", "L2", "L1"];
  const BODY_DEPTH = 4.4;

  function boxPoints(cx, cy, tiltDeg, width, height) {
    const t = (tiltDeg * Math.PI) / 180;
    const ux = [Math.cos(t), -Math.sin(t)];
    const uy = [Math.sin(t), Math.cos(t)];
    return [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([a, b]) => [
      cx + (a * width * ux[0]) / 2 + (b * height * uy[0]) / 2,
      cy + (a * width * ux[1]) / 2 + (b * height * uy[1]) / 2,
    ]);
  }
  const polygon = (points) => points.map(svgXY).join(" ");

  // How thick the L4/L5 disc is drawn [about cm]: it squeezes as the push rises.
  // The square root keeps small pushes visible; the scale stops at 6,000 N.
  function discSqueeze(compressionN) {
    const share = Math.sqrt(Math.min(Math.max(compressionN, 0), 6000) / 6000);
    return { share, thickness: 1.8 - 1.2 * share };
  }

  // Every frame for these inputs. discShift moves the upper body down as the disc thins.
  function pose(inputs, discShift) {
    const C = EduWidgets.modelConstants;
    const position = inputs.position || "standing";
    const lying = position === "lying";
    const sitting = position === "sitting";
    // In lying the bed carries the body: the model ignores bending, so the figure lies flat.
    const flexion = lying ? 0 : inputs.trunk_flexion_deg || 0;
    const hipDeg = flexion * C.HIP_SHARE_OF_FLEXION;
    const lumbarDeg = flexion * C.LUMBAR_SHARE_OF_FLEXION;
    const tilt = sitting ? SITTING_PELVIS_TILT_DEG : 0;
    const W = lying
      ? affine.multiply(affine.translate(LYING_SHIFT[0], LYING_SHIFT[1]), affine.rotate(90))
      : affine.translate(STANDING_SHIFT[0], STANDING_SHIFT[1]);
    const P = affine.multiply(W, affine.rotate(tilt - hipDeg, HIP[0], HIP[1]));
    const U = affine.multiply(P, affine.multiply(affine.rotate(-tilt - lumbarDeg), affine.translate(0, discShift)));
    // Lying, working hip muscles lift the legs (as in a double leg raise).
    const thighDeg = sitting ? 90 : lying ? 45 * (inputs.hip_flexor_activation || 0) : 0;
    const T = affine.multiply(W, affine.rotate(thighDeg, HIP[0], HIP[1]));
    const S = affine.multiply(T, affine.rotate(sitting ? -90 : 0, KNEE[0], KNEE[1]));
    return { W, P, U, T, S, position, lying, sitting };
  }

  // Where the hands are (world): hanging below the shoulders, or reaching towards a load
  // held further out (as the model's arms do); lying, they rest along the body.
  function hands(frames, inputs) {
    const shoulder = affine.apply(frames.U, SHOULDER);
    if (frames.lying) return { shoulder, hand: affine.apply(frames.U, [SHOULDER[0] + 4, SHOULDER[1] - ARM_LENGTH]) };
    const loadX = STANDING_SHIFT[0] + (inputs.load_kg > 0 ? (inputs.load_distance_m || 0) * 100 : 0);
    const maxReach = Math.sqrt(ARM_LENGTH * ARM_LENGTH - 100); // keep the hands 10 below the shoulders
    const dx = Math.min(Math.max(loadX - shoulder[0], 0), maxReach);
    // Keep a held box inside the picture: far or low hands are drawn at the edge
    // (the text alternative still gives the true distance).
    const hand = [
      Math.min(shoulder[0] + dx, HAND_MAX_X),
      Math.max(shoulder[1] - Math.sqrt(ARM_LENGTH * ARM_LENGTH - dx * dx), HAND_MIN_Y),
    ];
    return { shoulder, hand };
  }

  const FRAME_NAMES = ["P", "U", "T", "S"];

  // The bed (lying) and the stool (sitting); each shows only in its position.
  function drawFurniture(scene) {
    const el = EduWidgets.el;
    const bed = el("rect", { class: "edu-bed", x: -120, y: -BED_TOP_Y, width: 240, height: 30 });
    const seat = el("g", { class: "edu-seat" }, [
      el("rect", { x: -30, y: -SEAT_TOP_Y, width: 40, height: 3.5, rx: 1 }),
      el("rect", { x: -27, y: -SEAT_TOP_Y + 3, width: 3, height: 60 }),
      el("rect", { x: 4, y: -SEAT_TOP_Y + 3, width: 3, height: 60 }),
    ]);
    scene.append(bed, seat);
    return { bed, seat };
  }

  // The outline is drawn twice, a wide stroke under a plain fill, so the parts join
  // into one silhouette with no seams where they overlap.
  function drawSilhouette(scene) {
    const el = EduWidgets.el;
    const layers = {};
    ["outline", "fill"].forEach((layer) => {
      const group = el("g", { class: `edu-body-${layer}` });
      layers[layer] = {};
      FRAME_NAMES.forEach((name) => {
        const frame = el("g", {}, [el("path", { d: smoothClosedPath(OUTLINE[name]) })]);
        layers[layer][name] = frame;
        group.append(frame);
      });
      layers[layer].U.append(el("ellipse", { cx: 0.5, cy: -67, rx: 9, ry: 10.5 }));
      layers[layer].U.append(el("polygon", { points: polygon([[8.6, 69], [12.2, 64], [8.6, 62]]) }));
      scene.append(group);
    });
    return layers;
  }

  // The arms, drawn later on top of the trunk, so an arm in front of the body still shows.
  function drawArms() {
    const armLayer = EduWidgets.el("g", { class: "edu-arms" });
    const arms = {};
    ["outline", "fill"].forEach((layer) => {
      arms[layer] = EduWidgets.el("path", { class: `edu-arm edu-arm-${layer}` });
      armLayer.append(arms[layer]);
    });
    return { armLayer, arms };
  }

  // The discs and vertebrae of the spine above and below the L4/L5 disc.
  function drawSpineBones(bones) {
    const el = EduWidgets.el;
    DISCS.forEach((disc, index) => {
      if (disc.name === "L4/L5") return; // drawn on its own: it squeezes
      (index === 0 ? bones.P : bones.U).append(
        el("polygon", { class: "edu-disc", points: polygon(boxPoints(disc.x, disc.y, disc.tilt, BODY_DEPTH * 0.95, 1.0)) })
      );
    });
    VERTEBRAE.forEach((name, index) => {
      const below = DISCS[index];
      const above = DISCS[index + 1];
      const cx = (below.x + above.x) / 2;
      const cy = (below.y + above.y) / 2;
      const height = Math.hypot(above.x - below.x, above.y - below.y) - 1.0;
      (name === "L5" ? bones.P : bones.U).append(
        el("polygon", { class: "edu-bone edu-vertebra", points: polygon(boxPoints(cx, cy, (below.tilt + above.tilt) / 2, BODY_DEPTH, height)) }),
        el("polygon", { class: "edu-bone", points: polygon([[cx - 2.2, cy + 0.8], [cx - 5.2, cy - 0.6], [cx - 5.0, cy - 1.6], [cx - 2.2, cy - 0.8]]) })
      );
    });
  }

  // Bones inside the body: femur, pelvis and sacrum, the spine, and the L4/L5 disc.
  function drawBones() {
    const el = EduWidgets.el;
    const bones = { P: el("g", { class: "edu-bones" }), U: el("g", { class: "edu-bones" }), T: el("g", { class: "edu-bones" }) };
    bones.T.append(el("line", { class: "edu-femur", x1: HIP[0], y1: -HIP[1], x2: KNEE[0], y2: -KNEE[1] + 1 }));
    bones.P.append(
      el("polygon", { class: "edu-bone edu-pelvis", points: polygon([[-7, -1], [-2, 1.8], [4.5, 1.2], [8, -2.5], [7, -8], [10, -13], [8.5, -15.5], [3, -14], [-3.5, -12.5]]) }),
      el("polygon", { class: "edu-bone edu-sacrum", points: polygon([[0.7, -5.5], [-3.1, -3.3], [-6.7, -9], [-6.5, -14.5], [-3.5, -12.5]]) }),
      el("circle", { class: "edu-bone", cx: HIP[0], cy: -HIP[1], r: 2.2 })
    );
    bones.U.append(el("path", { class: "edu-thoracic", d: "M-2.3,-17.5 C-4.5,-30 -6.5,-40 -4.5,-50 S-1,-58 -0.5,-60" }));
    drawSpineBones(bones);
    const disc = el("ellipse", { class: "edu-disc-target", cx: 0, rx: BODY_DEPTH * 0.55, transform: "rotate(-12)" });
    bones.P.append(disc);
    return { bones, disc };
  }

  // The load in the hands: a box, its weight written on it. Heavier loads are taller
  // boxes; every box is wide enough for its weight.
  function createLoad() {
    const box = EduWidgets.el("rect", { class: "edu-load-box" });
    const text = EduWidgets.el("text", { class: "edu-figure-label edu-load-label", "text-anchor": "middle" });
    const load = EduWidgets.el("g", { class: "edu-load" }, [box, text]);
    function update(hand, loadKg, shown) {
      load.style.display = shown ? "" : "none";
      if (!shown) return;
      const side = 7 + 0.16 * loadKg;
      const width = Math.max(side, LOAD_MIN_WIDTH);
      box.setAttribute("x", (hand[0] - width / 2).toFixed(2));
      box.setAttribute("y", (-hand[1]).toFixed(2));
      box.setAttribute("width", width.toFixed(2));
      box.setAttribute("height", side.toFixed(2));
      text.setAttribute("x", hand[0].toFixed(2));
      text.setAttribute("y", (-hand[1] + side / 2 + 2).toFixed(2));
      text.textContent = EduWidgets.say("units.kg", { value: EduWidgets.formatNumber(loadKg) });
    }
    return { load, update };
  }

  // Build the body once, in layers; returns update(frames, inputs) that moves it in place.
  function createBody(svg) {
    const scene = EduWidgets.el("g", { class: "edu-scene" });
    const { bed, seat } = drawFurniture(scene);
    const layers = drawSilhouette(scene);
    const { armLayer, arms } = drawArms();
    layers.fill.U.append(EduWidgets.el("circle", { class: "edu-eye", cx: 5.2, cy: -69.5, r: 1.1 }));
    const { bones, disc } = drawBones();
    scene.append(bones.P, bones.T, bones.U, armLayer);
    const load = createLoad();
    svg.append(scene);

    function update(frames, inputs, squeeze) {
      bed.style.display = frames.lying ? "" : "none";
      seat.style.display = frames.sitting ? "" : "none";
      ["outline", "fill"].forEach((layer) => {
        FRAME_NAMES.forEach((name) => layers[layer][name].setAttribute("transform", affine.svg(frames[name])));
      });
      ["P", "U", "T"].forEach((name) => bones[name].setAttribute("transform", affine.svg(frames[name])));
      disc.setAttribute("ry", (squeeze.thickness / 2).toFixed(3));
      disc.setAttribute("rx", (BODY_DEPTH * (0.5 + 0.12 * squeeze.share)).toFixed(3));
      disc.setAttribute("cy", (-(squeeze.thickness - 1.0) / 2).toFixed(3));
      const { shoulder, hand } = hands(frames, inputs);
      const elbow = [(shoulder[0] + hand[0]) / 2 + 1.5, (shoulder[1] + hand[1]) / 2];
      const d = `M${svgXY(shoulder)} L${svgXY(elbow)} L${svgXY(hand)}`;
      arms.outline.setAttribute("d", d);
      arms.fill.setAttribute("d", d);
      load.update(hand, inputs.load_kg, !frames.lying && inputs.load_kg > 0);
    }
    return { update, load: load.load };
  }

  // ---------------------------------------------------------------- the muscle groups
  // Bands where each group lies, as wide and as solid as its pull, each with its own
  // pattern and a label; the lesson's group is outlined and starred. Labels sit in a fixed
  // column with a thin line to their band, so no label moves and none can cover another,
  // whatever the posture.
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

  // ---------------------------------------------------------------- the disc close-up
  // In the corner of the figure: the L4/L5 disc squeezes and bulges as the push rises,
  // beside the push as a multiple of standing up straight. No alarm colour, no limit:
  // the same calm colour at every push.
  // The close-up's box in model coordinates (x right, y up): below the label column,
  // behind the person standing or sitting and above them lying.
  const BOX = { x: -92, y: -26, width: 56, height: 36 };
  const LOWER_TOP = BOX.y + 9; // top of the lower vertebra
  const CENTRE_X = BOX.x + 45;
  const HALF_WIDTH = 9;

  function createCloseUp(svg, words) {
    const el = EduWidgets.el;
    const lower = el("rect", { class: "edu-bone", x: CENTRE_X - HALF_WIDTH, y: -LOWER_TOP, width: 2 * HALF_WIDTH, height: 7, rx: 1.2 });
    const upper = el("rect", { class: "edu-bone", x: CENTRE_X - HALF_WIDTH, width: 2 * HALF_WIDTH, height: 7, rx: 1.2 });
    const disc = el("ellipse", { class: "edu-disc-target", cx: CENTRE_X });
    const nucleus = el("ellipse", { class: "edu-disc-nucleus", cx: CENTRE_X });
    const multiple = el("text", { class: "edu-figure-label edu-closeup-number", x: BOX.x + 3, y: -(BOX.y + 15) });
    const group = el("g", { class: "edu-closeup" }, [
      el("rect", { class: "edu-closeup-box", x: BOX.x, y: -(BOX.y + BOX.height), width: BOX.width, height: BOX.height, rx: 2 }),
      el("text", { class: "edu-figure-label edu-closeup-title", x: BOX.x + 3, y: -(BOX.y + 28), text: words.closeup_title }),
      multiple,
      el("text", { class: "edu-figure-label edu-closeup-unit", x: BOX.x + 3, y: -(BOX.y + 6), text: words.closeup_unit }),
      lower,
      disc,
      nucleus,
      upper,
    ]);
    svg.append(group);

    function update(squeeze, standingMultiple) {
      // The drawn disc is 4.5 times the main figure's: from 8.1 units thick with no push
      // down to 2.7 at 6,000 N.
      const thickness = 4.5 * squeeze.thickness;
      const halfWidth = HALF_WIDTH * (1 + 0.3 * squeeze.share);
      const centreY = LOWER_TOP + thickness / 2;
      disc.setAttribute("cy", (-centreY).toFixed(2));
      disc.setAttribute("rx", halfWidth.toFixed(2));
      disc.setAttribute("ry", (thickness / 2 + 0.4).toFixed(2));
      nucleus.setAttribute("cy", (-centreY).toFixed(2));
      nucleus.setAttribute("rx", (halfWidth * 0.45).toFixed(2));
      nucleus.setAttribute("ry", (thickness / 2 - 0.6).toFixed(2));
      upper.setAttribute("y", (-(LOWER_TOP + thickness + 7)).toFixed(2));
      multiple.textContent = EduWidgets.fill(words.closeup_number, { multiple: EduWidgets.everyday.formatMultiple(standingMultiple) });
    }
    return { update };
  }

  EduWidgets.spineDrawing = { GROUPS, pose, discSqueeze, createBody, createMuscles, createCloseUp };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
