// needs: nothing
// The language switch (templates/macros.html, language_switch): each link to this page
// in another language carries this page's address fragment, the patient's values and
// the text size, which a browser never sends to a server. The page's own scripts change
// the fragment with history.replaceState, which fires no event, so the links are also
// brought up to date just before a person can follow or copy one.
(function (EduWidgets) {
  "use strict";
  // The fragment for a page in `language`: a short address (it has "v") names the plan's
  // language ("l"), and a person who switches the page wants the plan in that language
  // too, so "l" becomes the target's, where it stands (or, missing, where the page's
  // encoder puts it: before the note "t"). A long old address has no language field and
  // is carried as it is.
  const inLanguage = (fragment, language) => {
    const parts = fragment.split("&");
    const key = (part) => part.split("=")[0];
    if (!parts.some((part) => key(part) === "v")) return fragment;
    const named = `l=${language}`;
    if (parts.some((part) => key(part) === "l")) {
      return parts.map((part) => (key(part) === "l" ? named : part)).join("&");
    }
    const note = parts.findIndex((part) => key(part) === "t");
    parts.splice(note < 0 ? parts.length : note, 0, named);
    return parts.join("&");
  };
  EduWidgets.updateLanguageSwitch = function (root) {
    const fragment = window.location.hash.replace(/^#/, "");
    (root || document).querySelectorAll("nav.edu-languages a[hreflang]").forEach((link) => {
      const base = link.getAttribute("href").split("#")[0];
      const carried = fragment && inLanguage(fragment, link.getAttribute("hreflang"));
      link.setAttribute("href", carried ? `${base}#${carried}` : base);
    });
  };
  if (EduWidgets.languageSwitchListening) return; // one page, one set of listeners
  EduWidgets.languageSwitchListening = true;
  function beforeUse(event) {
    if (event.target.closest && event.target.closest("nav.edu-languages")) EduWidgets.updateLanguageSwitch();
  }
  ["pointerdown", "focusin", "mouseover", "keydown", "contextmenu"].forEach((type) => {
    document.addEventListener(type, beforeUse, true);
  });
  window.addEventListener("hashchange", () => EduWidgets.updateLanguageSwitch());
  // A page script that rewrote the address (replaceState fires no event) says so.
  document.addEventListener("edu-fragment-changed", () => EduWidgets.updateLanguageSwitch());
  window.addEventListener("pageshow", () => EduWidgets.updateLanguageSwitch());
  EduWidgets.updateLanguageSwitch();
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
