// The app lock (docs/security.md): what the lock screen may do, and when the
// app locks — at start, after the team's idle minutes, and whenever it goes
// to the background. Locking forgets the data key (vault.lock); the data
// stays sealed on the device and nothing is deleted.
import { sealLegacy } from "./db.js";
import { fetchDeviceKey, registerDevice } from "./session.js";
import * as vault from "./vault.js";

export { isUnlocked, onChange, PIN_MIN_LENGTH, PIN_MAX_LENGTH, validPin } from "./vault.js";

/** What the lock screen shows: {mode, left, until, prf} (mode: unlock | pin_off | expired | none). */
export async function lockState() {
  await vault.touch(); // the latest time this phone has seen: turning the clock back opens nothing
  const state = await vault.stored();
  const block = vault.pinBlock(state);
  const prf = Boolean(state && state.wraps && state.wraps.prf) && !state.pinOff && !vault.offlineExpired(state);
  const mode = block === null ? "unlock" : block === "pin_unset" ? (prf ? "unlock" : "none") : block;
  return { mode, prf, pin: block === null,
    left: state ? vault.MAX_PIN_FAILURES - (state.failures || 0) : vault.MAX_PIN_FAILURES,
    until: state ? vault.offlineUntil(state) : null,
    offlineDays: vault.policyOf(state).offlineDays };
}

export const idleMinutes = async () => vault.policyOf(await vault.stored()).lockIdleMinutes;

/** {ok, left, block}; on success the legacy clear records (version 1) are sealed. */
export async function tryPin(pin) {
  const result = await vault.unlockWithPin(pin);
  if (result.ok) await sealLegacy();
  return result;
}

export async function tryPrf() {
  const result = await vault.unlockWithPrf();
  if (result.ok) await sealLegacy();
  return result;
}

/**
 * Right after a password login: unlock with the key the server hands this
 * device (making the vault on a new device). {unlocked, needsPin}; a revoked
 * device throws HttpError(403, device_revoked); a login that is not fresh
 * (a kept session cookie) gives {unlocked: false}.
 */
export async function unlockOnline(clientID, session) {
  if (!session || !session.keyAvailable) return { unlocked: false, needsPin: false };
  let grant;
  try {
    grant = await fetchDeviceKey(clientID);
  } catch (err) {
    if (err && err.status === 403 && err.body && err.body.error === "device_revoked") throw err;
    console.warn("no device key", err); // the lock screen follows; the PIN or a new login opens it
    return { unlocked: false, needsPin: false };
  }
  const { needsPin } = await vault.unlockWithServerKey(grant.key, grant.policy);
  await sealLegacy();
  return { unlocked: true, needsPin };
}

export const prfPossible = () => vault.prfPossible();

/** The first (or a new) PIN, the device's name, and optionally the screen lock. */
export async function choosePin(pin, { name = "", clientID = null, usePrf = false, user = {} } = {}) {
  await vault.setPin(pin);
  let prf = false;
  if (usePrf) {
    try { prf = await vault.enrollPrf(user); } catch { prf = false; }
  }
  if (name && clientID) registerDevice(clientID, name);
  return { prf };
}

/**
 * Lock after `minutes` without a touch, a key or a scroll, and when the page
 * goes to the background. `lockNow(reason)` flushes and locks (app.js).
 */
export function watch(lockNow) {
  let last = Date.now();
  const seen = () => { last = Date.now(); };
  for (const type of ["pointerdown", "keydown", "input", "touchstart", "wheel"]) {
    addEventListener(type, seen, { passive: true, capture: true });
  }
  const check = async () => {
    if (!vault.isUnlocked()) { seen(); return; }
    if (Date.now() - last >= (await idleMinutes()) * 60000) lockNow("idle");
  };
  setInterval(check, 10000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && vault.isUnlocked()) lockNow("background");
    else seen();
  });
  return { touch: seen, check };
}

export const lock = () => vault.lock();
export const touchClock = () => vault.touch();
