// Who is logged in, the CSRF token, and the per-user wipe. A device's data
// belongs to one user (the "owner"); anyone else gets an empty store.
import * as db from "./db.js";
import { forget as forgetParticipantMode } from "./participant-mode.js";
import { lock } from "./vault.js";

let token = null;
export const csrfToken = () => token;
// This device's client id: every session check asks whether it is revoked.
let deviceId = null;
export const setDeviceId = (id) => { deviceId = id || null; };
let last = null;
/** The last /api/session answer (policy, keyAvailable), or null. */
export const lastSession = () => last;

export class HttpError extends Error {
  constructor(status, body) {
    super((body && (body.message || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export async function safeJson(resp) {
  try { return await resp.json(); } catch { return {}; }
}

/**
 * GET /api/session; throws HttpError(403 device_revoked) when this device is
 * revoked (asked with or without a session), (401) when not logged in, (0)
 * when offline or after `timeoutMs`.
 */
export async function fetchSession({ timeoutMs = 0 } = {}) {
  let resp;
  const abort = timeoutMs ? new AbortController() : null;
  const timer = abort ? setTimeout(() => abort.abort(), timeoutMs) : null;
  try {
    resp = await fetch(deviceId ? `/api/session?clientID=${encodeURIComponent(deviceId)}` : "/api/session", {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
      signal: abort ? abort.signal : undefined,
    });
  } catch {
    throw new HttpError(0, { error: "network" });
  } finally {
    clearTimeout(timer);
  }
  const body = await safeJson(resp);
  if (!resp.ok) throw new HttpError(resp.status, body);
  if (body.csrfToken) token = body.csrfToken;
  if (body.device === "revoked") throw new HttpError(403, { error: "device_revoked" });
  if (!body.user) throw new HttpError(401, { error: "unauthorized" });
  last = body;
  return body;
}

/** The device key, handed out only right after a password login (else 403 reauth_required). */
export async function fetchDeviceKey(clientID, retried = false) {
  if (!token) await fetchSession();
  let resp;
  try {
    resp = await fetch("/api/devices/key", {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token || "" },
      body: JSON.stringify({ clientID }),
    });
  } catch {
    throw new HttpError(0, { error: "network" });
  }
  const body = await safeJson(resp);
  if (resp.status === 400 && body.error === "csrf_failed" && !retried) {
    await fetchSession();
    return fetchDeviceKey(clientID, true);
  }
  if (!resp.ok) throw new HttpError(resp.status, body);
  return body;
}

/** Everything per user on this device: IndexedDB, Cache Storage, bokvar.* keys. */
export async function wipeEverything() {
  forgetParticipantMode();
  lock();
  await db.wipe();
  if (self.caches) {
    for (const name of await caches.keys()) await caches.delete(name);
  }
  for (const store of [localStorage, sessionStorage]) {
    for (const key of Object.keys(store)) if (key.startsWith("bokvar.")) store.removeItem(key);
  }
  token = null;
  deviceId = null;
  last = null;
}

/**
 * Make sure the local store belongs to session.user: a different user means
 * wipe first. Returns {clientID, fresh} (fresh = the store was just created).
 */
export async function ensureOwner(session) {
  const user = session.user;
  const meta = await db.getMetaMany(["owner", "clientID"]);
  let fresh = false;
  if (meta.owner && meta.owner !== user.uuid) {
    await wipeEverything();
    token = session.csrfToken || null; // the session is this user's: its token still holds
    fresh = true;
  } else if (!meta.owner) {
    fresh = true;
  }
  const clientID = fresh ? crypto.randomUUID() : meta.clientID;
  setDeviceId(clientID);
  await db.transact(["meta"], "readwrite", (tx) => {
    tx.put("meta", { uuid: user.uuid, username: user.username, displayName: user.displayName,
      role: user.role }, "user");
    if (fresh) {
      tx.put("meta", user.uuid, "owner");
      tx.put("meta", clientID, "clientID");
      tx.put("meta", user.locale || "sv", "locale");
      tx.put("meta", null, "cookie");
    }
  });
  if (fresh) registerDevice(clientID);
  return { clientID, fresh };
}

/**
 * Best effort: push/pull register an unknown clientID implicitly anyway. No
 * label: the user names the device; the server reads browser and system from
 * the User-Agent.
 */
export async function registerDevice(clientID, label = "") {
  try {
    await fetch("/api/devices", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token || "" },
      body: JSON.stringify(label ? { clientID, label } : { clientID }),
    });
  } catch { /* offline: the first push registers it */ }
}

/** Ask the browser to keep our data; returns true/false, null if unsupported. */
export async function requestPersistence() {
  if (!navigator.storage || !navigator.storage.persist) return null;
  try {
    const already = await navigator.storage.persisted();
    const granted = already || await navigator.storage.persist();
    await db.setMeta("persisted", granted);
    return granted;
  } catch {
    return null;
  }
}

/** POST /logout as the server's own form does (its CSRF field included). */
export function submitLogoutForm(csrf, { revoked = false } = {}) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = "/logout";
  form.hidden = true;
  const fields = { csrf_token: csrf || "", ...(revoked ? { revoked: "1" } : {}) };
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}

/**
 * The worker's password, checked by the server (POST /api/session/verify), to take
 * the phone back from participant mode. Resolves true or false; throws offline.
 */
export async function verifyWorker(password) {
  const session = await fetchSession();
  const resp = await fetch("/api/session/verify", {
    method: "POST", credentials: "same-origin", cache: "no-store",
    headers: { "Content-Type": "application/json", Accept: "application/json",
      "X-CSRFToken": session.csrfToken },
    body: JSON.stringify({ password: String(password || "") }),
  });
  return resp.ok;
}
