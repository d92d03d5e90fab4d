// Registers /sw.js and runs the update flow: a new version waits until the
// user chooses to reload (never a silent swap in the middle of an edit).
let registration = null;
let reloading = false;
let onUpdate = () => {};
let waitingWorker = null;

export function whenUpdateReady(fn) {
  onUpdate = fn;
  if (waitingWorker) fn();
}

function found(worker) {
  waitingWorker = worker;
  onUpdate();
}

function watch(worker) {
  if (!worker) return;
  worker.addEventListener("statechange", () => {
    // installed + an existing controller = an update that waits for the user
    if (worker.state === "installed" && navigator.serviceWorker.controller) found(worker);
  });
}

export async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return null;
  try {
    // Registered already: no register() call, so an offline start makes no request at all.
    registration = (navigator.serviceWorker.controller && await navigator.serviceWorker.getRegistration("/"))
      || await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  } catch (err) {
    console.warn("service worker not registered", err);
    return null;
  }
  if (registration.waiting && navigator.serviceWorker.controller) found(registration.waiting);
  registration.addEventListener("updatefound", () => watch(registration.installing));
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
  });
  const check = () => { if (navigator.onLine) registration.update().catch(() => {}); };
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") check(); });
  addEventListener("online", check);
  return registration;
}

/** The user chose "reload": activate the waiting worker, reload on controllerchange. */
export function activateUpdate() {
  if (!waitingWorker) { location.reload(); return; }
  reloading = true;
  waitingWorker.postMessage({ type: "SKIP_WAITING" });
}

/** Ask the active worker to refill its cache (after a logout wiped Cache Storage). */
export async function ensurePrecache() {
  try {
    const reg = await navigator.serviceWorker.ready;
    if (reg.active) reg.active.postMessage({ type: "ENSURE_PRECACHE" });
  } catch { /* no worker */ }
}

export async function currentVersion() {
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return null;
  const keys = await caches.keys();
  const mine = keys.find((k) => k.startsWith("bokvar-shell-"));
  return mine ? mine.slice("bokvar-shell-".length, "bokvar-shell-".length + 8) : null;
}
