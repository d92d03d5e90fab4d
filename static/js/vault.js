// The key hierarchy of the offline store (docs/security.md, "The phone").
//
// A random data key (AES-GCM, 256 bit) seals every record, outbox entry,
// draft and refused change in IndexedDB (db.js calls encrypt/decrypt here).
// It is stored only wrapped (AES-GCM with a purpose as additional data):
//   - by the key the server hands this device right after a password login
//     (POST /api/devices/key): an online login always unlocks, and the server
//     can refuse (a revoked device gets no key);
//   - by a key derived from the user's PIN (PBKDF2-SHA256, PIN_ITERATIONS);
//   - optionally by a key from a platform authenticator's WebAuthn PRF output.
// Unwrapped, it lives only in memory as a non-extractable CryptoKey; raw key
// bytes exist only for the moment of wrapping, and are overwritten after.
//
// The lock's state (failed PIN attempts, offline unlock switched off, the last
// online login, the team's policy) is in `meta`, in clear: it holds no data.
import * as db from "./db.js";

// Measured in Chromium 156 on the 2-core development machine: 600,000
// iterations take 80-100 ms (1,000,000: 130-150 ms); a mid-range phone is 3-5
// times slower, so about 0.3-0.5 s at unlock. OWASP's 2023 figure for
// PBKDF2-HMAC-SHA256. Stored with the wrap, so it can be raised later.
export const PIN_ITERATIONS = 600000;
export const PIN_MIN_LENGTH = 6;
export const PIN_MAX_LENGTH = 32;
export const MAX_PIN_FAILURES = 5;
const DAY_MS = 86400000;
const DEFAULT_POLICY = { lockIdleMinutes: 5, offlineDays: 14 };
const META_KEY = "vault";
const te = new TextEncoder();
const subtle = () => crypto.subtle;

let dataKey = null; // CryptoKey, non-extractable, while unlocked
// Right after an online login the server's key stays in memory until a PIN
// is chosen (the PIN wrap needs the data key's bytes once more).
let serverKek = null;
const listeners = new Set();
/** fn(unlocked) after every lock and unlock. */
export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
const changed = () => { for (const fn of listeners) fn(Boolean(dataKey)); };

// --- the codec db.js uses -------------------------------------------------------------

// The additional data per store, encoded once (the keystroke save seals on every save).
const AAD = new Map();
const aad = (store) => {
  let bytes = AAD.get(store);
  if (!bytes) { bytes = te.encode(`bokvar:${store}`); AAD.set(store, bytes); }
  return bytes;
};
const codec = {
  encrypt: (store, bytes) => {
    const key = dataKey;
    if (!key) return Promise.reject(new db.LockedError());
    const iv = crypto.getRandomValues(new Uint8Array(12));
    return subtle().encrypt({ name: "AES-GCM", iv, additionalData: aad(store) }, key, bytes)
      .then((c) => ({ iv, c }));
  },
  decrypt: (store, box) => {
    const key = dataKey;
    if (!key) return Promise.reject(new db.LockedError());
    return subtle().decrypt({ name: "AES-GCM", iv: box.iv, additionalData: aad(store) }, key, box.c);
  },
};

export const isUnlocked = () => Boolean(dataKey);

// --- the stored state -----------------------------------------------------------------

/** {wraps: {server, pin?, prf?}, failures, pinOff, lastOnlineAt, highestSeen, policy} or undefined. */
export const stored = () => db.getMeta(META_KEY);
const save = (state) => db.setMeta(META_KEY, state);

/** Time that never goes back: a clock turned back does not extend offline access. */
const now = (state) => Math.max(Date.now(), (state && state.highestSeen) || 0);

/**
 * Why the PIN cannot unlock now, or null: "none" (no vault on this device yet),
 * "pin_unset", "pin_off" (5 wrong PINs), "expired" (no online login for N days).
 */
export function pinBlock(state) {
  if (!state || !state.wraps) return "none";
  if (state.pinOff) return "pin_off";
  if (offlineExpired(state)) return "expired";
  if (!state.wraps.pin) return "pin_unset";
  return null;
}

export function offlineExpired(state) {
  const days = (state.policy || DEFAULT_POLICY).offlineDays;
  return !state.lastOnlineAt || now(state) - state.lastOnlineAt > days * DAY_MS;
}

/** When offline unlock runs out (ms), for the lock screen. */
export const offlineUntil = (state) =>
  (state.lastOnlineAt || 0) + (state.policy || DEFAULT_POLICY).offlineDays * DAY_MS;

// --- wrapping -------------------------------------------------------------------------

async function wrap(kek, raw, purpose) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const c = await subtle().encrypt({ name: "AES-GCM", iv, additionalData: te.encode(`bokvar-dk:${purpose}`) },
    kek, raw);
  return { iv, c };
}

function unwrapRaw(kek, box, purpose) {
  return subtle().decrypt({ name: "AES-GCM", iv: box.iv, additionalData: te.encode(`bokvar-dk:${purpose}`) },
    kek, box.c);
}

async function useRaw(raw) {
  const bytes = new Uint8Array(raw);
  try {
    dataKey = await subtle().importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  } finally {
    bytes.fill(0);
  }
  db.setCodec(codec);
  changed();
}

const hexBytes = (hex) => new Uint8Array(hex.match(/../g).map((b) => parseInt(b, 16)));
const importAes = (bytes) => subtle().importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);

async function pinKek(pin, salt, iterations) {
  const base = await subtle().importKey("raw", te.encode(pin), "PBKDF2", false, ["deriveKey"]);
  return subtle().deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, base,
    { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

// --- unlocking ------------------------------------------------------------------------

/**
 * An online login handed us the device key (hex): open the vault with it, or
 * make the vault if this device has none yet. Resets the lock's counters and
 * the offline clock. Returns {needsPin}: a PIN must be chosen (first login,
 * or after 5 wrong PINs switched offline unlock off).
 */
export async function unlockWithServerKey(hex, policy) {
  const kek = await importAes(hexBytes(hex));
  const state = await stored();
  let raw;
  let next;
  if (state && state.wraps && state.wraps.server) {
    raw = await unwrapRaw(kek, state.wraps.server, "server");
    next = { ...state };
  } else {
    raw = crypto.getRandomValues(new Uint8Array(32)).buffer;
    next = { wraps: { server: await wrap(kek, raw, "server") }, createdAt: Date.now() };
  }
  const t = now(next);
  Object.assign(next, { failures: 0, pinOff: false, lastOnlineAt: t, highestSeen: t,
    policy: policy || next.policy || DEFAULT_POLICY });
  await save(next);
  serverKek = kek;
  await useRaw(raw);
  return { needsPin: !next.wraps.pin };
}

/** The team's lock policy changed (from /api/session): keep it for the offline checks. */
export async function setPolicy(policy) {
  const state = await stored();
  if (!state || !policy) return;
  const old = state.policy || {};
  if (old.lockIdleMinutes === policy.lockIdleMinutes && old.offlineDays === policy.offlineDays) return;
  await save({ ...state, policy });
}

export const policyOf = (state) => (state && state.policy) || DEFAULT_POLICY;

export const validPin = (pin) => typeof pin === "string" && pin.length >= PIN_MIN_LENGTH
  && pin.length <= PIN_MAX_LENGTH && /^\d+$/.test(pin);

/** Choose the PIN (only right after an online login: the server's key is in memory). */
export async function setPin(pin) {
  if (!validPin(pin)) throw new Error("invalid PIN");
  if (!serverKek) throw new Error("A PIN can be set only right after an online login.");
  const state = await stored();
  const raw = await unwrapRaw(serverKek, state.wraps.server, "server");
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const kek = await pinKek(pin, salt, PIN_ITERATIONS);
  const box = await wrap(kek, raw, "pin");
  new Uint8Array(raw).fill(0);
  await save({ ...state, wraps: { ...state.wraps, pin: { salt, iterations: PIN_ITERATIONS, ...box } },
    failures: 0, pinOff: false });
  serverKek = null;
}

/**
 * Try the PIN. The attempt is counted BEFORE the key is derived, so closing
 * the app mid-attempt still counts; the 5th wrong PIN deletes the PIN wrap
 * and switches offline unlock off until an online login (the data stays, sealed).
 * Returns {ok, left, block}.
 */
export async function unlockWithPin(pin) {
  let state = await stored();
  const block = pinBlock(state);
  if (block) return { ok: false, left: 0, block };
  const failures = (state.failures || 0) + 1;
  state = { ...state, failures, highestSeen: now(state) };
  await save(state);
  const w = state.wraps.pin;
  let raw = null;
  try {
    raw = await unwrapRaw(await pinKek(String(pin), w.salt, w.iterations), w, "pin");
  } catch {
    raw = null; // AES-GCM's tag does not match: a wrong PIN
  }
  if (!raw) {
    if (failures >= MAX_PIN_FAILURES) {
      const { pin: _gone, ...wraps } = state.wraps;
      await save({ ...state, wraps, pinOff: true });
      return { ok: false, left: 0, block: "pin_off" };
    }
    return { ok: false, left: MAX_PIN_FAILURES - failures, block: null };
  }
  await save({ ...state, failures: 0 });
  await useRaw(raw);
  return { ok: true, left: MAX_PIN_FAILURES, block: null };
}

/** Forget the key (idle, background, the lock button). The data stays sealed. */
export function lock() {
  const was = Boolean(dataKey);
  dataKey = null;
  serverKek = null;
  db.setCodec(null);
  if (was) changed();
}

// --- WebAuthn PRF: the phone's own screen lock as the stronger unlock ----------------

const PRF_SALT = te.encode("bokvar-prf-salt-v1");
const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
const unb64 = (s) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

/** A platform authenticator with user verification, on a host WebAuthn accepts. */
export async function prfPossible() {
  if (!window.PublicKeyCredential || !navigator.credentials) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(location.hostname)) return false; // an IP is no RP ID
  try {
    return await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
  } catch {
    return false;
  }
}

async function prfKek(output) {
  const base = await subtle().importKey("raw", output, "HKDF", false, ["deriveKey"]);
  return subtle().deriveKey({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32),
    info: te.encode("bokvar-prf-kek") }, base, { name: "AES-GCM", length: 256 }, false,
  ["encrypt", "decrypt"]);
}

async function prfOutput(credentialId) {
  const cred = await navigator.credentials.get({ publicKey: {
    challenge: crypto.getRandomValues(new Uint8Array(32)), rpId: location.hostname,
    allowCredentials: [{ type: "public-key", id: unb64(credentialId) }],
    userVerification: "required", timeout: 60000,
    extensions: { prf: { eval: { first: PRF_SALT } } } } });
  const out = cred && cred.getClientExtensionResults().prf;
  if (!out || !out.results || !out.results.first) throw new Error("no PRF output");
  return out.results.first;
}

/**
 * Add the platform authenticator as an unlock (right after an online login,
 * like the PIN). Returns false when the authenticator offers no PRF.
 */
export async function enrollPrf(user) {
  if (!serverKek) throw new Error("Only right after an online login.");
  const cred = await navigator.credentials.create({ publicKey: {
    rp: { id: location.hostname, name: "Bokvar" },
    user: { id: crypto.getRandomValues(new Uint8Array(16)), name: user.username || "bokvar",
      displayName: user.displayName || user.username || "Bokvar" },
    challenge: crypto.getRandomValues(new Uint8Array(32)),
    pubKeyCredParams: [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -257 }],
    authenticatorSelection: { authenticatorAttachment: "platform", userVerification: "required",
      residentKey: "discouraged" },
    timeout: 60000, extensions: { prf: {} } } });
  const ext = cred.getClientExtensionResults().prf;
  if (!ext || !ext.enabled) return false;
  const credentialId = b64(cred.rawId);
  const kek = await prfKek(await prfOutput(credentialId));
  const state = await stored();
  const raw = await unwrapRaw(serverKek, state.wraps.server, "server");
  const box = await wrap(kek, raw, "prf");
  new Uint8Array(raw).fill(0);
  await save({ ...state, wraps: { ...state.wraps, prf: { credentialId, ...box } } });
  return true;
}

/** Unlock with the platform authenticator. The offline expiry applies as to the PIN. */
export async function unlockWithPrf() {
  const state = await stored();
  if (!state || !state.wraps || !state.wraps.prf) return { ok: false, block: "none" };
  if (state.pinOff) return { ok: false, block: "pin_off" };
  if (offlineExpired(state)) return { ok: false, block: "expired" };
  let raw;
  try {
    raw = await unwrapRaw(await prfKek(await prfOutput(state.wraps.prf.credentialId)), state.wraps.prf, "prf");
  } catch {
    return { ok: false, block: null };
  }
  await save({ ...state, highestSeen: now(state) });
  await useRaw(raw);
  return { ok: true, block: null };
}

/** Keep the vault's clock moving forward while the app is used. */
export async function touch() {
  const state = await stored();
  if (state && Date.now() > (state.highestSeen || 0) + 60000) await save({ ...state, highestSeen: Date.now() });
}
