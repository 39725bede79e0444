// needs: core.js
// Progress that stays on the phone: the plan's ticks, the four-week log and the exercise
// demos' finished sets, saved in the browser's own storage (localStorage) and never sent.
//
// Hooks, all by data attributes, so a page made in Python or built in the browser later
// (handout/plan_page.js) works the same:
//   data-edu-progress="week:<exercise id>:<day 1-7>"   a tick on the week table
//   data-edu-progress="log:<week>:<day>:<done|active|goal|notes>", "log:<week>:pain",
//   data-edu-progress="log:goal"                        the four-week log's fields
//   data-edu-progress="sets:<exercise id>"              "done today: N sets" (exercise_demo.js)
//   data-edu-progress-plan="<the plan's identity>"      whose progress this is (hashed)
//   data-edu-progress-panel                             where the note and "clear my data" go
// Elements added after load: call EduWidgets.progress.scan(container) (idempotent), or
// dispatch a bubbling "edu-progress-added" event from them (the demo does). No observer
// watches the page. A finished set arrives as a bubbling "edu-set-done" event.
// Print shows what is saved (ticks and notes as on screen) with the days still to come
// as empty boxes, so the paper log goes on by hand and can go to the clinic; the note and
// "clear my data" are for the screen only.
(function (EduWidgets) {
  "use strict";

  // Every key the kit stores starts with this; "clear my data" removes those and only those.
  const KIT_PREFIX = "eduwidgets.";
  const PROGRESS_PREFIX = KIT_PREFIX + "progress.";
  const RECORD_VERSION = 1; // a record of another shape is dropped, never read half-way
  const MAX_TEXT_CHARS = 500; // a log note longer than this was not typed on this page
  const KEEP_SETS_DAYS = 60; // finished sets older than a plan's four weeks (and some) go
  const DAY_MS = 24 * 60 * 60 * 1000;
  const say = (key, values) => EduWidgets.say(key, values);

  const state = {
    storage: undefined, // the Storage once checked; null when this browser cannot save
    scope: null, // "plan.<hash>" or "lessons": one record per plan, so plans never mix
    record: null,
    bound: new WeakSet(), // fields already wired (scan runs again on added elements)
    message: "", // the one message of the panels: cannot save, dropped, cleared
  };

  // ------------------------------------------------------------------ storage

  // localStorage can be missing, disabled (a getter that throws), or full; each means
  // "cannot save on this phone", and the page works as it would with no storage.
  function openStorage() {
    if (state.storage !== undefined) return state.storage;
    try {
      const storage = window.localStorage;
      const probe = KIT_PREFIX + "probe";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
      state.storage = storage;
    } catch (error) {
      cannotSave();
    }
    return state.storage;
  }

  function cannotSave() {
    state.storage = null;
    tell("progress.cannot_save");
  }

  // A short, one-way name for a plan (cyrb53, 53 bits): the storage key never holds the
  // patient's name or exercises in clear, and two plans on one phone get two records.
  function shortHash(text) {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }

  function pageScope() {
    const owner = document.querySelector("[data-edu-progress-plan]");
    return owner ? "plan." + shortHash(owner.getAttribute("data-edu-progress-plan")) : "lessons";
  }

  const isTable = (value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);
  const emptyRecord = () => ({ v: RECORD_VERSION, fields: {}, sets: {} });

  function isValidRecord(record) {
    if (!isTable(record) || record.v !== RECORD_VERSION) return false;
    if (!isTable(record.fields) || !isTable(record.sets)) return false;
    const fieldOk = (value) =>
      typeof value === "boolean" || (typeof value === "string" && value.length <= MAX_TEXT_CHARS);
    if (!Object.values(record.fields).every(fieldOk)) return false;
    return Object.entries(record.sets).every(([day, counts]) =>
      /^\d{4}-\d{2}-\d{2}$/.test(day) && isTable(counts) &&
      Object.values(counts).every((count) => Number.isInteger(count) && count >= 0));
  }

  // This page's record; one of an old shape or not JSON at all is removed, with a note.
  function record() {
    const scope = pageScope();
    if (state.record && state.scope === scope) return state.record;
    state.scope = scope;
    state.record = emptyRecord();
    const storage = openStorage();
    if (!storage) return state.record;
    let text = null;
    try {
      text = storage.getItem(PROGRESS_PREFIX + scope);
    } catch (error) {
      cannotSave();
      return state.record;
    }
    if (text === null) return state.record;
    let stored = null;
    try {
      stored = JSON.parse(text);
    } catch (error) {
      stored = null;
    }
    if (isValidRecord(stored)) state.record = stored;
    else {
      forget(PROGRESS_PREFIX + scope);
      tell("progress.dropped");
    }
    return state.record;
  }

  function forget(key) {
    try {
      state.storage.removeItem(key);
    } catch (error) {
      // Nothing more to do: the record is not read again on this page.
    }
  }

  function save() {
    const storage = openStorage();
    if (!storage) return;
    const saved = state.record;
    const oldest = localDay(new Date(Date.now() - KEEP_SETS_DAYS * DAY_MS));
    for (const day of Object.keys(saved.sets)) if (day < oldest) delete saved.sets[day];
    try {
      storage.setItem(PROGRESS_PREFIX + state.scope, JSON.stringify(saved));
      if (state.message === "progress.cleared") tell(""); // saving again: no longer true
    } catch (error) {
      cannotSave(); // full (QuotaExceededError) or taken away while the page was open
    }
  }

  // The phone's own date, "2026-12-02": a set counts on the day the patient did it.
  function localDay(date) {
    const two = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  }

  // ------------------------------------------------------------------ fields and sets

  function bindField(element, name) {
    const saved = record().fields[name];
    const isBox = element.type === "checkbox";
    if (isBox && typeof saved === "boolean") element.checked = saved;
    if (!isBox && typeof saved === "string") element.value = saved;
    const keep = () => {
      const fields = record().fields;
      const value = isBox ? element.checked : element.value.slice(0, MAX_TEXT_CHARS);
      if (value === false || value === "") delete fields[name];
      else fields[name] = value;
      save();
    };
    element.addEventListener(isBox ? "change" : "input", keep);
  }

  function showSets(slot) {
    const exercise = slot.getAttribute("data-edu-progress").slice("sets:".length);
    const today = (record().sets[localDay(new Date())] || {})[exercise] || 0;
    const text = today > 0 ? say("progress.sets_today", { count: today }) : "";
    if (slot.textContent !== text) slot.textContent = text;
    slot.hidden = !text;
  }

  function setDone(event) {
    const detail = event.detail || {};
    if (typeof detail.exercise !== "string" || !(detail.sets > 0)) return;
    const day = localDay(new Date());
    const sets = record().sets;
    const counts = (sets[day] = sets[day] || {});
    counts[detail.exercise] = (counts[detail.exercise] || 0) + detail.sets;
    save();
    document.querySelectorAll('[data-edu-progress^="sets:"]').forEach(showSets);
  }

  // ------------------------------------------------------------------ the panel

  function tell(key) {
    state.message = key;
    document.querySelectorAll(".edu-progress-status").forEach((status) => {
      status.textContent = key ? say(key) : "";
    });
    if (key === "progress.cannot_save") {
      document.querySelectorAll(".edu-progress-panel").forEach((panel) => {
        panel.querySelector(".edu-progress-note").hidden = true;
        panel.querySelector(".edu-progress-clear").hidden = true;
      });
    }
  }

  function fillPanel(panel) {
    const E = EduWidgets.el;
    const questionId = EduWidgets.uid("edu-progress-question");
    const parts = {
      note: E("p", { class: "edu-progress-note", text: say("progress.note") }),
      status: E("p", { class: "edu-progress-status", role: "status" }),
      clear: E("button", { type: "button", class: "edu-progress-clear", "aria-expanded": "false", text: say("progress.clear") }),
      yes: E("button", { type: "button", class: "edu-progress-yes", text: say("progress.clear_yes") }),
      no: E("button", { type: "button", class: "edu-primary edu-progress-no", text: say("progress.clear_no") }),
    };
    parts.confirm = E("div", { class: "edu-progress-confirm", role: "group", "aria-labelledby": questionId, hidden: true }, [
      E("p", { id: questionId, text: say("progress.clear_question") }), parts.yes, parts.no,
    ]);
    panel.classList.add("edu-widget", "edu-progress-panel", "edu-no-print");
    panel.replaceChildren(parts.note, parts.clear, parts.confirm, parts.status);
    listenPanel(parts);
    if (state.message) tell(state.message);
  }

  // Clear asks first; "No" is the safe answer and gets the focus; Escape means "No".
  function listenPanel(parts) {
    const ask = (open) => {
      parts.confirm.hidden = !open;
      parts.clear.setAttribute("aria-expanded", String(open));
      (open ? parts.no : parts.clear).focus();
    };
    parts.clear.addEventListener("click", () => ask(parts.confirm.hidden));
    parts.no.addEventListener("click", () => ask(false));
    parts.confirm.addEventListener("keydown", (event) => {
      if (event.key === "Escape") ask(false);
    });
    parts.yes.addEventListener("click", () => {
      clearAll();
      ask(false);
      tell("progress.cleared");
    });
  }

  // Every key of the kit, in every plan and the lessons, and nothing else on this site.
  function clearAll() {
    const storage = openStorage();
    if (storage) {
      const keys = [];
      for (let i = 0; i < storage.length; i += 1) keys.push(storage.key(i));
      keys.filter((key) => key && key.startsWith(KIT_PREFIX)).forEach(forget);
    }
    state.record = emptyRecord();
    document.querySelectorAll('[data-edu-progress^="week:"], [data-edu-progress^="log:"]').forEach((field) => {
      if (field.type === "checkbox") field.checked = false;
      else field.value = "";
    });
    document.querySelectorAll('[data-edu-progress^="sets:"]').forEach(showSets);
  }

  // One panel per page: where the page asks for it, else after the first demo.
  function placePanel(root) {
    root.querySelectorAll("[data-edu-progress-panel]").forEach((panel) => {
      if (!panel.firstChild) fillPanel(panel);
    });
    if (document.querySelector("[data-edu-progress-panel]")) return;
    const demo = document.querySelector('[data-eduwidget="exercise-demo"]');
    const first = document.querySelector("[data-edu-progress]");
    const anchor = demo || (first && (first.closest("table") || first));
    if (!anchor) return;
    const panel = EduWidgets.el("div", { "data-edu-progress-panel": true });
    anchor.after(panel);
    fillPanel(panel);
  }

  // Wire every progress element under root that is not wired yet; safe to call again.
  function scan(root) {
    root = root || document;
    const found = [...root.querySelectorAll("[data-edu-progress]")];
    if (root.matches && root.matches("[data-edu-progress]")) found.push(root);
    const fresh = found.filter((element) => !state.bound.has(element));
    if (!fresh.length && !root.querySelector("[data-edu-progress-panel]:empty")) return;
    record();
    for (const element of fresh) {
      state.bound.add(element);
      const name = element.getAttribute("data-edu-progress");
      if (name.startsWith("sets:")) showSets(element);
      else if (element.matches("input, textarea")) bindField(element, name);
    }
    placePanel(root.querySelectorAll ? root : document);
  }

  EduWidgets.progress = { scan, clearAll, KIT_PREFIX };

  document.addEventListener("edu-set-done", setDone);
  document.addEventListener("edu-progress-added", (event) => scan(event.target));
  // After the widgets mount (EduWidgets.boot runs on DOMContentLoaded, set up earlier).
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => scan(document));
  } else {
    scan(document);
  }
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
