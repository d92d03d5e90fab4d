// The local replica of the server's data: applying a pulled page and
// rebasing the pending local edits on top of it. The transport (HTTP,
// single-flight, back-off, triggers) stays in sync-client.js; this module
// never talks to the network.
import { ALL_STORES, ENTITY_STORES, getMeta, setMeta, transact } from "./db.js";
import { confirmIn, localPatch } from "./outbox.js";

/** Where the next pull starts (the server's version; null = from scratch). */
export const pullCookie = () => getMeta("cookie").then((c) => c ?? null);
/** A whole round (push and every pull page) went through. */
export const markSynced = () => setMeta("lastSyncedAt", Date.now());

const key = (store, uuid) => `${store}:${uuid}`;

/**
 * One pull page in ONE transaction: refused mutations kept, confirmed
 * outbox entries dropped, the patch applied, open conflicts stored (the
 * last page's list is complete), pending edits re-applied, cookie and
 * lastMutationID saved. `last` = no more pages follow.
 */
export function applyPull(resp, last = true) {
  return transact(ALL_STORES, "readwrite", async (tx) => {
    await keepErrors(tx, resp.errors || []);
    const pending = await confirmIn(tx, resp.lastMutationID || 0);
    const { touched, cleared } = applyPatch(tx, resp.patch || []);
    if (Array.isArray(resp.conflicts)) await keepConflicts(tx, resp.conflicts, last, touched);
    rebase(tx, pending, touched, cleared);
    tx.put("meta", resp.cookie ?? null, "cookie");
    tx.put("meta", resp.lastMutationID || 0, "lastMutationID");
  });
}

/** put/del/clear from the server; returns what changed (key → value, null = deleted). */
function applyPatch(tx, patch) {
  const touched = new Map();
  let cleared = false;
  for (const op of patch) {
    if (op.op === "clear") {
      for (const s of ENTITY_STORES) tx.clear(s);
      touched.clear();
      cleared = true;
    } else if (ENTITY_STORES.includes(op.entity)) {
      const uuid = op.key || (op.value && op.value.uuid);
      if (op.op === "put") {
        const value = { ...op.value, uuid };
        tx.put(op.entity, value);
        touched.set(key(op.entity, uuid), value);
      } else if (op.op === "del") {
        tx.delete(op.entity, uuid);
        touched.set(key(op.entity, uuid), null);
      }
    }
  }
  return { touched, cleared };
}

/** Local changes not yet confirmed stay visible on top of server data. */
function rebase(tx, pending, touched, cleared) {
  for (const entry of pending) {
    for (const local of entry.local || []) {
      const k = key(local.store, local.key);
      if (!cleared && !touched.has(k)) continue;
      const base = touched.get(k) || null;
      if (!base && !local.create) continue;
      const next = { ...(base || {}), ...localPatch(entry, local), uuid: local.key };
      tx.put(local.store, next);
      touched.set(k, next);
    }
  }
}

async function keepConflicts(tx, conflicts, last, touched) {
  const open = new Set();
  for (const c of conflicts) {
    if (!c || !c.uuid) continue;
    tx.put("conflict", c);
    touched.set(key("conflict", c.uuid), c);
    if (!c.resolvedAt) open.add(c.uuid);
  }
  if (!last) return;
  // The server lists all open conflicts: any other we still show as open is closed.
  for (const c of await tx.getAll("conflict")) {
    if (!c.resolvedAt && !open.has(c.uuid) && !touched.has(key("conflict", c.uuid))) {
      tx.put("conflict", { ...c, resolvedAt: new Date().toISOString() });
    }
  }
}

async function keepErrors(tx, errors) {
  for (const e of errors) {
    if (!e || e.mutationID === undefined || await tx.get("errors", e.mutationID)) continue;
    const entry = await tx.get("outbox", e.mutationID);
    tx.put("errors", { ...e, participant: (entry && entry.participant) || e.participant || null,
      entity: entry && entry.entity, entityUuid: e.entityUuid || (entry && entry.entityUuid),
      at: Date.now(), dismissed: false });
  }
}
