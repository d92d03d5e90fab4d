// The outbox: every user action writes its records AND its mutation(s) in
// one IndexedDB transaction. Mutation ids increase by one per device. An
// entry leaves only when a pull reports lastMutationID >= its id.
import { onWipe, read, transact } from "./db.js";

// Called after every committed action, in order of registration: the
// status chip marks "pending", the sync client arms its debounced sync.
// Subscribers must stay cheap (no reads, no timers per call): they run
// before the action's promise resolves, i.e. on the path of every keystroke
// save. Anything heavier belongs behind their own debounce.
const writeHooks = [];
export function onWrite(fn) { if (!writeHooks.includes(fn)) writeHooks.push(fn); }

function notifyWrite() {
  for (const fn of writeHooks) {
    try { fn(); } catch (err) { console.error(err); } // the data is saved: never fail the action
  }
}

function unionStores(puts) {
  const stores = ["outbox"];
  for (const p of puts) if (!stores.includes(p.store)) stores.push(p.store);
  return stores;
}

// This tab's newest entry: lets a brand-new action skip the coalescing read.
let lastHint = null;
onWipe(() => { lastHint = null; });

/**
 * One user action: `puts` = [{store, value}], `mutations` = [{name, args,
 * baseVersion, changedFields, entityUuid, participant, local}]. `local` is
 * [{store, key, patch, create, extra}]: what to re-apply on top of server
 * data until the mutation is confirmed (no patch = the args themselves,
 * plus `extra`: the entry never holds the text twice). With `coalesce`, an entry for the same
 * key that has not been sent yet is updated instead of adding a new one
 * (a draft saved as you type stays one mutation). Ids come from the outbox
 * store's key generator, inside the same transaction.
 */
export function record({ puts = [], mutations = [], coalesce = null }) {
  const mayCoalesce = Boolean(coalesce && mutations.length === 1 && lastHint
    && lastHint.coalesce === coalesce && !lastHint.sent);
  const add = (tx) => {
    const createdAt = Date.now();
    return mutations.map((m) => tx.put("outbox", { ...m, sent: false, coalesce, createdAt }));
  };
  // A plain promise chain, no async frames: this is the path of every keystroke save.
  return transact(unionStores(puts), "readwrite", (tx) => {
    // Requests are queued, not awaited: one round trip, one commit. Only a
    // possible coalescing (this tab wrote an entry for the same key last)
    // reads first: the newest entry, to check it is still unsent.
    for (const p of puts) tx.put(p.store, p.value);
    return mayCoalesce ? coalesceInto(tx, coalesce, mutations[0]).then((id) => (id ? [id] : add(tx))) : add(tx);
  }).then((done) => {
    const ids = done.map((r) => (typeof r === "number" ? r : r.result));
    if (ids.length) lastHint = { id: ids[ids.length - 1], coalesce, sent: false };
    notifyWrite();
    return ids;
  });
}

/** Merge `m` into the newest entry if it is unsent and for the same key; its id, or null. */
async function coalesceInto(tx, coalesce, m) {
  const last = await tx.last("outbox");
  if (!last || last.coalesce !== coalesce || last.sent || last.name !== m.name) return null;
  tx.put("outbox", merge(last, m));
  return last.id;
}

function merge(entry, m) {
  const fields = new Set([...(entry.changedFields || []), ...(m.changedFields || [])]);
  const local = [...(entry.local || [])];
  for (const l of m.local || []) {
    const same = local.find((x) => x.store === l.store && x.key === l.key);
    if (same && (same.patch || l.patch)) same.patch = { ...same.patch, ...l.patch };
    else if (!same) local.push(l);
  }
  return { ...entry, args: { ...entry.args, ...m.args }, changedFields: [...fields], local };
}

/** The field values a pending entry re-applies to its record. */
export const localPatch = (entry, local) => local.patch || { ...entry.args, ...local.extra };

export const pendingCount = () => read(["outbox"], (tx) => tx.count("outbox"));
export const pendingEntries = () => read(["outbox"], (tx) => tx.getAll("outbox"));
export const pendingFor = (participant) =>
  read(["outbox"], async (tx) => (await tx.getAll("outbox")).filter((e) => e.participant === participant));

/** Take up to `limit` entries with id > afterId, marking them sent (no more coalescing). */
export function takeBatch(afterId, limit) {
  lastHint = null; // whatever this tab wrote last may be on its way now
  return transact(["outbox"], "readwrite", async (tx) => {
    const range = afterId ? IDBKeyRange.lowerBound(afterId, true) : undefined;
    const rows = await tx.getAll("outbox", range, limit);
    for (const row of rows) if (!row.sent) tx.put("outbox", { ...row, sent: true });
    return rows;
  });
}

/** Within a pull transaction: drop confirmed entries, return the rest. */
export async function confirmIn(tx, lastMutationID) {
  if (lastMutationID > 0) {
    tx.delete("outbox", IDBKeyRange.upperBound(lastMutationID));
    // Never hand out an id the server has already seen from this client: a
    // put with an explicit key lifts the key generator to at least that key.
    tx.put("outbox", { id: lastMutationID, placeholder: true });
    tx.delete("outbox", lastMutationID);
  }
  return tx.getAll("outbox");
}

/** The wire form of an entry. */
export function wire(entry) {
  const m = { id: entry.id, name: entry.name, args: entry.args };
  if (entry.baseVersion !== undefined && entry.baseVersion !== null) m.baseVersion = entry.baseVersion;
  if (entry.changedFields) m.changedFields = entry.changedFields;
  if (entry.baseValues) m.baseValues = entry.baseValues; // optional: the conflict record's "before"
  if (entry.mode) m.mode = entry.mode; // written in participant mode: {participant: uuid}
  return m;
}
