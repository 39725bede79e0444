// needs: core.js
// RedFlags: the warning signs at three levels: get help now, within a day, book a visit (text from
// content/red_flags.toml, sent by Python as the `content` trait). Calm but distinct:
// an icon and heading text carry the meaning, never colour alone. `compact` shows one
// line with a disclosure button; print always shows the full list (red_flags.css).
(function (EduWidgets) {
  "use strict";
  const el = EduWidgets.el;

  // Decorative icons: the heading text beside each says the same thing.
  function icon(kind) {
    const shapes = {
      // A warning triangle with an exclamation mark.
      warning: [
        el("path", { d: "M12 2.5 L22.5 21 H1.5 Z", fill: "currentColor" }),
        el("path", { d: "M12 9 V14.5", stroke: "#ffffff", "stroke-width": "2.4", "stroke-linecap": "round" }),
        el("circle", { cx: "12", cy: "17.6", r: "1.4", fill: "#ffffff" }),
      ],
      // A clock: "within a day".
      clock: [
        el("circle", { cx: "12", cy: "12", r: "9.5", fill: "none", stroke: "currentColor", "stroke-width": "2.4" }),
        el("path", { d: "M12 6.5 V12 L15.5 14", fill: "none", stroke: "currentColor", "stroke-width": "2.4", "stroke-linecap": "round" }),
      ],
      // A calendar: "book an appointment".
      calendar: [
        el("rect", { x: "3", y: "5", width: "18", height: "16", rx: "2", fill: "none", stroke: "currentColor", "stroke-width": "2.2" }),
        el("path", { d: "M3 10 H21 M8 3 V7 M16 3 V7", fill: "none", stroke: "currentColor", "stroke-width": "2.2", "stroke-linecap": "round" }),
      ],
    };
    return el(
      "svg",
      { class: "edu-rf-icon", viewBox: "0 0 24 24", width: "24", height: "24", "aria-hidden": "true", focusable: "false" },
      shapes[kind]
    );
  }

  function telHref(phone) {
    return "tel:" + String(phone).replace(/[^0-9+]/g, "");
  }

  // "Call {clinic} on {phone}" -> text nodes and elements; values only ever become text.
  function fill(template, values) {
    return String(template)
      .split(/(\{\w+\})/)
      .filter((part) => part !== "")
      .map((part) => {
        const match = /^\{(\w+)\}$/.exec(part);
        if (!match) return document.createTextNode(part);
        const value = values[match[1]] || "";
        if (match[1] === "phone") {
          return el("a", { class: "edu-rf-phone", href: telHref(value), text: value });
        }
        return el("strong", { text: value });
      });
  }

  // The same choice as red_flags.py level_intro: name and phone, phone only, or neither.
  function levelIntro(entry, values) {
    if (!entry.intro_clinic) return entry.intro;
    if (values.phone && values.clinic) return entry.intro_clinic;
    return values.phone ? entry.intro_phone : entry.intro;
  }

  const LEVEL_ICONS = { emergency: "warning", urgent: "clock", routine: "calendar" };

  // In the short form the group titles are bold text, not headings: it has no heading above them.
  function group(entry, values, compact) {
    return el("div", { class: `edu-rf-group edu-rf-${entry.key}` }, [
      el(compact ? "p" : "h4", { class: "edu-rf-group-heading" }, [
        icon(LEVEL_ICONS[entry.key] || "clock"),
        el("span", { text: entry.heading }),
      ]),
      el("p", { class: "edu-rf-intro" }, fill(levelIntro(entry, values), values)),
      el("ul", { class: "edu-rf-signs" }, entry.signs.map((sign) => el("li", { text: sign }))),
      entry.after ? el("p", { class: "edu-rf-after", text: entry.after }) : null,
    ]);
  }

  // The short form sits at the top of a lesson, before any section heading, so its
  // heading is a disclosure button, not a heading (heading levels must not skip).
  function drawToggle(text, headingId, panel, state) {
    const toggle = el(
      "button",
      {
        type: "button",
        class: "edu-rf-toggle",
        "aria-expanded": String(state.expanded),
        "aria-controls": panel.id,
        onclick: () => {
          state.expanded = !state.expanded;
          toggle.setAttribute("aria-expanded", String(state.expanded));
          panel.hidden = !state.expanded;
        },
      },
      [icon("warning"), el("span", { text: text.heading }), el("span", { class: "edu-rf-chevron", "aria-hidden": "true" })]
    );
    return el("p", { id: headingId, class: "edu-rf-heading" }, [toggle]);
  }

  // state: { expanded } (compact only; a view's own state, not synced).
  function build(model, state) {
    const text = model.get("content") || {};
    if (!Array.isArray(text.levels) || !text.levels.length) {
      return el("p", { text: EduWidgets.say("warning.not_shown") });
    }
    const values = {
      clinic: model.get("clinic_name"),
      phone: model.get("phone"),
      // The clinic's number, or the words for "no number set" in the page's language:
      // Python decides (content/red_flags.py emergency_words), never this script.
      emergency: model.get("emergency_words"),
    };
    const compact = Boolean(model.get("compact"));
    const headingId = EduWidgets.uid("edu-rf-heading");
    const panelId = EduWidgets.uid("edu-rf-panel");

    const panel = el("div", { id: panelId, class: "edu-rf-panel", hidden: compact && !state.expanded }, [
      el("p", { class: "edu-rf-reassure", text: text.reassurance }),
      ...text.levels.map((entry) => group(entry, values, compact)),
      el("p", { class: "edu-rf-sources", text: text.sources }),
    ]);
    const heading = compact
      ? drawToggle(text, headingId, panel, state)
      : el("h3", { id: headingId, class: "edu-rf-heading" }, [icon("warning"), el("span", { text: text.heading })]);
    return el(
      "div",
      { class: "edu-rf" + (compact ? " edu-rf-compact" : ""), role: "note", "aria-labelledby": headingId },
      [heading, panel]
    );
  }

  function render(model, el_) {
    el_.classList.add("edu-widget", "edu-red-flags");
    let root = null;
    const state = { expanded: false };

    function draw() {
      const next = build(model, state);
      if (root) root.replaceWith(next);
      else el_.append(next);
      root = next;
    }

    const events = ["content", "clinic_name", "phone", "emergency_number", "emergency_words", "compact"].map((name) => "change:" + name);
    events.forEach((event) => model.on(event, draw));
    draw();
    return () => events.forEach((event) => model.off(event, draw));
  }

  function mountStatic(element, config) {
    return render(new EduWidgets.LocalModel(config), element);
  }

  EduWidgets.register("red-flags", { render, mountStatic });
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
