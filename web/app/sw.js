// cinerec's service worker: caches the app shell, the wasm and the snapshot so
// the app works with the network off after the first visit. Hand-written on
// purpose (the whole job is "precache one list, serve it cache-first"); the
// build (web/app/vite.config.js) fills in the file list and the version.
const VERSION = '__CINEREC_VERSION__';
const PRECACHE = [/*__CINEREC_PRECACHE__*/];
const CACHE = `cinerec-${VERSION}`;
// Copies of what the person chose (a snapshot by ?snapshot=), apart from the
// app's own files, so that "Delete all my data" can drop them (store.js).
const USER_CACHE = `cinerec-user-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const scope = self.registration.scope;
      await cache.addAll(PRECACHE.map((u) => new URL(u, scope).href));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('cinerec-') && key !== CACHE && key !== USER_CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(respond(req, url));
});

async function respond(req, url) {
  const cache = await caches.open(CACHE);
  // Navigations (any path under the scope, with or without a query) get the shell.
  if (req.mode === 'navigate') {
    const shell = await cache.match(new URL('./', self.registration.scope).href);
    if (shell) return shell;
    return fetch(req);
  }
  // ignoreVary: the server answers with "Vary: Origin", and module scripts are
  // requested with an Origin header that the precache requests did not have.
  const hit =
    (await cache.match(req, { ignoreVary: true })) ||
    (await cache.match(req, { ignoreVary: true, ignoreSearch: true })) ||
    (await (await caches.open(USER_CACHE)).match(req, { ignoreVary: true }));
  if (hit) return hit;
  // Not precached (e.g. a snapshot the user chose): network, then keep a copy.
  const res = await fetch(req);
  if (res.ok && res.type === 'basic' && url.pathname.startsWith(new URL(self.registration.scope).pathname)) {
    const copy = res.clone();
    caches.open(USER_CACHE).then((c) => c.put(req, copy)).catch(() => {});
  }
  return res;
}
