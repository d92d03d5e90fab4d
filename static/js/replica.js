// The local replica of the server's data: applying a pulled page and
// rebasing the pending local edits on top of it. The transport (HTTP,
// single-flight, back-off, triggers) stays in sync-client.js; this module
// never talks to the network.
//
// Records are sealed (db.js), and sealing cannot happen inside an IndexedDB
// transaction, so a page is applied in three steps: read what it needs
// (pending entries, refused entries, open conflicts, records to restore),
// open and compute and seal everything outside any transaction, then write
// it all in ONE transaction — which first checks that the outbox and the
// conflicts are still what was read (by their ivs: every write seals anew).
// If an action wrote meanwhile, the page is computed again from the new state.
import { ALL_STORES, ENTITY_STORES, getMeta, isEnvelope, read, seal, setMeta, transact, unseal,
  unsealAll } from "./db.js";
import { confirmThroughIn, journalEntries, keepIn, sealConfirmed } from "./journal.js";
import { confirmIn, localPatch } from "./outbox.js";

const ATTEMPTS = 8;

/** Where the next pull starts (the server's version; null = from scratch). */
export const pullCookie = () => getMeta("cookie").then((c) => c ?? null);
/** A whole round (push and every pull page) went through. */
export const markSynced = () => setMeta("lastSyncedAt", Date.now());

const key = (store, uuid) => `${store}:${uuid}`;
// What identifies a stored version of a record: a new seal has a new iv.
const stamp = (raw) => (raw ? `${raw.id ?? raw.uuid}:${isEnvelope(raw) ? Array.from(raw.iv).join(".") : "clear"}` : "");
const stamps = (rows) => rows.map(stamp).join("|");

/**
 * One pull page in ONE transaction: refused mutations kept (with what was
 * typed, and the record put back as the server has it), confirmed outbox
 * entries moved to the journal (journal.js), the patch applied, open
 * conflicts stored (the last page's list is complete), pending edits
 * re-applied, cookie and lastMutationID saved. `last` = no more pages follow.
 */
export async function applyPull(resp, last = true) {
  const lastMutationID = resp.lastMutationID || 0;
  const sealedPatch = await sealPatch(resp.patch || []);
  const clears = sealedPatch.some((op) => op.op === "clear");
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const snap = await snapshot(resp, lastMutationID, clears);
    const plan = await compute(resp, last, lastMutationID, snap, sealedPatch);
    const done = await transact(ALL_STORES, "readwrite", async (tx) => {
      const [outbox, conflicts] = await Promise.all([tx.getAll("outbox"), tx.getAll("conflict")]);
      if (stamps(outbox) !== snap.outboxStamp || stamps(conflicts) !== snap.conflictStamp) return false;
      await write(tx, plan, lastMutationID, resp);
      return true;
    });
    if (done) return;
  }
  throw new Error("The local store kept changing while a sync page was applied.");
}

/** Server values sealed once per page, whatever the attempts. */
async function sealPatch(patch) {
  return Promise.all(patch.map(async (op) => {
    if (op.op === "put" && ENTITY_STORES.includes(op.entity)) {
      const uuid = op.key || (op.value && op.value.uuid);
      const value = { ...op.value, uuid };
      return { op: "put", entity: op.entity, uuid, value, sealed: await seal(op.entity, value) };
    }
    if (op.op === "del" && ENTITY_STORES.includes(op.entity)) {
      return { op: "del", entity: op.entity, uuid: op.key || (op.value && op.value.uuid) };
    }
    if (op.op === "clear") return { op: "clear" };
    return { op: "skip" };
  }));
}

/** What the page needs of the store, read in one readonly transaction and opened. */
async function snapshot(resp, lastMutationID, clears) {
  const errors = (resp.errors || []).filter((e) => e && e.mutationID !== undefined);
  const raw = await read(["outbox", "conflict", "errors"], (tx) => Promise.all([
    tx.getAll("outbox"), tx.getAll("conflict"),
    Promise.all(errors.map((e) => tx.get("errors", e.mutationID)))]));
  const [outbox, conflicts, known] = raw;
  const entries = await unsealAll("outbox", outbox.filter((r) => !r.placeholder));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const fresh = errors.filter((e, i) => !known[i]);
  // A refusal of an entry sent again after a restore: what was typed is in the journal.
  for (const e of await journalEntries(fresh.map((f) => f.mutationID).filter((id) => !byId.has(id)))) {
    byId.set(e.id, e);
  }
  const refused = fresh.map((e) => ({ error: e, entry: byId.get(e.mutationID) || null }));
  // The records a refused change put back: their current local version.
  const restore = refused.filter((r) => r.entry && r.entry.revert && r.entry.local && r.entry.local[0]);
  const records = restore.length ? await read([...new Set(restore.map((r) => r.entry.local[0].store))],
    (tx) => Promise.all(restore.map((r) => tx.get(r.entry.local[0].store, r.entry.local[0].key)))) : [];
  const opened = await Promise.all(restore.map((r, i) => unseal(r.entry.local[0].store, records[i])));
  return {
    outboxStamp: stamps(outbox), conflictStamp: stamps(conflicts),
    pending: entries.filter((e) => e.id > lastMutationID),
    confirmed: entries.filter((e) => e.id <= lastMutationID),
    refused,
    restore: restore.map((r, i) => ({ entry: r.entry, record: opened[i] })),
    conflicts: await unsealAll("conflict", conflicts),
    // A full resync clears the stores: records that exist only here because their
    // create was refused are put back from what the refusal kept.
    refusedCreates: clears ? (await unsealAll("errors", await read(["errors"],
      (tx) => tx.byIndex("errors", "state", "open")))).filter((e) => /\.create$/.test(e.name || "") && e.args)
      : [],
  };
}

/** Everything the write transaction puts, sealed. */
async function compute(resp, last, lastMutationID, snap, sealedPatch) {
  const touched = new Map(); // key → plain value (null = deleted) after the patch
  let cleared = false;
  for (const op of sealedPatch) {
    if (op.op === "clear") { touched.clear(); cleared = true; }
    if (op.op === "put") touched.set(key(op.entity, op.uuid), op.value);
    if (op.op === "del") touched.set(key(op.entity, op.uuid), null);
  }
  const puts = []; // [store, plain value] written after the patch, in order
  const errors = keepErrors(snap, touched, cleared, puts);
  if (Array.isArray(resp.conflicts)) keepConflicts(resp.conflicts, last, snap.conflicts, touched, puts);
  if (cleared) keepRefusedCreates(snap.refusedCreates, touched, puts);
  rebase(snap.pending, touched, cleared, puts);
  const sealedPuts = await Promise.all(puts.map(([store, v]) => seal(store, v)));
  const sealedErrors = await Promise.all(errors.map((e) => seal("errors", e)));
  // A refused entry changed nothing on the server: it never goes into the journal.
  const refused = new Set((resp.errors || []).map((e) => e && e.mutationID));
  return { sealedPatch, puts: puts.map(([store], i) => [store, sealedPuts[i]]), errors: sealedErrors,
    journal: await sealConfirmed(snap.confirmed.filter((e) => !refused.has(e.id))) };
}

/**
 * Refused changes: kept with what was typed; their record back to what the
 * server holds (unless this page brings the server's version anyway), so a
 * refused change never looks saved.
 */
function keepErrors(snap, touched, cleared, puts) {
  for (const { entry, record } of snap.restore) {
    const local = entry.local[0];
    const k = key(local.store, local.key);
    if (touched.has(k) || cleared || !record) continue;
    const back = { ...record, ...entry.revert };
    puts.push([local.store, back]);
    touched.set(k, back);
  }
  return snap.refused.map(({ error, entry }) => refusedRecord(error, entry));
}

/** The page's conflicts; the last page's list is complete: others we show as open are closed. */
function keepConflicts(conflicts, last, stored, touched, puts) {
  const open = new Set();
  for (const c of conflicts) {
    if (!c || !c.uuid) continue;
    puts.push(["conflict", c]);
    touched.set(key("conflict", c.uuid), c);
    if (!c.resolvedAt) open.add(c.uuid);
  }
  if (!last) return;
  for (const c of stored) {
    if (!c.resolvedAt && !open.has(c.uuid) && !touched.has(key("conflict", c.uuid))) {
      puts.push(["conflict", { ...c, resolvedAt: new Date().toISOString() }]);
    }
  }
}

/** A full resync cleared the stores: records that exist only here (their create was refused) come back. */
function keepRefusedCreates(refusedCreates, touched, puts) {
  for (const e of refusedCreates) {
    for (const local of e.local || []) {
      const k = key(local.store, local.key);
      if (touched.get(k)) continue;
      const back = { ...localPatch(e, local), uuid: local.key };
      puts.push([local.store, back]);
      touched.set(k, back);
    }
  }
}

/** Local changes not yet confirmed stay visible on top of server data. */
function rebase(pending, touched, cleared, puts) {
  for (const entry of pending) {
    for (const local of entry.local || []) {
      const k = key(local.store, local.key);
      if (!cleared && !touched.has(k)) continue;
      const base = touched.get(k) || null;
      if (!base && !local.create) continue;
      const next = { ...(base || {}), ...localPatch(entry, local), uuid: local.key };
      puts.push([local.store, next]);
      touched.set(k, next);
    }
  }
}

/**
 * A refused mutation as the errors store keeps it: the server's code, reason
 * and detail, and everything typed (name, args, what it was made against),
 * so the change can be shown, copied, edited, sent again or discarded.
 */
function refusedRecord(e, entry) {
  const m = entry || {};
  return { ...e, participant: m.participant || e.participant || null, entity: m.entity,
    entityUuid: e.entityUuid || m.entityUuid, name: e.name || m.name, args: m.args || null,
    changedFields: m.changedFields || null, local: m.local || null, revert: m.revert || null,
    createdAt: m.createdAt || null, at: Date.now(), state: "open" };
}

async function write(tx, plan, lastMutationID, resp) {
  for (const e of plan.errors) {
    tx.put("errors", e);
    tx.delete("journal", e.mutationID); // confirmed by an earlier page of the run
  }
  confirmIn(tx, lastMutationID);
  for (const op of plan.sealedPatch) {
    if (op.op === "clear") for (const s of ENTITY_STORES) tx.clear(s);
    else if (op.op === "put") tx.put(op.entity, op.sealed);
    else if (op.op === "del") tx.delete(op.entity, op.uuid);
  }
  for (const [store, sealed] of plan.puts) tx.put(store, sealed);
  tx.put("meta", resp.cookie ?? null, "cookie");
  tx.put("meta", lastMutationID, "lastMutationID");
  await confirmThroughIn(tx, lastMutationID);
  await keepIn(tx, plan.journal);
}
