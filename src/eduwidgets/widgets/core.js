// needs: nothing
// eduwidgets page core: one namespace, a registry of widget kinds, and a local
// stand-in for the anywidget model so each widget's render code runs unchanged
// live (anywidget, kernel behind it) and static (handout, no kernel, no network).
(function (EduWidgets) {
  "use strict";
  EduWidgets.widgets = EduWidgets.widgets || {};

  EduWidgets.register = function (kind, widget) {
    EduWidgets.widgets[kind] = widget;
  };

  // The subset of anywidget's model API the widgets use: get, set, on, off, save_changes.
  // It holds the config (inputs and words); each widget's render computes the rest.
  EduWidgets.LocalModel = class {
    constructor(values) {
      this.values = Object.assign({}, values);
      this.handlers = {};
    }
    get(name) {
      return this.values[name];
    }
    set(name, value) {
      this.values[name] = value;
      this.emit("change:" + name, value);
    }
    emit(event, value) {
      (this.handlers[event] || []).slice().forEach((handler) => handler(value));
    }
    on(event, handler) {
      (this.handlers[event] = this.handlers[event] || []).push(handler);
    }
    off(event, handler) {
      if (!event) this.handlers = {};
      else if (!handler) delete this.handlers[event];
      else this.handlers[event] = (this.handlers[event] || []).filter((h) => h !== handler);
    }
    save_changes() {}
    send() {}
  };

  // Create an element: el("div", {class: "x", text: "hi"}, [children]).
  // Text goes through textContent, never innerHTML, so typed text stays text.
  EduWidgets.el = function (tag, attributes, children) {
    const ns = EduWidgets.SVG_TAGS.has(tag) ? "http://www.w3.org/2000/svg" : null;
    const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  };
  EduWidgets.SVG_TAGS = new Set([
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "title", "desc", "defs", "pattern", "marker", "tspan", "clipPath",
  ]);

  let uniqueCounter = 0;
  EduWidgets.uid = function (prefix) {
    uniqueCounter += 1;
    return `${prefix || "edu"}-${uniqueCounter}-${Math.random().toString(36).slice(2, 7)}`;
  };

  // The words a patient reads, in the page's language: static.scripts() writes them
  // from content/widget_words.toml as EduWidgets.words before this file, live and static alike.
  EduWidgets.locale = function () {
    return (EduWidgets.words && EduWidgets.words.locale) || "en-US";
  };

  // EduWidgets.say("exercise.rep", {rep: 2, reps: 10}): the words under a "<widget>.<key>" name,
  // with each {placeholder} filled in (numbers in the language's format). A key whose
  // words are a table of plural forms ({one, other}) is picked by {count}.
  EduWidgets.say = function (key, values) {
    const dot = key.indexOf(".");
    const table = ((EduWidgets.words || {})[key.slice(0, dot)] || {});
    let text = table[key.slice(dot + 1)];
    values = values || {};
    if (text && typeof text === "object") {
      const form = new Intl.PluralRules(EduWidgets.locale()).select(Number(values.count));
      text = text[form] !== undefined ? text[form] : text.other;
    }
    if (typeof text !== "string") return key; // a missing key shows itself, never crashes
    const shown = {};
    for (const [name, value] of Object.entries(values)) {
      shown[name] = typeof value === "number" ? EduWidgets.formatNumber(value) : value;
    }
    return EduWidgets.fill(text, shown);
  };

  // Words with each {placeholder} filled in with a value, as text. The one way the
  // scripts fill words: a function replacer, so "$'" or "$&" in a value (a typed name)
  // stays as typed (String.replace reads those in a replacement string as patterns), and
  // a value is never read again for placeholders. A placeholder with no value stays.
  EduWidgets.fill = function (words, values) {
    return String(words).replace(/\{([a-z_]+)\}/g, (whole, name) =>
      Object.hasOwn(values, name) ? String(values[name]) : whole);
  };

  // A number as the page's language writes it (Python: content.number_text); a locale
  // given names the language where the page's words are not loaded (the lesson list).
  EduWidgets.formatNumber = function (value, digits, locale) {
    return Number(value).toLocaleString(locale || EduWidgets.locale(), {
      minimumFractionDigits: digits || 0,
      maximumFractionDigits: digits || 0,
    });
  };

  // Static pages: mount every [data-eduwidget] element once, with its JSON config.
  EduWidgets.boot = function (root) {
    (root || document).querySelectorAll("[data-eduwidget]").forEach((element) => {
      if (element.dataset.eduMounted) return;
      const widget = EduWidgets.widgets[element.dataset.eduwidget];
      if (!widget || !widget.mountStatic) return;
      const configNode = element.querySelector("script.edu-config");
      const config = configNode ? JSON.parse(configNode.textContent) : {};
      element.dataset.eduMounted = "1";
      widget.mountStatic(element, config);
    });
  };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
