// The outbox: every user action writes its records AND its mutation(s) in
// one IndexedDB transaction. Mutation ids increase by one per device. An
// entry leaves only when a pull reports lastMutationID >= its id.
import { onWipe, read, seal, setExpander, transact, unsealAll } from "./db.js";

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

function unionStores(lists) {
  const stores = ["outbox"];
  for (const list of lists) for (const p of list) if (!stores.includes(p.store)) stores.push(p.store);
  return stores;
}

// This tab's newest entry: lets a brand-new action skip the coalescing read.
let lastHint = null;
onWipe(() => { lastHint = null; });

/**
 * One user action: `puts` = [{store, value}], `mutations` = [{name, args,
 * baseVersion, changedFields, entityUuid, participant, local, revert}].
 * `local` is [{store, key, patch, create, extra}]: what to re-apply on top of
 * server data until the mutation is confirmed (no patch = the args
 * themselves, plus `extra`: the entry never holds the text twice). `revert`:
 * the record's values to put back if the server refuses the change.
 * `stored` = [{store, value}] are envelopes already sealed (a refused change
 * marked "sent again": only its clear state changes); `deletes` = [{store, key}].
 *
 * Everything is sealed first, then written in ONE transaction. With
 * `coalesce`, an unsent entry for the same key is replaced instead of adding
 * a new one (a draft saved as you type stays one mutation): only for
 * mutations whose args are complete, as a note draft's are, since the old
 * entry cannot be opened inside the transaction. Ids come from the outbox
 * store's key generator, inside the same transaction.
 */
export function record({ puts = [], mutations = [], coalesce = null, stored = [], deletes = [] }) {
  const mayCoalesce = Boolean(coalesce && mutations.length === 1 && lastHint
    && lastHint.coalesce === coalesce && !lastHint.sent);
  const createdAt = Date.now();
  const sealing = [];
  for (const p of puts) sealing.push(seal(p.store, p.value));
  for (const m of mutations) sealing.push(seal("outbox", { ...m, sent: false, coalesce, createdAt }));
  // A plain promise chain, no async frames: this is the path of every keystroke save.
  return Promise.all(sealing).then((sealed) => transact(unionStores([puts, stored, deletes]), "readwrite", (tx) => {
    // Requests are queued, not awaited: one round trip, one commit. Only a
    // possible coalescing (this tab wrote an entry for the same key last)
    // reads first: the newest entry, to check it is still unsent.
    for (let i = 0; i < puts.length; i += 1) tx.put(puts[i].store, sealed[i]);
    for (const p of stored) tx.put(p.store, p.value);
    for (const d of deletes) tx.delete(d.store, d.key);
    const entries = sealed.slice(puts.length);
    const add = () => entries.map((e) => tx.put("outbox", e));
    return mayCoalesce ? coalesceInto(tx, coalesce, entries[0]).then((id) => (id ? [id] : add())) : add();
  })).then((done) => {
    const ids = done.map((r) => (typeof r === "number" ? r : r.result));
    if (ids.length) lastHint = { id: ids[ids.length - 1], coalesce, sent: false };
    notifyWrite();
    return ids;
  });
}

// A note draft's entry: its args are the note's own fields (the shape writeNote saves).
const NOTE_ARGS = ["uuid", "participant", "visitDate", "kind", "participantTopics", "body",
  "nextSteps", "hiddenFromParticipant"];
setExpander("note", (note, clear) => {
  const args = {};
  for (const k of NOTE_ARGS) args[k] = note[k];
  const create = clear.name === "note.create";
  const local = create
    ? { store: "note", key: note.uuid, create: true,
      extra: { author: note.author, authorName: note.authorName, status: "draft" } }
    : { store: "note", key: note.uuid, create: false };
  return { ...clear, args, local: [local] };
});

/**
 * The keystroke save: a record and its entry sealed ONCE, the entry sharing the
 * record's ciphertext (`of`), in one transaction. The entry's args are the
 * record's fields (setExpander above), so it is coalesced like any draft.
 */
export function recordShared({ store, value, name, coalesce, stored = [] }) {
  const mayCoalesce = Boolean(lastHint && lastHint.coalesce === coalesce && !lastHint.sent);
  const createdAt = Date.now();
  return seal(store, value).then((sealed) => {
    const entry = { name, entity: store, entityUuid: value.uuid, participant: value.participant,
      sent: false, coalesce, createdAt, of: store, iv: sealed.iv, c: sealed.c };
    const stores = stored.length ? unionStores([[{ store }], stored]) : [store, "outbox"];
    return transact(stores, "readwrite", (tx) => {
      tx.put(store, sealed);
      for (const p of stored) tx.put(p.store, p.value);
      return mayCoalesce ? coalesceInto(tx, coalesce, entry).then((id) => (id ? [id] : [tx.put("outbox", entry)]))
        : [tx.put("outbox", entry)];
    });
  }).then((done) => {
    const id = typeof done[0] === "number" ? done[0] : done[0].result;
    lastHint = { id, coalesce, sent: false };
    notifyWrite();
    return [id];
  });
}

/** Replace the newest entry by `entry` if it is unsent and for the same key; its id, or null. */
async function coalesceInto(tx, coalesce, entry) {
  const last = await tx.last("outbox");
  if (!last || last.placeholder || last.coalesce !== coalesce || last.sent || last.name !== entry.name) {
    return null;
  }
  tx.put("outbox", { ...entry, id: last.id });
  return last.id;
}

/** The field values a pending entry re-applies to its record. */
export const localPatch = (entry, local) => local.patch || { ...entry.args, ...local.extra };

// Counting and grouping use the entries' clear fields: nothing is opened.
export const pendingCount = () => read(["outbox"], (tx) => tx.count("outbox"));
export const pendingEntries = () => read(["outbox"], (tx) => tx.getAll("outbox"))
  .then((rows) => unsealAll("outbox", rows.filter((r) => !r.placeholder)));

/** Take up to `limit` entries with id > afterId, marking them sent (no more coalescing). */
export function takeBatch(afterId, limit) {
  lastHint = null; // whatever this tab wrote last may be on its way now
  return transact(["outbox"], "readwrite", async (tx) => {
    const range = afterId ? IDBKeyRange.lowerBound(afterId, true) : undefined;
    const rows = (await tx.getAll("outbox", range, limit)).filter((r) => !r.placeholder);
    // `sent` is a clear field: marking an entry needs no opening.
    for (const row of rows) if (!row.sent) tx.put("outbox", { ...row, sent: true });
    return rows.map((row) => ({ ...row, sent: true }));
  }).then((rows) => unsealAll("outbox", rows));
}

/**
 * Within a pull transaction: drop the entries the server has confirmed and
 * never hand out an id it has already seen from this client (a put with an
 * explicit key lifts the key generator to at least that key).
 */
export function confirmIn(tx, lastMutationID) {
  if (lastMutationID > 0) {
    tx.delete("outbox", IDBKeyRange.upperBound(lastMutationID));
    tx.put("outbox", { id: lastMutationID, placeholder: true });
    tx.delete("outbox", lastMutationID);
  }
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
