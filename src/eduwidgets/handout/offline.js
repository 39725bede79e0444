// needs: nothing
// Every page of the public site (templates/shell.html, site pages only) registers the
// site's service worker (sw.js at the site's root, handout/offline_worker.js), which
// stores every page on this first visit so the site opens with no network afterwards.
// Only where a browser allows a worker and it makes sense: https, or this computer
// (localhost, 127.0.0.1). From file:// nothing happens and the page works as before.
(function (EduWidgets) {
  "use strict";
  var THIS_COMPUTER = ["localhost", "127.0.0.1", "[::1]"];

  // Whether a page at this address may register the worker.
  EduWidgets.offlineAllowed = function (address) {
    if (address.protocol === "https:") return true;
    return address.protocol === "http:" && THIS_COMPUTER.indexOf(address.hostname) >= 0;
  };

  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  if (!EduWidgets.offlineAllowed(window.location)) return;
  // A page works the same without the worker: a failed registration (a private window
  // that refuses workers, a host that does not serve sw.js) changes nothing on it.
  // Each page opened online also asks at once whether sw.js changed (a new release), so a
  // release reaches the phone on its next open rather than whenever the browser's own
  // check runs. Offline there is nothing to ask: the stored pages go on answering.
  navigator.serviceWorker
    .register(script.getAttribute("data-edu-worker"))
    .then(function (registration) {
      return navigator.onLine ? registration.update() : null;
    })
    .catch(function () {});
})(globalThis.EduWidgets = globalThis.EduWidgets || {});
