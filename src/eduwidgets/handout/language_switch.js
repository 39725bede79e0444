// needs: nothing
// The language switch (templates/macros.html, language_switch): each link to this page
// in another language carries this page's address fragment, the patient's values and
// the text size, which a browser never sends to a server. The page's own scripts change
// the fragment with history.replaceState, which fires no event, so the links are also
// brought up to date just before a person can follow or copy one.
(function (EduWidgets) {
  "use strict";
  EduWidgets.updateLanguageSwitch = function (root) {
    const fragment = window.location.hash.replace(/^#/, "");
    (root || document).querySelectorAll("nav.edu-languages a[hreflang]").forEach((link) => {
      const base = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", fragment ? `${base}#${fragment}` : base);
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
  window.addEventListener("pageshow", () => EduWidgets.updateLanguageSwitch());
  EduWidgets.updateLanguageSwitch();
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
