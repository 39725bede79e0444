// needs: core.js
// KnowledgeCheck: a teach-back question. Native radio buttons in a fieldset; after
// "Check my answer", every choice shows why it is right or wrong (icon + "Right:" or
// "Not quite:", never colour alone) and a live region announces the result. The
// answer syncs back to Python as `answer` (index, or -1); nothing is stored anywhere.
(function (EduWidgets) {
  "use strict";
  const el = EduWidgets.el;

  function icon(right) {
    const path = right ? "M5 12.5 L10 17.5 L19 7" : "M6.5 6.5 L17.5 17.5 M17.5 6.5 L6.5 17.5";
    return el(
      "svg",
      { class: "edu-kc-icon", viewBox: "0 0 24 24", width: "20", height: "20", "aria-hidden": "true", focusable: "false" },
      [el("path", { d: path, fill: "none", stroke: "currentColor", "stroke-width": "3", "stroke-linecap": "round", "stroke-linejoin": "round" })]
    );
  }

  // "Hold it close." -> “Hold it close” (the sentence around it brings its own full stop).
  function quoted(text) {
    return "\u201c" + String(text).replace(/[.!?]+$/, "") + "\u201d";
  }

  // One answer: its radio button and text, and (after checking) why it is right or not.
  function drawChoice(choice, index, group) {
    const inputId = `${group}-choice-${index}`;
    const feedbackId = `${group}-why-${index}`;
    const input = el("input", { type: "radio", id: inputId, name: group, value: String(index) });
    const mine = el("span", { class: "edu-kc-mine", text: EduWidgets.say("check.your_answer"), hidden: true });
    const feedback = el("div", { id: feedbackId, class: "edu-kc-feedback", hidden: true }, [
      el("strong", { class: "edu-kc-mark" }, [
        icon(choice.correct),
        el("span", { text: EduWidgets.say(choice.correct ? "check.right" : "check.not_quite") }),
      ]),
      el("span", { class: "edu-kc-why", text: " " + choice.why }),
    ]);
    const row = el("div", { class: "edu-kc-choice" }, [
      el("label", { for: inputId, class: "edu-kc-label" }, [input, el("span", { class: "edu-kc-text", text: choice.text }), mine]),
      feedback,
    ]);
    return { row, input, feedback, feedbackId, mine, choice };
  }

  // The question, its answers, the two buttons and the live status line.
  function drawForm(model) {
    const group = EduWidgets.uid("edu-kc");
    const status = el("p", { class: "edu-kc-status", role: "status", "aria-live": "polite" });
    const rows = (model.get("choices") || []).map((choice, index) => drawChoice(choice, index, group));
    const check = el("button", { type: "submit", class: "edu-primary edu-kc-check", text: EduWidgets.say("check.check") });
    const again = el("button", { type: "button", class: "edu-kc-again", text: EduWidgets.say("check.try_again"), hidden: true });
    const form = el("form", { class: "edu-kc", novalidate: true }, [
      el("fieldset", { class: "edu-kc-fieldset" }, [
        el("legend", { class: "edu-kc-question", text: model.get("question") }),
        el("div", { class: "edu-kc-choices" }, rows.map((r) => r.row)),
      ]),
      el("div", { class: "edu-kc-actions" }, [check, again]),
      status,
    ]);
    return { form, rows, check, again, status };
  }

  // "Check my answer" sends the pick to the model; "Try again" clears it.
  function listen(model, view) {
    const { form, rows, again, status } = view;
    form.addEventListener("submit", (event) => {
      event.preventDefault(); // never navigate: the page's CSP forbids form actions
      const picked = rows.findIndex((r) => r.input.checked);
      if (picked < 0) {
        status.textContent = EduWidgets.say("check.pick_first");
        if (rows.length) rows[0].input.focus();
        return;
      }
      model.set("answer", picked);
      model.save_changes();
      again.focus();
    });
    again.addEventListener("click", () => {
      model.set("answer", -1);
      model.save_changes();
      if (rows.length) rows[0].input.focus();
    });
  }

  function resultWords(rows, answer) {
    const picked = rows[answer].choice;
    const best = rows.filter((r) => r.choice.correct).map((r) => quoted(r.choice.text));
    return picked.correct
      ? EduWidgets.say("check.result_right", { picked: quoted(picked.text) })
      : EduWidgets.say("check.result_wrong", { picked: quoted(picked.text), best: best.join(` ${EduWidgets.say("check.or")} `) });
  }

  // Show the state for the current `answer`; runs on every change, local or from Python.
  function show(model, view) {
    const answer = Number(model.get("answer"));
    const answered = answer >= 0 && answer < view.rows.length;
    view.rows.forEach((r, index) => {
      r.input.disabled = answered;
      r.input.checked = answered && index === answer;
      r.feedback.hidden = !answered;
      r.mine.hidden = !(answered && index === answer);
      r.row.classList.toggle("edu-kc-right", answered && Boolean(r.choice.correct));
      r.row.classList.toggle("edu-kc-wrong", answered && !r.choice.correct);
      if (answered) r.input.setAttribute("aria-describedby", r.feedbackId);
      else r.input.removeAttribute("aria-describedby");
    });
    view.check.hidden = answered;
    view.again.hidden = !answered;
    view.status.textContent = answered ? resultWords(view.rows, answer) : "";
  }

  function render(model, host) {
    host.classList.add("edu-widget", "edu-knowledge-check");
    let view = null;
    const showAnswer = () => show(model, view);

    function draw() {
      const old = view && view.form;
      view = drawForm(model);
      listen(model, view);
      if (old) old.replaceWith(view.form);
      else host.append(view.form);
      showAnswer();
    }

    model.on("change:answer", showAnswer);
    model.on("change:question", draw);
    model.on("change:choices", draw);
    draw();
    return () => {
      model.off("change:answer", showAnswer);
      model.off("change:question", draw);
      model.off("change:choices", draw);
    };
  }

  function mountStatic(element, config) {
    return render(new EduWidgets.LocalModel(config), element);
  }

  EduWidgets.register("knowledge-check", { render, mountStatic });
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
