// Bokvar service worker. VERSION and PRECACHE are prepended by the Flask
// route /sw.js (a hash of every precached file). It caches ONLY the static
// app shell: /api/* is network-only and never stored.
const CACHE = `bokvar-shell-${VERSION}`;
const SHELL = "/app/";
const PRECACHED = new Set(PRECACHE);

async function precache() {
  const cache = await caches.open(CACHE);
  await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload", credentials: "same-origin" })));
}

async function fillMissing() {
  const cache = await caches.open(CACHE);
  for (const url of PRECACHE) {
    if (!(await cache.match(url))) {
      try { await cache.add(new Request(url, { cache: "reload", credentials: "same-origin" })); } catch { /* offline */ }
    }
  }
}

self.addEventListener("install", (event) => {
  // No skipWaiting(): an update waits until the user chooses to reload.
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("bokvar-shell-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "SKIP_WAITING") self.skipWaiting();
  if (type === "ENSURE_PRECACHE") event.waitUntil(fillMissing());
});

let opened = null; // the open cache, reused by every fetch (a logout may delete it)
const shellCache = () => (opened = opened || caches.open(CACHE));

async function fromCache(path) {
  let cache = await shellCache();
  const hit = await cache.match(path);
  if (hit) return hit;
  const resp = await fetch(path, { credentials: "same-origin" });
  if (resp.ok) {
    if (!(await caches.has(CACHE))) { opened = null; cache = await shellCache(); }
    await cache.put(path, resp.clone());
  }
  return resp;
}

async function navigate(request) {
  try {
    return await fetch(request);
  } catch {
    // Offline on a server page: the app shell works from local data. caches.match
    // opens no cache, so a wiped phone (logout, revoked) stays without one.
    if (await caches.match(SHELL)) return Response.redirect(SHELL, 302);
    // No shell (just wiped): the connection often comes back in steps — one more try.
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
    return fetch(request);
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    const isShell = url.pathname === SHELL || url.pathname === "/app";
    event.respondWith(isShell ? fromCache(SHELL) : navigate(request));
    return;
  }
  if (PRECACHED.has(url.pathname) && !url.search) event.respondWith(fromCache(url.pathname));
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "bokvar-sync") return;
  // The page owns the outbox logic: wake any open page to run its sync.
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((clients) => {
    for (const client of clients) client.postMessage({ type: "SYNC" });
  }));
});
