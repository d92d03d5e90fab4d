// The outbox: every user action writes its records AND its mutation(s) in
// one IndexedDB transaction. Mutation ids increase by one per device. An
// entry leaves only when a pull reports lastMutationID >= its id.
import { transact, read } from "./db.js";

let afterWrite = () => {};
/** Hook called after every committed action (the sync client listens). */
export function onWrite(fn) { afterWrite = fn; }

function unionStores(puts) {
  return [...new Set(["outbox", "meta", ...puts.map((p) => p.store)])];
}

/**
 * One user action: `puts` = [{store, value}], `mutations` = [{name, args,
 * baseVersion, changedFields, entityUuid, participant, local}]. `local` is
 * [{store, key, patch, create}]: what to re-apply on top of server data
 * until the mutation is confirmed. With `coalesce`, an entry for the same
 * key that has not been sent yet is updated instead of adding a new one
 * (a draft saved as you type stays one mutation).
 */
export async function record({ puts = [], mutations = [], coalesce = null }) {
  const ids = await transact(unionStores(puts), "readwrite", async (tx) => {
    for (const p of puts) tx.put(p.store, p.value);
    if (coalesce && mutations.length === 1) {
      const last = await tx.last("outbox");
      if (last && last.coalesce === coalesce && !last.sent && last.name === mutations[0].name) {
        tx.put("outbox", merge(last, mutations[0]));
        return [last.id];
      }
    }
    let next = (await tx.get("meta", "nextMutationID")) || 1;
    const out = [];
    for (const m of mutations) {
      tx.put("outbox", { ...m, id: next, sent: false, coalesce, createdAt: Date.now() });
      out.push(next);
      next += 1;
    }
    tx.put("meta", next, "nextMutationID");
    return out;
  });
  afterWrite();
  return ids;
}

function merge(entry, m) {
  const fields = new Set([...(entry.changedFields || []), ...(m.changedFields || [])]);
  const local = [...(entry.local || [])];
  for (const l of m.local || []) {
    const same = local.find((x) => x.store === l.store && x.key === l.key);
    if (same) same.patch = { ...same.patch, ...l.patch };
    else local.push(l);
  }
  return { ...entry, args: { ...entry.args, ...m.args }, changedFields: [...fields], local };
}

export const pendingCount = () => read(["outbox"], (tx) => tx.count("outbox"));
export const pendingEntries = () => read(["outbox"], (tx) => tx.getAll("outbox"));
export const pendingFor = (participant) =>
  read(["outbox"], (tx) => tx.byIndex("outbox", "participant", participant));

/** Take up to `limit` entries with id > afterId, marking them sent (no more coalescing). */
export function takeBatch(afterId, limit) {
  return transact(["outbox"], "readwrite", async (tx) => {
    const range = afterId ? IDBKeyRange.lowerBound(afterId, true) : undefined;
    const rows = await tx.getAll("outbox", range, limit);
    for (const row of rows) if (!row.sent) tx.put("outbox", { ...row, sent: true });
    return rows;
  });
}

/** Within a pull transaction: drop confirmed entries, return the rest. */
export async function confirmIn(tx, lastMutationID) {
  if (lastMutationID > 0) await tx.delete("outbox", IDBKeyRange.upperBound(lastMutationID));
  const next = (await tx.get("meta", "nextMutationID")) || 1;
  if (next <= lastMutationID) tx.put("meta", lastMutationID + 1, "nextMutationID");
  return tx.getAll("outbox");
}

/** The wire form of an entry. */
export function wire(entry) {
  const m = { id: entry.id, name: entry.name, args: entry.args };
  if (entry.baseVersion !== undefined && entry.baseVersion !== null) m.baseVersion = entry.baseVersion;
  if (entry.changedFields) m.changedFields = entry.changedFields;
  if (entry.baseValues) m.baseValues = entry.baseValues; // optional: the conflict record's "before"
  return m;
}
