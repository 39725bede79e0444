// needs: nothing
// Read aloud (templates/macros.html, read_aloud): a button at the top of each section of
// a lesson or the plan reads that section in the page's language with the browser's own
// speech (speechSynthesis: on the phone itself, so offline where it has a voice). The
// buttons show only when the browser has a voice for the page's language; voices load
// after the page, so the check runs again on "voiceschanged". Pressed, a button reads
// and says so (aria-pressed) and its words become "Stop reading"; pressed again, or
// Escape, stops. Reading leaves out what a patient does not see: hidden text, closed
// boxes, the clinicians' numbers, controls and pictures.
(function (EduWidgets) {
  "use strict";
  const template = document.getElementById("edu-read-aloud-button");
  const synth = globalThis.speechSynthesis;
  if (!template || !synth || typeof globalThis.SpeechSynthesisUtterance !== "function") return;
  const pageLanguage = (document.documentElement.lang || "en").toLowerCase();
  const SKIP = [
    ".edu-clinicians", ".clinician", "[hidden]", "[aria-hidden='true']", ".edu-read-aloud",
    "script", "style", "noscript", "template", "button", "input", "select", "textarea",
    "svg", "canvas", "img", "nav",
  ].join(",");
  // Each of these is read as one piece (one utterance): a heading, a paragraph, an item.
  const PIECES = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,caption,figcaption,th,td,summary,blockquote,legend,label,output";
  const buttons = [];
  let reading = null; // the button whose section is being read
  let turn = 0; // which reading an utterance's end belongs to (a stopped one's end is ignored)

  function baseLanguage(code) {
    return String(code || "").toLowerCase().replace("_", "-").split("-")[0];
  }
  EduWidgets.readAloudVoice = function () {
    const voices = synth.getVoices() || [];
    const fitting = voices.filter((voice) => baseLanguage(voice.lang) === baseLanguage(pageLanguage));
    // A voice on the device first: it works with no network.
    return fitting.find((voice) => voice.localService) || fitting[0] || null;
  };

  function shown(element) {
    // Inside a closed box only its summary line shows.
    const box = element.closest("details:not([open])");
    if (box && element !== box && !element.closest("summary")) return false;
    if (element.checkVisibility) return element.checkVisibility({ visibilityProperty: true });
    return element.getClientRects().length > 0;
  }
  function skipped(element) {
    return element.matches(SKIP) || !shown(element);
  }
  function textOf(node) {
    if (node.nodeType === Node.TEXT_NODE) return node.data;
    if (node.nodeType !== Node.ELEMENT_NODE || skipped(node)) return "";
    // Words inside a line run on ("<b>back</b>,"); a new line or box is a pause.
    const inner = Array.from(node.childNodes).map(textOf).join("");
    const style = getComputedStyle(node).display;
    return node.tagName === "BR" || !style.startsWith("inline") ? ` ${inner} ` : inner;
  }
  // The section's text as pieces, in reading order.
  EduWidgets.readAloudPieces = function (section, out) {
    out = out || [];
    Array.from(section.childNodes).forEach((node) => {
      if (node.nodeType === Node.TEXT_NODE) out.push(node.data);
      else if (node.nodeType !== Node.ELEMENT_NODE || skipped(node)) return;
      else if (node.matches(PIECES)) out.push(textOf(node));
      else EduWidgets.readAloudPieces(node, out);
    });
    // Marks drawn for the eye (arrows, stars, shapes) would be read out by name.
    return out.map((text) => text.replace(/[\u2190-\u21ff\u25a0-\u27bf\u2b00-\u2bff]/g, " ")
      .replace(/\s+/g, " ").trim()).filter(Boolean);
  };

  function show(button, on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? button.dataset.stop : button.dataset.read;
  }
  function stop() {
    turn += 1;
    if (reading) show(reading, false);
    reading = null;
    synth.cancel();
  }
  function read(button, section) {
    stop();
    const voice = EduWidgets.readAloudVoice();
    const pieces = EduWidgets.readAloudPieces(section);
    if (!voice || !pieces.length) return;
    const mine = turn;
    reading = button;
    show(button, true);
    // One utterance a piece: Chrome drops a long one after about 15 seconds.
    pieces.forEach((text, index) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = pageLanguage;
      utterance.voice = voice;
      utterance.rate = 0.9; // a little slower than the default, for older listeners
      if (index === pieces.length - 1) {
        utterance.onend = () => { if (turn === mine) stop(); };
      }
      utterance.onerror = () => { if (turn === mine) stop(); };
      synth.speak(utterance);
    });
  }
  function update() {
    const none = !EduWidgets.readAloudVoice();
    buttons.forEach((button) => { button.hidden = none; });
    if (none && reading) stop();
  }

  document.querySelectorAll("section.handout-section").forEach((section, index) => {
    const heading = section.querySelector("h2");
    if (!heading) return;
    const button = template.content.firstElementChild.cloneNode(true);
    // Many buttons say "Read aloud": each is described by its section's heading.
    if (!heading.id) heading.id = `edu-read-heading-${index + 1}`;
    button.setAttribute("aria-describedby", heading.id);
    button.addEventListener("click", () => {
      if (reading === button) stop(); else read(button, section);
    });
    heading.after(button);
    buttons.push(button);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && reading) stop();
  });
  window.addEventListener("pagehide", stop);
  synth.addEventListener("voiceschanged", update);
  update();
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
