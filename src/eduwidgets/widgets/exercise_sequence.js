// needs: nothing
// Where an exercise demo is in its dose (see exercise_demo.js): set, side, rep, and the
// phase of the rep (moving to a pose, pausing or holding there), with the seconds into it.
// No drawing here: the demo reads this state each frame and draws it.
(function (EduWidgets) {
  "use strict";

  const PAUSE_S = 0.7; // a short rest at each pose that is not held, so each step can be seen
  const SWITCH_SIDE_S = 1.5; // pause while the figure turns to the other side

  // One rep: move to each pose in turn and pause there; the hold pose is held hold_s seconds.
  function repPhases(keyPoses, dose) {
    const phases = [];
    keyPoses.poses.forEach((pose, index) => {
      if (index > 0) phases.push({ kind: "move", from: index - 1, to: index, duration: keyPoses.move_s });
      const isHold = index === keyPoses.hold_index && dose.hold_s > 0;
      phases.push({ kind: isHold ? "hold" : "pause", pose: index, duration: isHold ? dose.hold_s : PAUSE_S });
    });
    return phases;
  }

  // Mode "rep" walks the phases; "switch", "rest" and "done" sit at the start pose.
  function createSequence(keyPoses, dose) {
    const phases = repPhases(keyPoses, dose);
    return {
      dose,
      phases,
      holdPhase: phases.findIndex((phase) => phase.kind === "hold"),
      at: { mode: "rep", set: 1, side: 1, rep: 1, phase: 0, t: 0 },
      playing: false,
    };
  }

  // A descending pyramid has its own count of reps in each set.
  function repsIn(seq, set) {
    return seq.dose.reps_by_set[set - 1] || seq.dose.reps;
  }

  function phaseNow(seq) {
    return seq.at.mode === "rep" ? seq.phases[seq.at.phase] : null;
  }

  function currentPoseIndex(seq) {
    const phase = phaseNow(seq);
    if (!phase) return 0;
    return phase.kind === "move" ? phase.to : phase.pose;
  }

  function isHolding(seq) {
    const phase = phaseNow(seq);
    return Boolean(phase && phase.kind === "hold");
  }

  function holdSecondsLeft(seq) {
    const { at, dose, holdPhase } = seq;
    if (holdPhase < 0) return 0;
    if (at.mode !== "rep") return at.mode === "done" ? 0 : dose.hold_s;
    if (at.phase < holdPhase) return dose.hold_s;
    if (at.phase > holdPhase) return 0;
    return Math.max(0, Math.ceil(dose.hold_s - at.t - 1e-9));
  }

  function restSecondsLeft(seq) {
    return seq.at.mode === "rest" ? Math.max(0, Math.ceil(seq.dose.rest_s - seq.at.t - 1e-9)) : 0;
  }

  function duration(seq) {
    const mode = seq.at.mode;
    if (mode === "rep") return seq.phases[seq.at.phase].duration;
    if (mode === "switch") return SWITCH_SIDE_S;
    if (mode === "rest") return seq.dose.rest_s;
    return Infinity;
  }

  function startRep(seq, mode) {
    Object.assign(seq.at, { mode, phase: 0, t: 0 });
  }

  function endRep(seq) {
    const { at, dose } = seq;
    if (at.rep < repsIn(seq, at.set)) {
      at.rep += 1;
      startRep(seq, "rep");
    } else if (dose.per_side && at.side === 1) {
      Object.assign(at, { side: 2, rep: 1 });
      startRep(seq, "switch");
    } else if (at.set < dose.sets) {
      Object.assign(at, { set: at.set + 1, side: 1, rep: 1 });
      startRep(seq, dose.rest_s > 0 ? "rest" : "rep");
    } else {
      startRep(seq, "done");
      seq.playing = false;
    }
  }

  function nextPhase(seq) {
    const at = seq.at;
    if (at.mode === "rep") {
      at.phase += 1;
      at.t = 0;
      if (at.phase >= seq.phases.length) endRep(seq);
    } else if (at.mode === "switch" || at.mode === "rest") {
      startRep(seq, "rep");
    }
  }

  // Move on by a number of seconds while playing, through as many phases as they cover.
  function advance(seq, seconds) {
    let left = seconds;
    while (left > 0 && seq.playing && seq.at.mode !== "done") {
      const remaining = duration(seq) - seq.at.t;
      if (left < remaining) {
        seq.at.t += left;
        left = 0;
      } else {
        left -= Math.max(0, remaining);
        nextPhase(seq);
      }
    }
  }

  function restart(seq) {
    Object.assign(seq.at, { set: 1, side: 1, rep: 1 });
    startRep(seq, "rep");
  }

  // The stops of a rep are its pause and hold phases (one per key pose).
  function stopPhases(seq) {
    return seq.phases.map((phase, i) => (phase.kind === "move" ? -1 : i)).filter((i) => i >= 0);
  }

  // Next: the next stop of this rep, or the next rep (or side, set, the end).
  function stepForward(seq) {
    const at = seq.at;
    if (at.mode === "done") restart(seq);
    else if (at.mode !== "rep") startRep(seq, "rep");
    else {
      const next = stopPhases(seq).find((i) => i > at.phase);
      if (next === undefined) endRep(seq);
      else Object.assign(at, { phase: next, t: 0 });
    }
  }

  // Back: the start of this stop if under way, else the stop before it.
  function stepBack(seq) {
    const at = seq.at;
    if (at.mode !== "rep") startRep(seq, "rep");
    else {
      const earlier = stopPhases(seq).filter((i) => i < at.phase || (i === at.phase && at.t > 0));
      at.phase = earlier.length ? earlier[earlier.length - 1] : 0;
      at.t = 0;
    }
  }

  // Where the demo is, to compare before and after a move (setsFinished).
  function position(seq) {
    return { set: seq.at.set, done: seq.at.mode === "done" };
  }

  // How many sets a move finished: each set passed, and the last one when it reaches the
  // end. Start over (back to set 1) and Back finish none.
  function setsFinished(before, after) {
    if (after.done && !before.done) return after.set - before.set + 1;
    return after.done ? 0 : Math.max(0, after.set - before.set);
  }

  EduWidgets.exerciseSequence = {
    createSequence, repsIn, phaseNow, currentPoseIndex, isHolding, holdSecondsLeft,
    restSecondsLeft, advance, restart, stepForward, stepBack, position, setsFinished,
  };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
