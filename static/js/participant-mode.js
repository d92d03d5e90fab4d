// Participant mode: the worker hands the phone to one participant during a visit
// (offline too). While it lasts the app shows only that participant's plan, in
// large plain words; every other route, the back button and every read of
// another participant's records lead back to it (queries.js refuses them).
// Leaving needs the worker's password (checked by the server) or app PIN.
// A participant's own account is always in this view, for their own record,
// and has nothing to leave.
const KEY = "bokvar.participantMode"; // only a uuid: no name, nothing of the record

let ownAccount = null;

/** The participant whose own account this is (set at start from the store). */
export function setOwnAccount(uuid) { ownAccount = uuid || null; }
export const isOwnAccount = () => Boolean(ownAccount);

/** The participant the app is held by, or null when the worker has it. */
export const heldBy = () => ownAccount || localStorage.getItem(KEY);
export const handedOver = () => !ownAccount && Boolean(localStorage.getItem(KEY));

/** What the outbox entries written now carry: the server records "together". */
export const modeOf = () => (handedOver() ? { participant: localStorage.getItem(KEY) } : null);

export function enter(uuid) {
  localStorage.setItem(KEY, uuid);
  location.replace("#/pm");
}

/** The route to show for `hash`: while held, only the participant's own. */
export function allowedHash(hash) {
  if (!heldBy()) return hash;
  return hash === "#/pm" || hash.startsWith("#/pm/") ? hash : "#/pm";
}

/** A read of `uuid`'s records: refused while another participant holds the phone. */
export function checkRead(uuid) {
  const held = heldBy();
  if (held && uuid !== held) throw new Error("participant mode: this record is not theirs");
}

/** A read of everyone's records (today, sync status, conflicts): never while held. */
export function checkReadAll() {
  if (heldBy()) throw new Error("participant mode: only the participant's own plan");
}

/**
 * The worker takes the phone back: `verify(secret)` resolves {ok, ...} — ok
 * when the secret is right (their app PIN, checked on the phone, or their
 * password, checked by the server); the rest says why not.
 */
export async function leave(secret, verify) {
  if (!handedOver()) return { ok: true };
  const result = await verify(secret);
  if (!result.ok) return result;
  const uuid = localStorage.getItem(KEY);
  localStorage.removeItem(KEY);
  location.replace(`#/p/${uuid}`);
  return result;
}

/** A wipe (logout, another user, a revoked device) ends the mode too. */
export function forget() { localStorage.removeItem(KEY); ownAccount = null; }
