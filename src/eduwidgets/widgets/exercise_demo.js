// ExerciseDemo: a guided, animated demo of one exercise (see eduwidgets/exercise_demo.py).
// The figure is a side-view body of rounded limbs drawn in inline SVG. Each key pose gives the
// direction of every body part; frames in between blend those angles with easing. The animation,
// hold timer and rep counter live here, so the same render runs live and in a static handout.
(function (EW) {
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
  const PAUSE_S = 0.7; // a short rest at each pose that is not held, so each step can be seen
  const STEP_TWEEN_S = 0.45; // how long the figure takes to glide to a pose picked with a button
  const SWITCH_SIDE_S = 1.5; // pause while the figure turns to the other side
  const ANNOUNCE_EVERY_S = 5; // the live region reads the hold timer every 5 seconds, not every frame
  const MAX_FRAME_S = 0.25; // after a stall (hidden tab), move on at most this much at once

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
    const E = EW.el;
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
    return EW.el("svg", {
      class: "edu-ex-figure " + extraClass,
      viewBox: `${room.left.toFixed(1)} ${room.top.toFixed(1)} ${room.width.toFixed(1)} ${room.height.toFixed(1)}`,
      role: "img",
      "aria-label": label,
      focusable: "false",
      preserveAspectRatio: "xMidYMid meet",
    });
  }

  // ------------------------------------------------------------------ words

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
  }

  function sideWords(dose, side) {
    if (!dose.per_side) return "";
    return side === 1 ? ", first side" : ", other side";
  }

  // ------------------------------------------------------------------ the widget

  function render(model, el) {
    const ownRoot = !el.classList.contains("edu-widget");
    const root = ownRoot
      ? el.appendChild(EW.el("div", { class: "edu-widget edu-exercise-demo", role: "region" }))
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

  function build(model, root, ownRoot) {
    const E = EW.el;
    const record = model.get("exercise");
    const dose = {
      sets: model.get("sets"),
      reps: model.get("reps"),
      hold_s: model.get("hold_s"),
      rest_s: model.get("rest_s"),
      per_side: model.get("per_side"),
      reps_by_set: model.get("reps_by_set") || [],
    };
    // A descending pyramid has its own count of reps in each set.
    const repsIn = (set) => dose.reps_by_set[set - 1] || dose.reps;
    const keyPoses = record.key_poses;
    const poses = keyPoses.poses;
    const steps = record.steps;
    const reducedMotion =
      typeof window.matchMedia === "function" &&
      window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (ownRoot) root.setAttribute("aria-label", "Exercise demo: " + record.title);

    // One rep: move to each pose in turn and pause there; the hold pose is held hold_s seconds.
    const phases = [];
    poses.forEach((pose, index) => {
      if (index > 0) phases.push({ kind: "move", from: index - 1, to: index, duration: keyPoses.move_s });
      const isHold = index === keyPoses.hold_index && dose.hold_s > 0;
      phases.push({ kind: isHold ? "hold" : "pause", pose: index, duration: isHold ? dose.hold_s : PAUSE_S });
    });
    const holdPhase = phases.findIndex((phase) => phase.kind === "hold");

    // Where we are: mode "rep" walks the phases; "switch", "rest" and "done" sit at the start pose.
    const at = { mode: "rep", set: 1, side: 1, rep: 1, phase: 0, t: 0 };
    let playing = false;
    let frame = 0;
    let rafId = null;
    let lastTime = 0;
    let tween = null; // {from, started}: a glide to a pose chosen with Back/Next
    let shownAngles = poses[0].angles;

    // ---------------------------------------------------------------- DOM
    const titleId = EW.uid("edu-ex-title");
    const stepsId = EW.uid("edu-ex-steps");
    root.classList.add("edu-exercise-demo");
    const room = roomFor(poses, keyPoses.anchor);
    const liveSvg = figureSvg(room, "edu-ex-live-figure", record.title);
    const figure = drawFigure(liveSvg, room);
    const holdPose = poses[keyPoses.hold_index];
    const printSvg = figureSvg(
      room,
      "edu-ex-print-figure",
      `The ${record.title} hold position: ${steps[holdPose.step - 1]}`
    );
    paintFigure(drawFigure(printSvg, room), placedJoints(holdPose.angles, keyPoses.anchor), false, room.centreX);

    const status = E("p", { class: "edu-ex-status" });
    const timerText = E("p", { class: "edu-ex-timer-text" });
    const timerBar = E("span", { class: "edu-ex-timer-fill" });
    const timer = E("div", { class: "edu-ex-timer" }, [
      timerText,
      E("span", { class: "edu-ex-timer-track", "aria-hidden": "true" }, [timerBar]),
    ]);
    const playButton = E("button", { type: "button", class: "edu-primary edu-ex-play", text: "Play" });
    const backButton = E("button", { type: "button", class: "edu-ex-back", "aria-label": "Back: previous position", text: "◀ Back" });
    const nextButton = E("button", { type: "button", class: "edu-ex-next", "aria-label": "Next: next position", text: "Next ▶" });
    const restartButton = E("button", { type: "button", class: "edu-ex-restart", text: "Start over" });
    const live = E("div", { class: "edu-visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
    const stepItems = steps.map((text, i) =>
      E("li", { class: "edu-ex-step" }, [
        E("span", { class: "edu-ex-now", text: "Now", "aria-hidden": "true" }),
        E("span", { text }),
      ])
    );
    const trains = record.trains_in_words.join(", ");

    const content = E("div", { class: "edu-ex-content" }, [
      E("h3", { id: titleId, text: record.title }),
      E("p", { class: "edu-ex-purpose", text: record.purpose }),
      E("p", { class: "edu-ex-trains" }, [E("strong", { text: "Works: " }), E("span", { text: trains })]),
      E("p", { class: "edu-ex-dose" }, [E("strong", { text: "How much: " }), E("span", { text: model.get("dose_text") })]),
      E("div", { class: "edu-ex-main" }, [
        E("div", { class: "edu-ex-stage" }, [
          E("div", { class: "edu-ex-figure-box" }, [liveSvg, printSvg]),
          E("div", { class: "edu-ex-readouts edu-no-print" }, [status, timer]),
          E("div", { class: "edu-ex-controls edu-no-print", role: "group", "aria-label": "Demo controls" }, [
            backButton, playButton, nextButton, restartButton,
          ]),
          reducedMotion
            ? E("p", { class: "edu-ex-note edu-no-print", text: "Your device asks for less motion. The figure jumps from step to step." })
            : null,
          live,
        ]),
        E("div", { class: "edu-ex-guide" }, [
          E("h4", { id: stepsId, text: "Steps" }),
          E("ol", { class: "edu-ex-steps", "aria-labelledby": stepsId }, stepItems),
          E("div", { class: "edu-ex-cue" }, [E("h4", { text: "Key point" }), E("p", { text: record.key_cue })]),
        ]),
      ]),
      // One line per level, most urgent first; the words say how soon, not the colour.
      E("div", { class: "edu-ex-stop", role: "note" }, [
        E("span", { class: "edu-ex-stop-icon", "aria-hidden": "true", text: "!" }),
        E("ul", { class: "edu-ex-stop-list" }, (record.stop_if || []).map((sign) =>
          E("li", { class: `edu-ex-stop-${sign.level}` }, [
            E("strong", { text: sign.intro + " " }),
            E("span", { text: sign.text + "." }),
          ])
        )),
      ]),
      E("div", { class: "edu-ex-more" }, [
        E("div", {}, [
          E("h4", { text: "Common mistakes" }),
          E("ul", {}, record.mistakes.map((text) => E("li", { text }))),
        ]),
        E("div", {}, [
          E("h4", { text: "Make it easier" }),
          E("p", { text: record.easier }),
          E("h4", { text: "Make it harder" }),
          E("p", { text: record.harder }),
        ]),
      ]),
      E("details", { class: "edu-ex-sources" }, [
        E("summary", { text: "Where this advice comes from" }),
        record.sources.length ? E("ul", {}, record.sources.map((text) => E("li", { text }))) : null,
        record.source_note ? E("p", { text: record.source_note }) : null,
      ]),
    ]);
    root.append(content);

    // ---------------------------------------------------------------- state → screen
    const shown = {}; // last values written, so text and ARIA change only when they must

    function phaseNow() {
      return at.mode === "rep" ? phases[at.phase] : null;
    }

    function currentPoseIndex() {
      const phase = phaseNow();
      if (!phase) return 0;
      return phase.kind === "move" ? phase.to : phase.pose;
    }

    function holdSecondsLeft() {
      if (holdPhase < 0) return 0;
      if (at.mode !== "rep") return at.mode === "done" ? 0 : dose.hold_s;
      if (at.phase < holdPhase) return dose.hold_s;
      if (at.phase > holdPhase) return 0;
      return Math.max(0, Math.ceil(dose.hold_s - at.t - 1e-9));
    }

    function restSecondsLeft() {
      return at.mode === "rest" ? Math.max(0, Math.ceil(dose.rest_s - at.t - 1e-9)) : 0;
    }

    function targetAngles() {
      const phase = phaseNow();
      if (!phase) return poses[0].angles;
      if (phase.kind !== "move") return poses[phase.pose].angles;
      if (reducedMotion) return poses[phase.to].angles;
      return blendAngles(poses[phase.from].angles, poses[phase.to].angles, ease(at.t / phase.duration));
    }

    function repWords() {
      if (at.mode === "done") return "All done. Well done!";
      let words = `Rep ${at.rep} of ${repsIn(at.set)}${sideWords(dose, at.side)}`;
      if (dose.sets > 1) words += ` · Set ${at.set} of ${dose.sets}`;
      return words;
    }

    function timerWords(holdLeft) {
      if (at.mode === "rest") return `Rest: ${plural(restSecondsLeft(), "second", "seconds")} left`;
      if (at.mode === "switch") return "Now switch to the other side.";
      if (holdPhase < 0) return "No hold. Move slowly.";
      const phase = phaseNow();
      if (phase && phase.kind === "hold") return `Hold: ${plural(holdLeft, "second", "seconds")} left`;
      if (at.mode === "rep" && at.phase > holdPhase) return "Hold done.";
      return `Hold: ${plural(dose.hold_s, "second", "seconds")}, at step ${poses[keyPoses.hold_index].step}`;
    }

    function describe(stepNumber, holdLeft) {
      let words = `${record.title}. Step ${stepNumber} of ${steps.length}: ${steps[stepNumber - 1]}`;
      const phase = phaseNow();
      if (phase && phase.kind === "hold") words += ` Hold: ${plural(holdLeft, "second", "seconds")} left.`;
      if (at.mode === "switch") words += " Now switch to the other side.";
      if (at.mode === "rest") words += ` Rest: ${plural(restSecondsLeft(), "second", "seconds")} left.`;
      return `${words} ${repWords()}.`.replace("!.", "!");
    }

    function announce(message) {
      live.textContent = message;
    }

    function setData(name, value) {
      const text = String(value);
      if (root.dataset[name] !== text) root.dataset[name] = text;
    }

    function draw() {
      let angles = targetAngles();
      if (tween) {
        const fraction = (performance.now() - tween.started) / (STEP_TWEEN_S * 1000);
        if (fraction >= 1 || reducedMotion) tween = null;
        else angles = blendAngles(tween.from, angles, ease(fraction));
      }
      shownAngles = angles;
      paintFigure(figure, placedJoints(angles, keyPoses.anchor), at.side === 2, room.centreX);

      const poseIndex = currentPoseIndex();
      const stepNumber = poses[poseIndex].step;
      const holdLeft = holdSecondsLeft();
      const phase = phaseNow();
      const holding = Boolean(phase && phase.kind === "hold");

      setData("frame", frame);
      setData("step", stepNumber);
      setData("rep", at.rep);
      setData("set", at.set);
      setData("side", at.side);
      setData("timerS", holdLeft);
      setData("mode", at.mode);
      setData("holding", holding ? "true" : "false");
      setData("playing", playing ? "true" : "false");

      if (shown.step !== stepNumber) {
        stepItems.forEach((item, i) => {
          const current = i === stepNumber - 1;
          item.classList.toggle("edu-ex-current", current);
          if (current) item.setAttribute("aria-current", "step");
          else item.removeAttribute("aria-current");
        });
      }
      const statusText = repWords();
      if (shown.status !== statusText) status.textContent = statusText;
      const timerLine = timerWords(holdLeft);
      if (shown.timer !== timerLine) timerText.textContent = timerLine;
      const share = at.mode === "rest"
        ? restSecondsLeft() / Math.max(1, dose.rest_s)
        : holdPhase < 0 ? 0 : holdLeft / Math.max(1, dose.hold_s);
      timerBar.style.width = `${(100 * share).toFixed(1)}%`;
      timer.classList.toggle("edu-ex-holding", holding);
      const label = describe(stepNumber, holdLeft);
      if (shown.label !== label) liveSvg.setAttribute("aria-label", label);

      // Speak when something a listener needs changes: a new step, rep, side, rest or
      // the end; and the hold timer every few seconds (never every frame).
      const key = `${at.mode}|${at.set}|${at.side}|${at.rep}|${stepNumber}`;
      if (shown.key !== undefined && shown.key !== key) {
        if (at.mode === "done") announce("All done. Well done!");
        else if (at.mode === "switch") announce("Now switch to the other side.");
        else if (at.mode === "rest") announce(`Rest for ${plural(dose.rest_s, "second", "seconds")}.`);
        else {
          let message = `Step ${stepNumber} of ${steps.length}: ${steps[stepNumber - 1]}`;
          if (shown.rep !== `${at.set}|${at.side}|${at.rep}`) message = `${repWords()}. ${message}`;
          if (holding) message += ` Hold for ${plural(dose.hold_s, "second", "seconds")}.`;
          announce(message);
        }
      } else if (
        holding && playing && holdLeft !== shown.holdLeft && holdLeft > 0 &&
        holdLeft < dose.hold_s && holdLeft % ANNOUNCE_EVERY_S === 0
      ) {
        announce(`${plural(holdLeft, "second", "seconds")} left.`);
      }
      Object.assign(shown, {
        step: stepNumber, status: statusText, timer: timerLine, label, key, holdLeft,
        rep: `${at.set}|${at.side}|${at.rep}`,
      });

      playButton.textContent = playing ? "Pause" : at.mode === "done" ? "Play again" : "Play";
    }

    // ---------------------------------------------------------------- the sequence
    function duration() {
      if (at.mode === "rep") return phases[at.phase].duration;
      if (at.mode === "switch") return SWITCH_SIDE_S;
      if (at.mode === "rest") return dose.rest_s;
      return Infinity;
    }

    function startRep(mode) {
      at.mode = mode;
      at.phase = 0;
      at.t = 0;
    }

    function endRep() {
      if (at.rep < repsIn(at.set)) {
        at.rep += 1;
        startRep("rep");
      } else if (dose.per_side && at.side === 1) {
        at.side = 2;
        at.rep = 1;
        startRep("switch");
      } else if (at.set < dose.sets) {
        at.set += 1;
        at.side = 1;
        at.rep = 1;
        startRep(dose.rest_s > 0 ? "rest" : "rep");
      } else {
        startRep("done");
        playing = false;
      }
    }

    function nextPhase() {
      if (at.mode === "rep") {
        at.phase += 1;
        at.t = 0;
        if (at.phase >= phases.length) endRep();
      } else if (at.mode === "switch" || at.mode === "rest") {
        startRep("rep");
      }
    }

    function advance(seconds) {
      let left = seconds;
      while (left > 0 && playing && at.mode !== "done") {
        const remaining = duration() - at.t;
        if (left < remaining) {
          at.t += left;
          left = 0;
        } else {
          left -= Math.max(0, remaining);
          nextPhase();
        }
      }
    }

    function tick(now) {
      rafId = null;
      const seconds = Math.min(MAX_FRAME_S, Math.max(0, (now - lastTime) / 1000));
      lastTime = now;
      if (playing) {
        frame += 1;
        advance(seconds);
      }
      draw();
      if (playing || tween) rafId = requestAnimationFrame(tick);
    }

    function wake() {
      if (rafId === null) {
        lastTime = performance.now();
        rafId = requestAnimationFrame(tick);
      }
    }

    function restart() {
      Object.assign(at, { set: 1, side: 1, rep: 1 });
      startRep("rep");
    }

    function glideFromShown() {
      tween = reducedMotion ? null : { from: shownAngles, started: performance.now() };
    }

    // The stops of a rep are its pause and hold phases (one per key pose).
    function stopPhases() {
      return phases.map((phase, i) => (phase.kind === "move" ? -1 : i)).filter((i) => i >= 0);
    }

    function stepForward() {
      playing = false;
      glideFromShown();
      if (at.mode === "done") restart();
      else if (at.mode !== "rep") startRep("rep");
      else {
        const next = stopPhases().find((i) => i > at.phase);
        if (next === undefined) endRep();
        else {
          at.phase = next;
          at.t = 0;
        }
        if (at.mode === "done") playing = false;
      }
      draw();
      wake();
    }

    function stepBack() {
      playing = false;
      glideFromShown();
      if (at.mode !== "rep") startRep("rep");
      else {
        const earlier = stopPhases().filter((i) => i < at.phase || (i === at.phase && at.t > 0));
        at.phase = earlier.length ? earlier[earlier.length - 1] : 0;
        at.t = 0;
      }
      draw();
      wake();
    }

    function togglePlay() {
      if (playing) {
        playing = false;
      } else {
        if (at.mode === "done") restart();
        playing = true;
        tween = null;
      }
      draw();
      wake();
    }

    playButton.addEventListener("click", togglePlay);
    nextButton.addEventListener("click", stepForward);
    backButton.addEventListener("click", stepBack);
    restartButton.addEventListener("click", () => {
      playing = false;
      glideFromShown();
      restart();
      draw();
      wake();
    });

    draw();

    return function teardown() {
      playing = false;
      if (rafId !== null) cancelAnimationFrame(rafId);
      rafId = null;
      content.remove();
      for (const name of Object.keys(root.dataset)) {
        if (["frame", "step", "rep", "set", "side", "timerS", "mode", "holding", "playing"].includes(name)) {
          delete root.dataset[name];
        }
      }
    };
  }

  function mountStatic(el, config) {
    return render(new EW.LocalModel(config), el);
  }

  EW.register("exercise-demo", { render, mountStatic });
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
