// The transport: push then pull, after docs/sync-protocol.md (what a pulled
// page does to the local store is replica.js). Single-flight (also across
// tabs through Web Locks), back-off on network errors and 5xx, a fresh CSRF
// token before replaying the queue, "update the app" on a protocol or schema
// mismatch (the outbox is kept), wipe on device_revoked. A server that
// reports a lastMutationID below what it once confirmed was restored from a
// backup: the journal's entries it lacks are sent again, then a full pull
// (docs/architecture.md, "Sync after a restore").
import { confirmedThrough, lostSince } from "./journal.js";
import { onWrite, takeBatch, wire } from "./outbox.js";
import { applyPull, markSynced, pullCookie } from "./replica.js";
import { HttpError, csrfToken, ensureOwner, fetchSession, safeJson, wipeEverything } from "./session.js";
import SPEC from "./spec.js";
import { quiet } from "./ui.js";
import { isUnlocked, setPolicy } from "./vault.js";

// The versions the server speaks, from the same spec the app was built with.
export const PROTOCOL = SPEC.sync.protocol;
export const SCHEMA = SPEC.sync.schema;
const PUSH_BATCH = 250;
const TIMER_MS = 30000;
const MAX_BACKOFF_MS = 15000;
const WRITE_QUIET_MS = 300;

export const events = new EventTarget();
const state = { phase: "starting", error: null, progress: null, failures: 0, retryAt: null };
let running = null;
let again = false;
let retryTimer = null;

export const syncState = () => ({ ...state });

function set(patch) {
  Object.assign(state, patch);
  events.dispatchEvent(new CustomEvent("state", { detail: syncState() }));
}
const changed = (what) => events.dispatchEvent(new CustomEvent("data", { detail: what }));

/** Start a sync run, or join the one in flight (it runs once more afterwards). */
export function requestSync(reason = "manual") {
  if (running) { again = true; return running; }
  running = (async () => {
    try {
      do {
        again = false;
        await withLock(() => runOnce(reason));
      } while (again && state.phase === "idle");
    } finally {
      running = null;
    }
  })();
  return running;
}

const withLock = (fn) => (navigator.locks ? navigator.locks.request("bokvar-sync", fn) : fn());

// A revoked device: the app clears the screen, wipes, and says so (applock.js).
let revokedHandler = async () => {
  await wipeEverything();
  location.replace("/login?revoked=1");
};
export function onRevoked(fn) { revokedHandler = fn; }

async function runOnce() {
  if (!navigator.onLine) { set({ phase: "offline", progress: null }); return; }
  if (!isUnlocked()) { set({ phase: "locked", progress: null }); return; } // nothing can be opened or sealed
  clearTimeout(retryTimer);
  set({ phase: "syncing", error: null, retryAt: null });
  try {
    const session = await fetchSession();
    const { clientID, fresh } = await ensureOwner(session);
    if (session.policy) await setPolicy(session.policy);
    if (fresh) changed({ owner: true, user: session.user });
    const high = await confirmedThrough();
    const behind = await push(clientID, high);
    if (behind !== null) await replay(clientID, behind, high);
    await pullAll(clientID, high, behind !== null);
    await markSynced();
    set({ phase: "idle", failures: 0, progress: null });
  } catch (err) {
    await fail(err);
  }
}

async function post(path, body, retried = false) {
  let resp;
  try {
    resp = await fetch(path, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json",
        "X-CSRFToken": csrfToken() || "" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new HttpError(0, { error: "network" });
  }
  const data = await safeJson(resp);
  if (resp.ok) return data;
  if (resp.status === 400 && data.error === "csrf_failed" && !retried) {
    await fetchSession();
    return post(path, body, true);
  }
  throw new HttpError(resp.status, data);
}

/**
 * The outbox in batches. Returns null, or the server's lastMutationID when it
 * is below `high` (the highest id it ever confirmed here): it was restored.
 * `extra` goes into every batch's envelope (a replay's confirmedThrough).
 */
async function push(clientID, high, extra = {}) {
  let after = 0;
  let size = PUSH_BATCH;
  for (;;) {
    const batch = await takeBatch(after, size);
    if (!batch.length) return null;
    try {
      const resp = await post("/api/sync/push", { protocol: PROTOCOL, schema: SCHEMA, clientID,
        ...extra, mutations: batch.map(wire) });
      if (resp.lastMutationID < high) return resp.lastMutationID;
    } catch (err) {
      // 413: more bytes than the server takes (long notes). Halve the batch; one entry
      // always fits (docs/sync-protocol.md, "Limits").
      if (!(err instanceof HttpError && err.status === 413 && batch.length > 1)) throw err;
      size = Math.ceil(batch.length / 2);
      continue;
    }
    after = batch[batch.length - 1].id;
    if (batch.length < size) return null;
  }
}

/**
 * The server lacks what it confirmed above `serverLast` (up to `high`): the
 * journal's entries, in order and with their ids, then the outbox. Each batch
 * says up to which id it covers what was confirmed (`confirmedThrough`): ids
 * the journal no longer holds, or that were refused, are passed over there.
 */
async function replay(clientID, serverLast, high) {
  const lost = await lostSince(serverLast);
  let start = 0;
  do {
    const batch = lost.slice(start, start + PUSH_BATCH);
    start += batch.length;
    await sendReplay(clientID, batch, lost[start] ? lost[start].id - 1 : high);
  } while (start < lost.length);
  if (await push(clientID, high, { confirmedThrough: high }) !== null) {
    throw new Error("The server is still behind after the replay.");
  }
  changed({ replayed: lost.length });
}

async function sendReplay(clientID, batch, through) {
  try {
    const resp = await post("/api/sync/push", { protocol: PROTOCOL, schema: SCHEMA, clientID,
      confirmedThrough: through, mutations: batch.map(wire) });
    if (resp.lastMutationID < through) throw new Error("The server did not take the replay.");
  } catch (err) {
    if (!(err instanceof HttpError && err.status === 413 && batch.length > 1)) throw err;
    const half = Math.ceil(batch.length / 2);
    await sendReplay(clientID, batch.slice(0, half), batch[half].id - 1);
    await sendReplay(clientID, batch.slice(half), through);
  }
}

/**
 * Every pull page. A first page whose lastMutationID is below `high` is not
 * applied: the journal is sent again first. After a replay the pull starts from
 * scratch (the phone's cookie and records are of the history the restore undid).
 */
async function pullAll(clientID, high, replayed = false) {
  let cookie = replayed ? null : await pullCookie();
  for (let page = 0; page < 10000; page += 1) {
    const resp = await post("/api/sync/pull", { protocol: PROTOCOL, schema: SCHEMA, clientID, cookie });
    if (page === 0 && resp.lastMutationID < high) {
      if (replayed) throw new Error("The server is still behind after the replay.");
      await replay(clientID, resp.lastMutationID, high);
      return pullAll(clientID, high, true);
    }
    await applyPull(resp, !resp.more);
    changed({ pull: true });
    cookie = resp.cookie;
    set({ progress: resp.more && resp.progress ? resp.progress : null });
    if (!resp.more) return;
  }
}

async function fail(err) {
  const status = err instanceof HttpError ? err.status : -1;
  const code = err instanceof HttpError ? err.body.error : String(err && err.name);
  if (status === 401) {
    set({ phase: "auth", error: code, progress: null });
  } else if (status === 409 && /mismatch/.test(code || "")) {
    set({ phase: "update", error: err.message, progress: null });
  } else if (status === 403 && code === "device_revoked") {
    // Wipe before anything else is shown; the server has ended the session already.
    set({ phase: "revoked", error: code });
    await revokedHandler();
  } else if (err && err.name === "LockedError") {
    set({ phase: "locked", progress: null }); // locked mid-run: the next unlock syncs
  } else {
    scheduleRetry(err, status);
  }
}

function scheduleRetry(err, status) {
  const failures = state.failures + 1;
  const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures) * (0.75 + Math.random() / 2);
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => requestSync("retry"), delay);
  const offline = !navigator.onLine;
  set({ phase: offline ? "offline" : "error", failures, progress: null,
    error: status === 0 ? "network" : (err && err.message) || "error",
    retryAt: Date.now() + delay });
  if (!(err instanceof HttpError)) console.error(err);
}

/** Triggers: start, online, visibilitychange, timer, after each write, Background Sync. */
export function startSync() {
  addEventListener("online", () => { set({ failures: 0 }); requestSync("online"); });
  addEventListener("offline", () => { if (state.phase !== "syncing") set({ phase: "offline" }); });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") requestSync("visible");
  });
  setInterval(() => {
    if (document.visibilityState === "visible" && state.phase !== "update") requestSync("timer");
  }, TIMER_MS);
  // The sync is debounced so it never queues in front of the next keystroke's save.
  onWrite(quiet(WRITE_QUIET_MS, () => {
    requestSync("write");
    if (!navigator.onLine || state.phase !== "idle") registerBackgroundSync();
  }));
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", (e) => {
      if (e.data && e.data.type === "SYNC") requestSync("background");
    });
  }
  return requestSync("start");
}

let bgRegisteredAt = 0;
async function registerBackgroundSync() {
  if (Date.now() - bgRegisteredAt < 10000) return;
  bgRegisteredAt = Date.now();
  try {
    const reg = await navigator.serviceWorker.ready;
    if (reg.sync) await reg.sync.register("bokvar-sync");
  } catch { /* Background Sync is an extra */ }
}
