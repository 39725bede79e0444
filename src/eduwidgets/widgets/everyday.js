// needs: core.js, model.js
// Everyday tasks as a scale for the push on the lower back: the browser twin of
// eduwidgets/everyday.py. The tasks (model inputs) and their words come from
// content/everyday_tasks.toml through the widget's config; the model computes each push.
(function (EduWidgets) {
  "use strict";

  // The push of the task every push is told against (standing up straight) among the
  // rows [N]: the one place the page looks it up (Python's: everyday.reference_task).
  const referenceN = (rows, content) => rows.find((row) => row.key === content.reference.key).compression_n;

  // Each task's push for this body, typical muscles, smallest first (as everyday_loads).
  function loads(content, body) {
    const rows = content.tasks.map((task) => {
      const inputs = Object.assign({}, body);
      Object.keys(task).forEach((name) => {
        if (name !== "key" && name !== "label") inputs[name] = task[name];
      });
      return { key: task.key, label: task.label, compression_n: EduWidgets.model.lumbarLoad(inputs).compression_n };
    });
    const standingN = referenceN(rows, content);
    rows.forEach((row) => (row.multiple = row.compression_n / standingN));
    return rows.sort((a, b) => a.compression_n - b.compression_n);
  }

  // One decimal, rounded by toFixed as Python's format_multiple expects (Intl would round
  // 0.15 up), then written in the language's format (1.5 in English, 1,5 in Spanish).
  const formatMultiple = (multiple) => EduWidgets.formatNumber(Number(multiple.toFixed(1)), 1);

  // Where a push falls among the tasks, in words (as place_sentence).
  function placeSentence(multiple, rows, words) {
    const shown = Number(formatMultiple(multiple));
    const same = rows.filter((row) => Number(formatMultiple(row.multiple)) === shown);
    if (same.length) return EduWidgets.fill(words.same_as, { task: same[0].label.toLowerCase() });
    const lower = rows.filter((row) => row.multiple < multiple);
    const higher = rows.filter((row) => row.multiple > multiple);
    if (!lower.length) return EduWidgets.fill(words.below_all, { lowest: higher[0].label.toLowerCase() });
    if (!higher.length) return EduWidgets.fill(words.above_all, { highest: lower[lower.length - 1].label.toLowerCase() });
    return EduWidgets.fill(words.between, {
      lower: lower[lower.length - 1].label.toLowerCase(),
      higher: higher[0].label.toLowerCase(),
    });
  }

  const leadSentence = (multiple, words) => EduWidgets.fill(words.lead, { multiple: formatMultiple(multiple) });

  // The scale: the tasks in order with "you, now" placed among them. HTML, so it reflows.
  function createScale(container, content) {
    const list = EduWidgets.el("ol", { class: "edu-scale", "aria-label": content.words.scale_heading });
    const heading = EduWidgets.el("p", { class: "edu-scale-heading", text: content.words.scale_heading, "aria-hidden": "true" });
    container.append(heading, list);
    let last = "";
    function update(multiple, rows) {
      const key = formatMultiple(multiple) + rows.map((r) => formatMultiple(r.multiple)).join();
      if (key === last) return; // the scale changes only when a shown number does
      last = key;
      list.replaceChildren();
      const you = { you: true, label: content.words.you_are_here, multiple };
      const items = rows.concat([you]).sort((a, b) => a.multiple - b.multiple || (a.you ? 1 : -1));
      const top = Math.max(...items.map((item) => item.multiple), 1e-9);
      items.forEach((item) => {
        const bar = EduWidgets.el("span", { class: "edu-scale-bar", "aria-hidden": "true" });
        bar.style.width = `${Math.max(2, (100 * item.multiple) / top).toFixed(1)}%`;
        list.append(
          EduWidgets.el("li", { class: item.you ? "edu-scale-you" : null, "data-task": item.key || "you" }, [
            EduWidgets.el("span", { class: "edu-scale-label", text: (item.you ? "▶ " : "") + item.label }),
            EduWidgets.el("span", { class: "edu-scale-value", text: EduWidgets.fill(content.words.times, { multiple: formatMultiple(item.multiple) }) }),
            EduWidgets.el("span", { class: "edu-scale-track", "aria-hidden": "true" }, [bar]),
          ])
        );
      });
    }
    return { update };
  }

  EduWidgets.everyday = { loads, referenceN, placeSentence, leadSentence, formatMultiple, createScale };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
