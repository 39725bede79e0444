// needs: core.js
// eduwidgets model in the browser: a line-by-line port of `lumbar_load` in eduwidgets/model.py,
// so static handouts (no kernel, no network) compute the same numbers as the live lessons.
//
// This file holds FORMULAS ONLY. Every constant and range comes from
// EduWidgets.modelConstants, which eduwidgets.static.scripts() writes from
// eduwidgets.model.browser_constants() before this file; a constant changed in
// Python therefore changes here too. tests/test_model_parity.py checks that both
// runtimes agree on a grid of inputs and on every bad-input message.
//
// The operations follow _load_terms in model.py in the same order (same
// association, same divisions), so floating-point results match to ~1e-15.
(function (EduWidgets) {
  "use strict";

  const modelConstants = EduWidgets.modelConstants;
  if (!modelConstants) {
    // Do not throw at load time: that would stop every widget script after this one.
    const missing = function () {
      throw new Error(
        "EduWidgets.modelConstants is missing: load eduwidgets.static.scripts(), " +
          "which puts the model's constants before the asset files."
      );
    };
    EduWidgets.model = { lumbarLoad: missing, validate: missing, DEFAULTS: {}, RANGES: {} };
    console.error("eduwidgets: model constants missing; the model cannot compute.");
    return;
  }

  // Input defaults (position included) and the class that owns each input, for messages
  // like "Muscles.extensors"; both come from Python's browser_constants().
  const DEFAULTS = Object.freeze(Object.assign({}, modelConstants.DEFAULTS));
  const INPUT_OWNERS = Object.freeze(Object.assign({}, modelConstants.INPUT_OWNERS));
  const POSITIONS = Object.freeze([...modelConstants.POSITIONS]);

  // {name: [low, high]}, inclusive, in the order Python checks them (Body, Posture, Muscles).
  const RANGES = Object.freeze(
    Object.fromEntries(
      Object.entries(modelConstants.RANGES).map(([name, range]) => [name, Object.freeze([range[0], range[1]])])
    )
  );
  const NUMBER_NAMES = Object.freeze(Object.keys(RANGES));
  const INPUT_NAMES = Object.freeze(["position", ...NUMBER_NAMES]);

  // Unit conversions, not model constants.
  const RADIANS_PER_DEGREE = Math.PI / 180.0; // as CPython's math.radians and numpy.radians
  const PA_PER_MPA = 1e6;

  // A refused input as a message shows it, by the rule model.py's value_text documents
  // (the locale and the digits come from Python): a number as the page writes numbers,
  // to 15 significant digits (5, 19.999999999, NaN, ∞); text between plain quotes;
  // anything else as JSON writes it.
  function refusedText(value) {
    if (typeof value === "number") {
      return value.toLocaleString(modelConstants.VALUE_TEXT.locale, {
        maximumSignificantDigits: modelConstants.VALUE_TEXT.significant_digits,
      });
    }
    if (typeof value === "string") return `"${value}"`;
    return JSON.stringify(value) ?? String(value);
  }

  // Check inputs as Body, Posture and Muscles do in Python, and return all nine
  // values with the defaults filled in. Only real numbers pass: a string from a form
  // field must be converted with Number() first, so "" can never become 0 silently.
  function validate(inputs) {
    const given = inputs || {};
    for (const name of Object.keys(given)) {
      if (!INPUT_NAMES.includes(name)) {
        throw new TypeError(
          `${JSON.stringify(name)} is not a model input: the inputs are ${INPUT_NAMES.join(", ")}.`
        );
      }
    }
    const values = {};
    // Python checks Posture.position first, then each number, in dataclass order.
    const position = given.position === undefined ? DEFAULTS.position : given.position;
    if (typeof position !== "string" || !POSITIONS.includes(position)) {
      throw new RangeError(EduWidgets.fill(modelConstants.MESSAGES.position, {
        value: refusedText(position), allowed: modelConstants.POSITIONS_TEXT,
      }));
    }
    values.position = position;
    for (const name of NUMBER_NAMES) {
      const value = given[name] === undefined ? DEFAULTS[name] : given[name];
      const [low, high] = RANGES[name];
      // NaN fails both comparisons, as in Python's _check_ranges.
      if (typeof value !== "number" || !(value >= low && value <= high)) {
        // The template and the range's ends as text come from model.py (browser_constants).
        const [lowText, highText] = modelConstants.RANGE_TEXT[name];
        throw new RangeError(EduWidgets.fill(modelConstants.MESSAGES.range, {
          owner: INPUT_OWNERS[name], name, value: refusedText(value), low: lowText, high: highText,
        }));
      }
      values[name] = value;
    }
    return values;
  }

  // Port of load_zone: strictly above a limit moves to the next zone.
  function loadZone(compressionN) {
    const index =
      (compressionN > modelConstants.ACTION_LIMIT_N ? 1 : 0) + (compressionN > modelConstants.MAXIMUM_LIMIT_N ? 1 : 0);
    return modelConstants.ZONE_NAMES[index];
  }

  // Port of _lever_arms_m: horizontal levers in front of L4/L5 [m], the trunk and
  // head's centre of mass and the shoulders. The trunk turns about the disc.
  function leverArmsM(position, heightM, flexionRad) {
    const sinFlexion = Math.sin(flexionRad);
    const cosFlexion = Math.cos(flexionRad);
    const uprightOffsetM =
      modelConstants.UPRIGHT_COM_OFFSET_M + (position === "sitting" ? modelConstants.SITTING_COM_SHIFT_M : 0.0);
    const offsetM = uprightOffsetM * cosFlexion;
    return {
      trunkHeadArmM: offsetM + modelConstants.TRUNK_HEAD_COM_DISTANCE_FRACTION * heightM * sinFlexion,
      shoulderArmM: offsetM + modelConstants.SHOULDER_DISTANCE_FRACTION * heightM * sinFlexion,
    };
  }

  // Port of shoulder_forward_distance_m: how far in front of L4/L5 the shoulders are [m].
  function shoulderForwardDistanceM(trunkFlexionDeg, heightM, position = "standing") {
    validate({ position }); // the same message as any other unknown position
    return leverArmsM(position, heightM, trunkFlexionDeg * RADIANS_PER_DEGREE).shoulderArmM;
  }

  // Port of _flexion_moment_nm: gravity's moments about L4/L5 when upright [N m], the
  // body's own and the load's.
  function flexionMomentNm(v, flexionRad, loadWeightN) {
    const G = modelConstants.GRAVITY_M_PER_S2;
    const upperBodyWeightN = modelConstants.UPPER_BODY_MASS_FRACTION * v.mass_kg * G;
    const armsWeightN = modelConstants.ARMS_MASS_FRACTION * v.mass_kg * G;
    const trunkHeadWeightN = upperBodyWeightN - armsWeightN;
    const { trunkHeadArmM, shoulderArmM } = leverArmsM(v.position, v.height_m, flexionRad);
    // The arms hang below the shoulders, or reach forward to hands held further out.
    const reachM = Math.max(v.load_distance_m - shoulderArmM, 0.0);
    const armsArmM = shoulderArmM + modelConstants.ARM_COM_FRACTION * reachM;
    return {
      bodyNm: trunkHeadWeightN * trunkHeadArmM + armsWeightN * armsArmM,
      loadNm: loadWeightN * v.load_distance_m,
    };
  }

  // Port of _abdominal_wall: its force is its baseline tone plus any bracing, in newtons
  // of a typical adult: strength changes the share of capacity used, never the force.
  function abdominalWall(v, baseline) {
    const rectusMaxN = (1.0 - modelConstants.OBLIQUE_SHARE_OF_ABDOMINAL_WALL) * modelConstants.MAX_ABDOMINAL_WALL_FORCE_N;
    const obliqueMaxN = modelConstants.OBLIQUE_SHARE_OF_ABDOMINAL_WALL * modelConstants.MAX_ABDOMINAL_WALL_FORCE_N;
    return {
      rectusMaxN,
      obliqueMaxN,
      abdominalForceN: rectusMaxN * (baseline + v.abdominals_tension),
      obliqueForceN: obliqueMaxN * (baseline + v.obliques_tension),
    };
  }

  // Port of _passive_moment_nm: flexion moment resisted by passive tissue [N m].
  function passiveMomentNm(v, momentNm, passiveFullNm) {
    const sittingDeg = v.position === "sitting" ? modelConstants.SITTING_LORDOSIS_LOSS_DEG : 0.0;
    const lumbarDeg = modelConstants.LUMBAR_SHARE_OF_FLEXION * v.trunk_flexion_deg + sittingDeg;
    const share = Math.min(lumbarDeg / modelConstants.LUMBAR_FLEXION_RANGE_DEG, 1.0);
    const capacityNm =
      modelConstants.PASSIVE_MOMENT_LORDOTIC_NM + (passiveFullNm - modelConstants.PASSIVE_MOMENT_LORDOTIC_NM) * share;
    return Math.min(capacityNm, momentNm);
  }

  // Port of _relief: share of compression relieved by intra-abdominal pressure.
  function relief(momentNm, reliefShare) {
    const above =
      (momentNm - modelConstants.ABDOMINAL_PRESSURE_THRESHOLD_NM) / modelConstants.ABDOMINAL_PRESSURE_THRESHOLD_NM;
    return reliefShare * Math.min(Math.max(above, 0.0), 1.0);
  }

  // Port of _pressure_mpa: from the compression, never below the swelling pressure.
  const pressureMpa = (compressionN, swellingMpa) =>
    Math.max((modelConstants.DISC_PRESSURE_CORRECTION * compressionN) / modelConstants.DISC_AREA_M2 / PA_PER_MPA, swellingMpa);

  // Port of _posterior_forces: muscles carry what passive tissue does not; the disc's
  // own share of the passive moment presses nothing, the rest pulls on the extensors' lever.
  function posteriorForces(momentNm, passiveNm, cocontractionForceN, extensorArmM) {
    const extensorMomentNm = momentNm - passiveNm + cocontractionForceN * modelConstants.ABDOMINAL_MOMENT_ARM_M;
    return {
      extensorMomentNm,
      extensorForceN: extensorMomentNm / extensorArmM,
      ligamentForceN: ((1.0 - modelConstants.DISC_SHARE_OF_PASSIVE_MOMENT) * passiveNm) / extensorArmM,
    };
  }

  // Port of _load_terms (scalar path). Keep each line in step with model.py.
  // constants: "central" (the single figure), "low" or "high" (the range's ends).
  function lumbarLoad(inputs, constants = "central") {
    const v = validate(inputs);
    const k = modelConstants.UNCERTAIN[constants];
    const G = modelConstants.GRAVITY_M_PER_S2;

    // In lying the bed carries the body: gravity neither presses along the spine nor bends it.
    const upright = v.position === "lying" ? 0.0 : 1.0;
    const leaning = v.position === "sitting" ? v.backrest : 0.0;
    const flexionRad = v.trunk_flexion_deg * RADIANS_PER_DEGREE;
    const loadWeightN = v.load_kg * G;
    const { bodyNm, loadNm } = flexionMomentNm(v, flexionRad, loadWeightN);
    // A backrest carries the moment of the body's own weight, not of a load in the hands.
    const flexionMomentNmValue = upright * ((1.0 - leaning) * bodyNm + loadNm);
    const passiveNm = passiveMomentNm(v, flexionMomentNmValue, k.passive_full_nm);
    const upperBodyWeightN = modelConstants.UPPER_BODY_MASS_FRACTION * v.mass_kg * G;
    const reclineCos = Math.cos(modelConstants.BACKREST_RECLINE_DEG * leaning * RADIANS_PER_DEGREE);
    const weightN = upright * (upperBodyWeightN * reclineCos + loadWeightN);
    const discTiltRad = modelConstants.HIP_SHARE_OF_FLEXION * flexionRad;
    const wall = abdominalWall(v, k.baseline);
    const cocontractionForceN = wall.abdominalForceN + wall.obliqueForceN;
    const psoasForceN = modelConstants.PSOAS_MAX_FORCE_N * v.hip_flexor_activation;
    const psoasAngleRad = modelConstants.PSOAS_FASCICLE_ANGLE_DEG * RADIANS_PER_DEGREE;

    const { extensorMomentNm, extensorForceN, ligamentForceN } = posteriorForces(
      flexionMomentNmValue, passiveNm, cocontractionForceN, k.extensor_arm_m
    );
    const reliefShare = relief(flexionMomentNmValue, k.relief_share);
    const compressionN =
      (1.0 - reliefShare) *
      (weightN * Math.cos(discTiltRad) +
        extensorForceN +
        ligamentForceN +
        cocontractionForceN +
        Math.cos(psoasAngleRad) * psoasForceN);

    // Field names and order as the Python LumbarLoad dataclass.
    return {
      compression_n: compressionN,
      shear_n: weightN * Math.sin(discTiltRad) + Math.sin(psoasAngleRad) * psoasForceN,
      disc_pressure_mpa: pressureMpa(compressionN, k.swelling_mpa),
      extensor_effort: extensorMomentNm / (modelConstants.MAX_EXTENSOR_MOMENT_NM * v.extensors),
      zone: loadZone(compressionN),
      body_weight_multiple: compressionN / (v.mass_kg * G),
      flexion_moment_nm: flexionMomentNmValue,
      extensor_force_n: extensorForceN,
      cocontraction_force_n: cocontractionForceN,
      abdominal_force_n: wall.abdominalForceN,
      oblique_force_n: wall.obliqueForceN,
      psoas_force_n: psoasForceN,
      passive_moment_nm: passiveNm,
      abdominal_pressure_relief: reliefShare,
      abdominal_effort: wall.abdominalForceN / (wall.rectusMaxN * v.abdominals),
      oblique_effort: wall.obliqueForceN / (wall.obliqueMaxN * v.obliques),
      hip_flexor_effort: v.hip_flexor_activation / v.hip_flexors,
    };
  }

  // Port of lumbar_load_range: the load at the two ends of the uncertain constants.
  function lumbarLoadRange(inputs) {
    return [lumbarLoad(inputs, "low"), lumbarLoad(inputs, "high")];
  }

  // Typical muscles: every Muscles input at its default (strength 1, no extra tension).
  function typicalMuscles() {
    return Object.fromEntries(
      Object.keys(INPUT_OWNERS)
        .filter((name) => INPUT_OWNERS[name] === "Muscles")
        .map((name) => [name, DEFAULTS[name]])
    );
  }

  EduWidgets.model = {
    lumbarLoad,
    lumbarLoadRange,
    typicalMuscles,
    shoulderForwardDistanceM,
    validate,
    loadZone,
    DEFAULTS,
    RANGES,
    POSITIONS,
    INPUT_NAMES,
  };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
