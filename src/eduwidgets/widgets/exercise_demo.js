// needs: core.js, exercise_sequence.js
// ExerciseDemo: a guided, animated demo of one exercise (see eduwidgets/exercise_demo.py).
// The figure is a side-view body of rounded limbs drawn in inline SVG. Each key pose gives the
// direction of every body part; frames in between blend those angles with easing. The animation,
// hold timer and rep counter live here (where the demo is in its dose: exercise_sequence.js), so
// the same render runs live and in a static handout. Each part of the page is drawn by its own
// function; draw(demo) writes the state of one frame to them.
(function (EduWidgets) {
  "use strict";

  // Body part lengths and joint radii, in SVG units (about 1 unit = 1 cm on a 170 cm adult,
  // rounded so that the hands and knees both reach the floor on all fours).
  const LENGTH = {
    lower_trunk: 30, upper_trunk: 32, head: 24, upper_arm: 30, forearm: 30,
    thigh: 48, shin: 46, foot: 16,
  };
  const HEAD_RADIUS = 12;
  const RADIUS = {
    hip: 10, waist: 10, shoulder: 9, head: HEAD_RADIUS,
    elbow_near: 5, hand_near: 5, elbow_far: 5, hand_far: 5,
    knee_near: 6, ankle_near: 5, toe_near: 3, knee_far: 6, ankle_far: 5, toe_far: 3,
  };
  const STEP_TWEEN_S = 0.45; // how long the figure takes to glide to a pose picked with a button
  const ANNOUNCE_EVERY_S = 5; // the live region reads the hold timer every 5 seconds, not every frame
  const MAX_FRAME_S = 0.25; // after a stall (hidden tab), move on at most this much at once
  const SEQ = EduWidgets.exerciseSequence; // where the demo is in its dose (exercise_sequence.js)

  // ------------------------------------------------------------------ geometry

  function toward(point, angleDeg, length) {
    const radians = (angleDeg * Math.PI) / 180;
    return [point[0] + length * Math.cos(radians), point[1] + length * Math.sin(radians)];
  }

  // Every joint of the figure for one set of angles: y points up, the hip is at (0, 0).
  function jointsFor(angles) {
    const p = { hip: [0, 0] };
    p.waist = toward(p.hip, angles.lower_trunk, LENGTH.lower_trunk);
    p.shoulder = toward(p.waist, angles.upper_trunk, LENGTH.upper_trunk);
    p.head = toward(p.shoulder, angles.head, LENGTH.head);
    for (const side of ["near", "far"]) {
      p["elbow_" + side] = toward(p.shoulder, angles["upper_arm_" + side], LENGTH.upper_arm);
      p["hand_" + side] = toward(p["elbow_" + side], angles["forearm_" + side], LENGTH.forearm);
      p["knee_" + side] = toward(p.hip, angles["thigh_" + side], LENGTH.thigh);
      p["ankle_" + side] = toward(p["knee_" + side], angles["shin_" + side], LENGTH.shin);
      p["toe_" + side] = toward(p["ankle_" + side], angles["foot_" + side], LENGTH.foot);
    }
    return p;
  }

  // The joints placed in the room: the lowest edge rests on the floor (y = 0) and the
  // anchor joint stays at x = 0, so supports do not slide as the body moves.
  function placedJoints(angles, anchor) {
    const p = jointsFor(angles);
    let lowest = Infinity;
    for (const name of Object.keys(p)) lowest = Math.min(lowest, p[name][1] - RADIUS[name]);
    const dx = -p[anchor][0];
    const placed = {};
    for (const name of Object.keys(p)) placed[name] = [p[name][0] + dx, p[name][1] - lowest];
    return placed;
  }

  function blendAngles(from, to, fraction) {
    const out = {};
    for (const part of Object.keys(from)) out[part] = from[part] + (to[part] - from[part]) * fraction;
    return out;
  }

  // Ease in and out (sine): the figure starts and stops gently, like a person moving slowly.
  function ease(fraction) {
    const t = Math.min(1, Math.max(0, fraction));
    return (1 - Math.cos(Math.PI * t)) / 2;
  }

  function pathThrough(points) {
    // SVG y points down: flip the room's y.
    return points.map((pt, i) => `${i ? "L" : "M"}${pt[0].toFixed(2)} ${(-pt[1]).toFixed(2)}`).join(" ");
  }

  // The room the figure needs over all key poses, so the view never jumps or clips.
  function roomFor(poses, anchor) {
    let minX = Infinity, maxX = -Infinity, maxY = 0;
    for (const pose of poses) {
      const p = placedJoints(pose.angles, anchor);
      for (const name of Object.keys(p)) {
        minX = Math.min(minX, p[name][0] - RADIUS[name]);
        maxX = Math.max(maxX, p[name][0] + RADIUS[name]);
        maxY = Math.max(maxY, p[name][1] + RADIUS[name]);
      }
    }
    const pad = 14;
    const width = Math.max(maxX - minX + 2 * pad, 200);
    const height = Math.max(maxY + pad + 12, width * 0.42);
    const centreX = (minX + maxX) / 2;
    return { centreX, left: centreX - width / 2, top: -(height - 12), width, height };
  }

  // ------------------------------------------------------------------ drawing

  function drawFigure(svgParent, room) {
    const E = EduWidgets.el;
    const floorLeft = room.left;
    const floorRight = room.left + room.width;
    svgParent.append(
      E("rect", { class: "edu-ex-mat", x: floorLeft + 6, y: 0, width: room.width - 12, height: 6, rx: 3 }),
      E("line", { class: "edu-ex-floor", x1: floorLeft, y1: 0, x2: floorRight, y2: 0 })
    );
    const body = E("g", { class: "edu-ex-body" });
    const parts = {
      farArm: E("path", { class: "edu-ex-far edu-ex-arm" }),
      farLeg: E("path", { class: "edu-ex-far edu-ex-leg" }),
      trunk: E("path", { class: "edu-ex-trunk" }),
      head: E("circle", { class: "edu-ex-head", r: HEAD_RADIUS }),
      eye: E("circle", { class: "edu-ex-eye", r: 2.2 }),
      nearLegOutline: E("path", { class: "edu-ex-outline edu-ex-leg" }),
      nearLeg: E("path", { class: "edu-ex-near edu-ex-leg" }),
      nearArmOutline: E("path", { class: "edu-ex-outline edu-ex-arm" }),
      nearArm: E("path", { class: "edu-ex-near edu-ex-arm" }),
    };
    body.append(...Object.values(parts));
    svgParent.append(body);
    return { body, parts };
  }

  function paintFigure(figure, joints, mirrored, centreX) {
    const { parts } = figure;
    const j = joints;
    parts.farArm.setAttribute("d", pathThrough([j.shoulder, j.elbow_far, j.hand_far]));
    parts.farLeg.setAttribute("d", pathThrough([j.hip, j.knee_far, j.ankle_far, j.toe_far]));
    parts.trunk.setAttribute("d", pathThrough([j.hip, j.waist, j.shoulder]));
    const nearLeg = pathThrough([j.hip, j.knee_near, j.ankle_near, j.toe_near]);
    const nearArm = pathThrough([j.shoulder, j.elbow_near, j.hand_near]);
    parts.nearLegOutline.setAttribute("d", nearLeg);
    parts.nearLeg.setAttribute("d", nearLeg);
    parts.nearArmOutline.setAttribute("d", nearArm);
    parts.nearArm.setAttribute("d", nearArm);
    parts.head.setAttribute("cx", j.head[0].toFixed(2));
    parts.head.setAttribute("cy", (-j.head[1]).toFixed(2));
    // The face looks a quarter turn clockwise from the neck (forward when upright).
    const neck = Math.atan2(j.head[1] - j.shoulder[1], j.head[0] - j.shoulder[0]);
    const face = neck - Math.PI / 2;
    const eyeX = j.head[0] + 5.5 * Math.cos(face) + 3 * Math.cos(neck);
    const eyeY = j.head[1] + 5.5 * Math.sin(face) + 3 * Math.sin(neck);
    parts.eye.setAttribute("cx", eyeX.toFixed(2));
    parts.eye.setAttribute("cy", (-eyeY).toFixed(2));
    // The other side is the same movement seen from the other side of the mat: a mirror image.
    figure.body.setAttribute(
      "transform", mirrored ? `translate(${(2 * centreX).toFixed(2)} 0) scale(-1 1)` : ""
    );
  }

  function figureSvg(room, extraClass, label) {
    return EduWidgets.el("svg", {
      class: "edu-ex-figure " + extraClass,
      viewBox: `${room.left.toFixed(1)} ${room.top.toFixed(1)} ${room.width.toFixed(1)} ${room.height.toFixed(1)}`,
      role: "img",
      "aria-label": label,
      focusable: "false",
      preserveAspectRatio: "xMidYMid meet",
    });
  }

  // ------------------------------------------------------------------ words

  const say = (key, values) => EduWidgets.say(key, values);
  const secondsWords = (count) => say("exercise.seconds", { count });

  function sideWords(dose, side) {
    if (!dose.per_side) return "";
    return say(side === 1 ? "exercise.first_side" : "exercise.other_side");
  }

  function repWords(seq) {
    const { at, dose } = seq;
    if (at.mode === "done") return say("exercise.all_done");
    let words = say("exercise.rep", { rep: at.rep, reps: SEQ.repsIn(seq, at.set), side: sideWords(dose, at.side) });
    if (dose.sets > 1) words += " · " + say("exercise.set", { set: at.set, sets: dose.sets });
    return words;
  }

  function timerWords(demo, holdLeft) {
    const { seq } = demo;
    const { at, dose, holdPhase } = seq;
    if (at.mode === "rest") return say("exercise.rest_left", { seconds: secondsWords(SEQ.restSecondsLeft(seq)) });
    if (at.mode === "switch") return say("exercise.switch_side");
    if (holdPhase < 0) return say("exercise.no_hold");
    if (SEQ.isHolding(seq)) return say("exercise.hold_left", { seconds: secondsWords(holdLeft) });
    if (at.mode === "rep" && at.phase > holdPhase) return say("exercise.hold_done");
    return say("exercise.hold_at_step", { seconds: secondsWords(dose.hold_s), step: demo.poses[demo.keyPoses.hold_index].step });
  }

  // The live figure's label: the step, the hold or rest, and where we are in the dose.
  function describe(demo, stepNumber, holdLeft) {
    const { seq, steps } = demo;
    const step = say("exercise.step", { step: stepNumber, steps: steps.length, text: steps[stepNumber - 1] });
    let words = `${demo.record.title}. ${step}`;
    if (SEQ.isHolding(seq)) words += ` ${say("exercise.hold_left", { seconds: secondsWords(holdLeft) })}.`;
    if (seq.at.mode === "switch") words += ` ${say("exercise.switch_side")}`;
    if (seq.at.mode === "rest") words += ` ${say("exercise.rest_left", { seconds: secondsWords(SEQ.restSecondsLeft(seq)) })}.`;
    return `${words} ${repWords(seq)}.`.replace("!.", "!");
  }

  // What a listener hears when the step, rep, side, rest or the end changes.
  function changeWords(demo, stepNumber, holding) {
    const { seq, steps } = demo;
    const { at, dose } = seq;
    if (at.mode === "done") return say("exercise.all_done");
    if (at.mode === "switch") return say("exercise.switch_side");
    if (at.mode === "rest") return say("exercise.rest_for", { seconds: secondsWords(dose.rest_s) });
    let message = say("exercise.step", { step: stepNumber, steps: steps.length, text: steps[stepNumber - 1] });
    if (demo.shown.rep !== `${at.set}|${at.side}|${at.rep}`) message = `${repWords(seq)}. ${message}`;
    if (holding) message += ` ${say("exercise.hold_for", { seconds: secondsWords(dose.hold_s) })}`;
    return message;
  }

  // ------------------------------------------------------------------ the page

  function readDose(model) {
    return {
      sets: model.get("sets"),
      reps: model.get("reps"),
      hold_s: model.get("hold_s"),
      rest_s: model.get("rest_s"),
      per_side: model.get("per_side"),
      reps_by_set: model.get("reps_by_set") || [],
    };
  }

  // The moving figure, and for paper the figure still in the hold pose.
  function drawFigures(demo) {
    const { record, keyPoses, room } = demo;
    const liveSvg = figureSvg(room, "edu-ex-live-figure", record.title);
    const figure = drawFigure(liveSvg, room);
    const holdPose = demo.poses[keyPoses.hold_index];
    const printSvg = figureSvg(
      room,
      "edu-ex-print-figure",
      say("exercise.hold_position", { title: record.title, text: demo.steps[holdPose.step - 1] })
    );
    paintFigure(drawFigure(printSvg, room), placedJoints(holdPose.angles, keyPoses.anchor), false, room.centreX);
    return { liveSvg, printSvg, figure };
  }

  // Which rep, and the hold or rest timer as words and a bar.
  function drawTimer() {
    const E = EduWidgets.el;
    const status = E("p", { class: "edu-ex-status" });
    const timerText = E("p", { class: "edu-ex-timer-text" });
    const timerBar = E("span", { class: "edu-ex-timer-fill" });
    const timer = E("div", { class: "edu-ex-timer" }, [
      timerText,
      E("span", { class: "edu-ex-timer-track", "aria-hidden": "true" }, [timerBar]),
    ]);
    return { status, timerText, timerBar, timer };
  }

  function drawControls() {
    const E = EduWidgets.el;
    const buttons = {
      backButton: E("button", { type: "button", class: "edu-ex-back", "aria-label": say("exercise.back_label"), text: say("exercise.back") }),
      playButton: E("button", { type: "button", class: "edu-primary edu-ex-play", text: say("exercise.play") }),
      nextButton: E("button", { type: "button", class: "edu-ex-next", "aria-label": say("exercise.next_label"), text: say("exercise.next") }),
      restartButton: E("button", { type: "button", class: "edu-ex-restart", text: say("exercise.start_over") }),
    };
    const controls = E("div", { class: "edu-ex-controls edu-no-print", role: "group", "aria-label": say("exercise.controls_label") },
      Object.values(buttons));
    return { ...buttons, controls };
  }

  // The steps, the one shown now marked, and the key point.
  function drawSteps(record) {
    const E = EduWidgets.el;
    const stepsId = EduWidgets.uid("edu-ex-steps");
    const stepItems = record.steps.map((text) =>
      E("li", { class: "edu-ex-step" }, [
        E("span", { class: "edu-ex-now", text: say("exercise.now"), "aria-hidden": "true" }),
        E("span", { text }),
      ])
    );
    const guide = E("div", { class: "edu-ex-guide" }, [
      E("h4", { id: stepsId, text: say("exercise.steps") }),
      E("ol", { class: "edu-ex-steps", "aria-labelledby": stepsId }, stepItems),
      E("div", { class: "edu-ex-cue" }, [E("h4", { text: say("exercise.key_point") }), E("p", { text: record.key_cue })]),
    ]);
    return { stepItems, guide };
  }

  // The figure with its readouts and controls, beside the steps.
  function drawStage(demo, view) {
    const E = EduWidgets.el;
    return E("div", { class: "edu-ex-main" }, [
      E("div", { class: "edu-ex-stage" }, [
        E("div", { class: "edu-ex-figure-box" }, [view.liveSvg, view.printSvg]),
        E("div", { class: "edu-ex-readouts edu-no-print" }, [view.status, view.timer, view.doneToday]),
        view.controls,
        demo.reducedMotion
          ? E("p", { class: "edu-ex-note edu-no-print", text: say("exercise.less_motion") })
          : null,
        view.live,
      ]),
      view.guide,
    ]);
  }

  // What the exercise is for, what it works and how much to do.
  function drawDosePanel(record, doseText) {
    const E = EduWidgets.el;
    return [
      E("h3", { id: EduWidgets.uid("edu-ex-title"), text: record.title }),
      E("p", { class: "edu-ex-purpose", text: record.purpose }),
      E("p", { class: "edu-ex-trains" }, [E("strong", { text: say("exercise.works") + " " }), E("span", { text: record.trains_in_words.join(", ") })]),
      E("p", { class: "edu-ex-dose" }, [E("strong", { text: say("exercise.how_much") + " " }), E("span", { text: doseText })]),
    ];
  }

  // Who should ask their clinician before starting (content/exercises.toml [check_first]).
  function drawCheckFirst(record) {
    const E = EduWidgets.el;
    const words = record.check_first;
    if (!words) return null;
    return E("div", { class: "edu-ex-check-first", role: "note" }, [
      E("p", {}, [E("strong", { text: words.heading + ". " }), E("span", { text: words.intro })]),
      E("ul", {}, words.items.map((text) => E("li", { text }))),
    ]);
  }

  // One line per level, most urgent first; the words say how soon, not the colour.
  function drawStopSigns(record) {
    const E = EduWidgets.el;
    return E("div", { class: "edu-ex-stop", role: "note" }, [
      E("span", { class: "edu-ex-stop-icon", "aria-hidden": "true", text: "!" }),
      E("ul", { class: "edu-ex-stop-list" }, (record.stop_if || []).map((sign) =>
        E("li", { class: `edu-ex-stop-${sign.level}` }, [
          E("strong", { text: sign.intro + " " }),
          E("span", { text: sign.text + "." }),
        ])
      )),
    ]);
  }

  // Common mistakes, easier and harder versions, and where the advice comes from.
  function drawMore(record) {
    const E = EduWidgets.el;
    return [
      E("div", { class: "edu-ex-more" }, [
        E("div", {}, [
          E("h4", { text: say("exercise.mistakes") }),
          E("ul", {}, record.mistakes.map((text) => E("li", { text }))),
        ]),
        E("div", {}, [
          E("h4", { text: say("exercise.easier") }),
          E("p", { text: record.easier }),
          E("h4", { text: say("exercise.harder") }),
          E("p", { text: record.harder }),
        ]),
      ]),
      E("details", { class: "edu-ex-sources" }, [
        E("summary", { text: say("exercise.sources_heading") }),
        record.sources.length ? E("ul", {}, record.sources.map((text) => E("li", { text }))) : null,
        record.source_note ? E("p", { text: record.source_note }) : null,
      ]),
    ];
  }

  // Every part of the demo, in reading order; returns the parts that change.
  function drawDemo(demo, doseText) {
    const dosePanel = drawDosePanel(demo.record, doseText);
    const live = EduWidgets.el("div", { class: "edu-visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
    // "Done today: N sets", filled by a page that keeps progress (handout/progress.js).
    const doneToday = EduWidgets.el("p", {
      class: "edu-ex-done-today", hidden: true, "data-edu-progress": `sets:${demo.record.id}`,
    });
    const view = { ...drawFigures(demo), ...drawTimer(), ...drawControls(), ...drawSteps(demo.record), live, doneToday };
    view.content = EduWidgets.el("div", { class: "edu-ex-content" }, [
      ...dosePanel,
      drawCheckFirst(demo.record),
      drawStage(demo, view),
      drawStopSigns(demo.record),
      ...drawMore(demo.record),
    ]);
    demo.root.append(view.content);
    return view;
  }

  // ------------------------------------------------------------------ state → screen

  function targetAngles(demo) {
    const { poses, seq } = demo;
    const phase = SEQ.phaseNow(seq);
    if (!phase) return poses[0].angles;
    if (phase.kind !== "move") return poses[phase.pose].angles;
    if (demo.reducedMotion) return poses[phase.to].angles;
    return blendAngles(poses[phase.from].angles, poses[phase.to].angles, ease(seq.at.t / phase.duration));
  }

  // The figure in this frame's pose, gliding there if a button picked a new one.
  function paintPose(demo) {
    let angles = targetAngles(demo);
    if (demo.tween) {
      const fraction = (performance.now() - demo.tween.started) / (STEP_TWEEN_S * 1000);
      if (fraction >= 1 || demo.reducedMotion) demo.tween = null;
      else angles = blendAngles(demo.tween.from, angles, ease(fraction));
    }
    demo.shownAngles = angles;
    paintFigure(demo.view.figure, placedJoints(angles, demo.keyPoses.anchor), demo.seq.at.side === 2, demo.room.centreX);
  }

  // Where the demo is, on the root's data attributes (for styles and tests).
  function writeData(demo, stepNumber, holdLeft, holding) {
    const { at, playing } = demo.seq;
    const values = {
      frame: demo.frame, step: stepNumber, rep: at.rep, set: at.set, side: at.side, timerS: holdLeft,
      mode: at.mode, holding: holding ? "true" : "false", playing: playing ? "true" : "false",
    };
    for (const [name, value] of Object.entries(values)) {
      const text = String(value);
      if (demo.root.dataset[name] !== text) demo.root.dataset[name] = text;
    }
  }

  function markStep(demo, stepNumber) {
    if (demo.shown.step === stepNumber) return;
    demo.view.stepItems.forEach((item, i) => {
      const current = i === stepNumber - 1;
      item.classList.toggle("edu-ex-current", current);
      if (current) item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
    });
  }

  // The rep, the timer words and bar, and the figure's label; text changes only when it must.
  function writeReadouts(demo, stepNumber, holdLeft, holding) {
    const { view, shown, seq } = demo;
    const texts = { status: repWords(seq), timer: timerWords(demo, holdLeft), label: describe(demo, stepNumber, holdLeft) };
    if (shown.status !== texts.status) view.status.textContent = texts.status;
    if (shown.timer !== texts.timer) view.timerText.textContent = texts.timer;
    const share = seq.at.mode === "rest"
      ? SEQ.restSecondsLeft(seq) / Math.max(1, seq.dose.rest_s)
      : seq.holdPhase < 0 ? 0 : holdLeft / Math.max(1, seq.dose.hold_s);
    view.timerBar.style.width = `${(100 * share).toFixed(1)}%`;
    view.timer.classList.toggle("edu-ex-holding", holding);
    if (shown.label !== texts.label) view.liveSvg.setAttribute("aria-label", texts.label);
    return texts;
  }

  // Speak when something a listener needs changes: a new step, rep, side, rest or the end;
  // and the hold timer every few seconds (never every frame).
  function speak(demo, stepNumber, holdLeft, holding) {
    const { at, dose, playing } = demo.seq;
    const shown = demo.shown;
    const key = `${at.mode}|${at.set}|${at.side}|${at.rep}|${stepNumber}`;
    if (shown.key !== undefined && shown.key !== key) {
      demo.view.live.textContent = changeWords(demo, stepNumber, holding);
    } else if (
      holding && playing && holdLeft !== shown.holdLeft && holdLeft > 0 &&
      holdLeft < dose.hold_s && holdLeft % ANNOUNCE_EVERY_S === 0
    ) {
      demo.view.live.textContent = say("exercise.time_left", { seconds: secondsWords(holdLeft) });
    }
    return key;
  }

  function draw(demo) {
    const { seq } = demo;
    paintPose(demo);
    const stepNumber = demo.poses[SEQ.currentPoseIndex(seq)].step;
    const holdLeft = SEQ.holdSecondsLeft(seq);
    const holding = SEQ.isHolding(seq);
    writeData(demo, stepNumber, holdLeft, holding);
    markStep(demo, stepNumber);
    const texts = writeReadouts(demo, stepNumber, holdLeft, holding);
    const key = speak(demo, stepNumber, holdLeft, holding);
    Object.assign(demo.shown, texts, {
      step: stepNumber, key, holdLeft, rep: `${seq.at.set}|${seq.at.side}|${seq.at.rep}`,
    });
    demo.view.playButton.textContent = say(seq.playing ? "exercise.pause" : seq.at.mode === "done" ? "exercise.play_again" : "exercise.play");
  }

  // ------------------------------------------------------------------ the player

  function tick(demo, now) {
    demo.rafId = null;
    const seconds = Math.min(MAX_FRAME_S, Math.max(0, (now - demo.lastTime) / 1000));
    demo.lastTime = now;
    if (demo.seq.playing) {
      demo.frame += 1;
      const before = SEQ.position(demo.seq);
      SEQ.advance(demo.seq, seconds);
      tellSetsDone(demo, before);
    }
    draw(demo);
    if (demo.seq.playing || demo.tween) demo.rafId = requestAnimationFrame((time) => tick(demo, time));
  }

  // Draw now, and keep drawing frames while playing or gliding.
  function redraw(demo) {
    draw(demo);
    if (demo.rafId === null) {
      demo.lastTime = performance.now();
      demo.rafId = requestAnimationFrame((time) => tick(demo, time));
    }
  }

  // Back, Next and Start over stop the play and glide from the pose shown to the one picked.
  function jump(demo, move) {
    demo.seq.playing = false;
    demo.tween = demo.reducedMotion ? null : { from: demo.shownAngles, started: performance.now() };
    const before = SEQ.position(demo.seq);
    move(demo.seq);
    tellSetsDone(demo, before);
    redraw(demo);
  }

  // A finished set is told to the page as a bubbling "edu-set-done" event; a page that
  // keeps progress (handout/progress.js) records it and fills the "done today" line.
  function tellSetsDone(demo, before) {
    const sets = SEQ.setsFinished(before, SEQ.position(demo.seq));
    if (sets <= 0) return;
    demo.root.dispatchEvent(new CustomEvent("edu-set-done", {
      bubbles: true, detail: { exercise: demo.record.id, sets },
    }));
  }

  function togglePlay(demo) {
    const seq = demo.seq;
    if (seq.playing) {
      seq.playing = false;
    } else {
      if (seq.at.mode === "done") SEQ.restart(seq);
      seq.playing = true;
      demo.tween = null;
    }
    redraw(demo);
  }

  function listen(demo) {
    const view = demo.view;
    view.playButton.addEventListener("click", () => togglePlay(demo));
    view.nextButton.addEventListener("click", () => jump(demo, SEQ.stepForward));
    view.backButton.addEventListener("click", () => jump(demo, SEQ.stepBack));
    view.restartButton.addEventListener("click", () => jump(demo, SEQ.restart));
  }

  const DATA_NAMES = ["frame", "step", "rep", "set", "side", "timerS", "mode", "holding", "playing"];

  function teardown(demo) {
    demo.seq.playing = false;
    if (demo.rafId !== null) cancelAnimationFrame(demo.rafId);
    demo.rafId = null;
    demo.view.content.remove();
    for (const name of Object.keys(demo.root.dataset)) {
      if (DATA_NAMES.includes(name)) delete demo.root.dataset[name];
    }
  }

  // ------------------------------------------------------------------ the widget

  function render(model, el) {
    const ownRoot = !el.classList.contains("edu-widget");
    const root = ownRoot
      ? el.appendChild(EduWidgets.el("div", { class: "edu-widget edu-exercise-demo", role: "region" }))
      : el;
    let teardown = build(model, root, ownRoot);
    const rebuild = () => {
      teardown();
      teardown = build(model, root, ownRoot);
    };
    const watched = ["exercise", "sets", "reps", "hold_s", "rest_s", "per_side", "reps_by_set", "dose_text"];
    for (const name of watched) model.on("change:" + name, rebuild);
    return () => {
      for (const name of watched) model.off("change:" + name, rebuild);
      teardown();
      if (ownRoot) root.remove();
    };
  }

  // Draw the demo for the model's exercise and dose; returns its teardown.
  function build(model, root, ownRoot) {
    const record = model.get("exercise");
    const keyPoses = record.key_poses;
    if (ownRoot) root.setAttribute("aria-label", say("exercise.region_label", { title: record.title }));
    root.classList.add("edu-exercise-demo");
    const demo = {
      root, record, keyPoses, poses: keyPoses.poses, steps: record.steps,
      room: roomFor(keyPoses.poses, keyPoses.anchor),
      reducedMotion: typeof window.matchMedia === "function" &&
        window.matchMedia("(prefers-reduced-motion: reduce)").matches,
      seq: SEQ.createSequence(keyPoses, readDose(model)),
      shown: {}, // last values written, so text and ARIA change only when they must
      frame: 0, rafId: null, lastTime: 0,
      tween: null, // {from, started}: a glide to a pose chosen with Back/Next
      shownAngles: keyPoses.poses[0].angles,
    };
    demo.view = drawDemo(demo, model.get("dose_text"));
    listen(demo);
    draw(demo);
    root.dispatchEvent(new CustomEvent("edu-progress-added", { bubbles: true }));
    return () => teardown(demo);
  }

  function mountStatic(el, config) {
    return render(new EduWidgets.LocalModel(config), el);
  }

  EduWidgets.register("exercise-demo", { render, mountStatic });
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
