// The journal: outbox entries the server has confirmed, kept sealed like every
// other store, so they can be sent again to a server restored from a backup
// (its lastMutationID for this phone went back below what it once confirmed).
// docs/architecture.md, "Sync after a restore".
//
// Bounded: an entry is kept JOURNAL_DAYS after its confirmation, and only the
// last JOURNAL_MAX mutation ids; a restore from an older backup loses what the
// journal no longer holds (docs/deploy.md).
import { read, seal, unsealAll } from "./db.js";

export const JOURNAL_DAYS = 30;
export const JOURNAL_MAX = 2000;
const DAY_MS = 86400000;
const PRUNE_EACH = 50; // the oldest entries looked at per confirming pull

/** Entries just confirmed, sealed for the journal (before the pull's transaction). */
export function sealConfirmed(entries, at = Date.now()) {
  // Clear-state of the outbox (sent, coalescing, shared ciphertext) has no meaning here.
  return Promise.all(entries.map(({ sent: _s, coalesce: _c, of: _o, ...entry }) =>
    seal("journal", { ...entry, at })));
}

/** Within the pull's transaction: keep the sealed entries; drop what is out of bounds. */
export async function keepIn(tx, sealed, at = Date.now()) {
  if (!sealed.length) return;
  let newest = 0;
  for (const s of sealed) { tx.put("journal", s); newest = Math.max(newest, s.id); }
  if (newest > JOURNAL_MAX) tx.delete("journal", IDBKeyRange.upperBound(newest - JOURNAL_MAX));
  const cutoff = at - JOURNAL_DAYS * DAY_MS;
  for (const old of await tx.getAll("journal", undefined, PRUNE_EACH)) {
    if (old.at < cutoff) tx.delete("journal", old.id);
  }
}

/** The highest mutation id the server has ever confirmed to this phone. */
export const confirmedThrough = () => read(["meta"], (tx) => Promise.all([
  tx.get("meta", "confirmedThrough"), tx.get("meta", "lastMutationID")]))
  .then(([high, last]) => high ?? last ?? 0);

/** Within the pull's transaction: lift the high-water mark (never lower it). */
export async function confirmThroughIn(tx, lastMutationID) {
  const [high, last] = await Promise.all([tx.get("meta", "confirmedThrough"),
    tx.get("meta", "lastMutationID")]);
  tx.put("meta", Math.max(high ?? last ?? 0, lastMutationID), "confirmedThrough");
}

/**
 * What a restored server lacks: journal entries above its lastMutationID, in
 * id order, opened. A refused entry changed nothing on the server: it is not
 * journaled (replica.js), and one with a record in `errors` is not sent again.
 */
export async function lostSince(lastMutationID) {
  const [raws, refused] = await read(["journal", "errors"], (tx) => Promise.all([
    tx.getAll("journal", IDBKeyRange.lowerBound(lastMutationID, true)),
    tx.getAllKeys("errors")]));
  const skip = new Set(refused);
  return unsealAll("journal", raws.filter((r) => !skip.has(r.id)));
}

/** Journal entries by id (a refusal of a re-sent entry is kept with what was typed). */
export function journalEntries(ids) {
  if (!ids.length) return Promise.resolve([]);
  return read(["journal"], (tx) => Promise.all(ids.map((id) => tx.get("journal", id))))
    .then((raws) => unsealAll("journal", raws.filter(Boolean)));
}
