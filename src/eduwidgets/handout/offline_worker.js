// needs: nothing
// The public site's service worker: `eduwidgets handout --all` writes it as sw.js at
// the site's root, after one line that sets OFFLINE = {version, files} (the files the
// builds wrote under the root, as paths from it, and a version made from their bytes).
// - install (the first visit, or a new release): store every one of those files in a
//   cache named by the version, fetched past the browser's HTTP cache; then take over
//   at once: every page holds its scripts and styles inline, so a page opened under
//   the old worker keeps working while the new one answers the next page opened.
// - activate: delete this site's caches of other versions.
// - fetch: a stored file is answered from the cache first, whatever its query string
//   (a fragment never reaches a worker); "folder/" is "folder/index.html". Anything
//   else goes to the network as usual: the site itself asks for nothing else.
/* global OFFLINE */
(function () {
  "use strict";
  var scope = self.registration.scope;
  // Several sites may share one origin (github.io): each keeps to its own caches.
  var prefix = "eduwidgets " + scope + " ";
  var cacheName = prefix + OFFLINE.version;
  var stored = new Set(
    OFFLINE.files.map(function (file) {
      return new URL(file, scope).href;
    })
  );

  function storedKey(url) {
    var address = new URL(url);
    var key = address.origin + address.pathname;
    return key.endsWith("/") ? key + "index.html" : key;
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches
        .open(cacheName)
        .then(function (cache) {
          return cache.addAll(
            Array.from(stored, function (url) {
              return new Request(url, { cache: "reload" });
            })
          );
        })
        .then(function () {
          return self.skipWaiting();
        })
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches
        .keys()
        .then(function (names) {
          return Promise.all(
            names
              .filter(function (name) {
                return name.indexOf(prefix) === 0 && name !== cacheName;
              })
              .map(function (name) {
                return caches.delete(name);
              })
          );
        })
        .then(function () {
          return self.clients.claim();
        })
    );
  });

  self.addEventListener("fetch", function (event) {
    if (event.request.method !== "GET") return;
    var key = storedKey(event.request.url);
    if (!stored.has(key)) return;
    event.respondWith(
      caches
        .open(cacheName)
        .then(function (cache) {
          return cache.match(key);
        })
        .then(function (found) {
          return found || fetch(event.request);
        })
    );
  });
})();
