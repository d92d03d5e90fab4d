// The ONLY module that touches IndexedDB. Every record of the data stores is
// sealed (encrypted) before it is written and opened (decrypted) after it is
// read, through the codec the vault installs (vault.js: AES-GCM under the
// device's data key). Nothing is written to a sealed store in clear: a put of
// an unsealed value throws. `meta` holds no participant data and stays clear
// (owner, client id, cookie, the wrapped keys, the lock's counters).
//
// Web Crypto is asynchronous and an IndexedDB transaction ends at the first
// await of anything else, so sealing happens BEFORE a transaction and opening
// AFTER it: inside a transaction, tx.get/getAll/... return the stored
// envelopes, whose clear fields (keys and index fields, below) are all a
// transaction may look at. Callers seal with seal()/sealAll() first and open
// with unseal()/unsealAll() afterwards; get()/getAll()/byParticipant() here do
// both for a plain read.
import SPEC from "./spec.js";

const DB_NAME = "bokvar";

// One store per entity of the sync contract: the spec's entities (core/spec), so a
// new entity is one MIGRATIONS step here and nothing else.
export const ENTITY_STORES = Object.keys(SPEC.entities);
// journal: confirmed outbox entries, kept to re-send to a server restored from a backup (journal.js).
const STORES = [...ENTITY_STORES, "outbox", "journal", "errors", "meta"];
const SEALED = new Set([...ENTITY_STORES, "outbox", "journal", "errors"]);

// What stays readable in a sealed record: its key, its index fields, and what
// a transaction must decide on without opening it. Everything else (names,
// addresses, every word typed) is inside the ciphertext.
const NOTE_TODO = new Set(["draft", "returned"]);
const CLEAR = {
  entity: (v) => ({ uuid: v.uuid, participant: v.participant }),
  // "todo": a draft or returned note (index "todo": the today view lists them
  // without opening thousands of notes). Absent for any other status.
  note: (v) => (NOTE_TODO.has(v.status) ? { uuid: v.uuid, participant: v.participant, todo: v.status }
    : { uuid: v.uuid, participant: v.participant }),
  review: (v) => ({ uuid: v.uuid, participant: v.participant, note: v.note }),
  // Whether it is open: the status chip counts conflicts while the app is locked.
  conflict: (v) => ({ uuid: v.uuid, participant: v.participant, open: v.resolvedAt ? 0 : 1 }),
  outbox: (v) => ({ id: v.id, sent: Boolean(v.sent), coalesce: v.coalesce || null, name: v.name,
    entity: v.entity, entityUuid: v.entityUuid, participant: v.participant, createdAt: v.createdAt,
    of: v.of }),
  errors: (v) => ({ mutationID: v.mutationID, entityUuid: v.entityUuid, participant: v.participant,
    state: v.state || "open" }),
  journal: (v) => ({ id: v.id, at: v.at }), // when it was confirmed: the journal is pruned by age
};
const clearOf = (store, value) => {
  const c = (CLEAR[store] || CLEAR.entity)(value);
  for (const k in c) if (c[k] === undefined) delete c[k];
  return c;
};

/** Thrown by a read or write of a sealed store while the vault is locked. */
export class LockedError extends Error {
  constructor() { super("The app is locked."); this.name = "LockedError"; }
}
const lockedCodec = {
  encrypt: () => Promise.reject(new LockedError()),
  decrypt: () => Promise.reject(new LockedError()),
};
let codec = lockedCodec;
let storageErrorHandler = null;
let dbPromise = null;
// The open connection once open() has resolved: transact() then starts its
// transaction synchronously, with no await in front of it.
let connection = null;
const wipeListeners = [];
/** Called after a wipe (in-memory caches of other modules reset here). */
export function onWipe(fn) { wipeListeners.push(fn); }

/**
 * The vault's cipher: {encrypt(store, bytes) → {iv, c}, decrypt(store, {iv, c}) → bytes}.
 * null = locked (every seal and open of a sealed store throws LockedError).
 */
export function setCodec(next) { codec = next || lockedCodec; }
export const isSealed = (store) => SEALED.has(store);
/** Called with every quota or storage error before it is re-thrown. */
export function onStorageError(handler) { storageErrorHandler = handler; }

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The envelope of `value` for `store`: its clear fields plus {iv, c}. */
export function seal(store, value) {
  if (!SEALED.has(store)) return Promise.resolve(value);
  // The clear fields are taken now, with the bytes: the envelope is that object, no copy.
  const envelope = clearOf(store, value);
  return codec.encrypt(store, encoder.encode(JSON.stringify(value))).then((box) => {
    envelope.iv = box.iv;
    envelope.c = box.c;
    return envelope;
  });
}
export const sealAll = (store, values) => Promise.all(values.map((v) => seal(store, v)));

/** True for a stored envelope; false for a clear-only record (an outbox placeholder,
 * or a record written in clear before the store was sealed: version 1). */
export const isEnvelope = (raw) => Boolean(raw && raw.c && raw.iv);

// An outbox entry may share its record's ciphertext (`of`: that record's store):
// a note draft saved as you type is sealed once, and its entry's args are the
// note's fields. outbox.js says how such an entry is made from its record.
const expanders = {};
export function setExpander(store, fn) { expanders[store] = fn; }

/** The value of a stored record (undefined stays undefined). Clear fields win. */
export function unseal(store, raw) {
  if (raw === undefined || raw === null || !SEALED.has(store) || !isEnvelope(raw)) {
    return Promise.resolve(raw);
  }
  const shared = store === "outbox" && raw.of;
  return codec.decrypt(shared ? raw.of : store, raw).then((bytes) => {
    const value = JSON.parse(decoder.decode(bytes));
    const { iv: _iv, c: _c, ...clear } = raw;
    if (!shared) return Object.assign(value, clear);
    if (!expanders[raw.of]) throw new Error(`no entry shape for records of ${raw.of}`);
    return expanders[raw.of](value, clear);
  });
}
export const unsealAll = (store, raws) => Promise.all(raws.map((r) => unseal(store, r)));

// Schema steps by version: MIGRATIONS[v] takes a database at version v to
// v + 1. An upgrade runs every step from the database's oldVersion on, in
// the one versionchange transaction (so a failing step leaves the old
// database as it was), after idb's upgrade(db, oldVersion). A new version
// is a new step appended here; existing steps are never edited, or a
// database made by them would be upgraded differently from a new one.
const MIGRATIONS = [
  // 0 → 1: the stores of the sync contract, the outbox, refused mutations, meta.
  // (Its own list: a store added to ENTITY_STORES later is created by its own step.)
  (db) => {
    for (const name of ["participant", "tenancy", "plan", "goal", "step", "note", "addendum",
      "review", "followup", "conflict"]) {
      db.createObjectStore(name, { keyPath: "uuid" }).createIndex("participant", "participant");
    }
    // The key generator hands out mutation ids: +1 per entry, never reused, reset only by a wipe.
    // No indexes: the outbox is small, and every index is one more write per keystroke save.
    db.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
    const errors = db.createObjectStore("errors", { keyPath: "mutationID" });
    errors.createIndex("entityUuid", "entityUuid");
    errors.createIndex("participant", "participant");
    db.createObjectStore("meta");
  },
  // 1 → 2: the landlord work (sync schema 2): action plans, their items, landlord reports.
  (db) => {
    for (const name of ["actionplan", "actionitem", "landlordreport"]) {
      db.createObjectStore(name, { keyPath: "uuid" }).createIndex("participant", "participant");
    }
  },
  // 2 → 3: the participant's own ratings and the plan's history.
  (db) => {
    for (const name of ["rating", "planEvent"]) {
      db.createObjectStore(name, { keyPath: "uuid" }).createIndex("participant", "participant");
    }
  },
  // 3 → 4: records are sealed (vault.js); what a transaction must find without
  // opening a record gets an index on a clear field. Records written in clear
  // by versions 1 to 3 stay readable and are sealed at the first unlock (sealLegacy).
  (db, tx) => {
    tx.objectStore("note").createIndex("todo", "todo");
    tx.objectStore("review").createIndex("note", "note");
    tx.objectStore("errors").createIndex("state", "state");
  },
  // 4 → 5: the journal of confirmed mutations (journal.js), keyed by mutation id.
  (db) => {
    db.createObjectStore("journal", { keyPath: "id" });
  },
];
const DB_VERSION = MIGRATIONS.length;

/** Bring a database from `oldVersion` to DB_VERSION, one step at a time. */
function upgrade(db, tx, oldVersion) {
  for (let v = oldVersion; v < MIGRATIONS.length; v += 1) MIGRATIONS[v](db, tx);
}

export function open() {
  if (dbPromise) return dbPromise;
  const opening = new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = (event) => upgrade(req.result, req.transaction, event.oldVersion);
    req.onsuccess = () => {
      const db = req.result;
      const forget = () => {
        if (connection === db) connection = null;
        if (dbPromise === opening) dbPromise = null;
      };
      // Another tab wipes or upgrades: let go at once.
      db.onversionchange = () => { db.close(); forget(); };
      db.onclose = forget; // closed by the browser (storage cleared, disk error): reopen next time
      connection = db;
      resolve(db);
    };
    req.onerror = () => {
      if (dbPromise === opening) dbPromise = null;
      reject(storageError(req.error));
    };
  });
  dbPromise = opening;
  return opening;
}

function storageError(err) {
  if (err && storageErrorHandler) storageErrorHandler(err);
  return err;
}

function promised(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * Store access inside one transaction. Reads return what is stored (sealed
 * envelopes: only their clear fields may be used here); writes to a sealed
 * store take envelopes made by seal() before the transaction began.
 */
class Tx {
  constructor(tx) { this.tx = tx; }
  store(name) { return this.tx.objectStore(name); }
  get(name, key) { return promised(this.store(name).get(key)); }
  getAll(name, range, count) { return promised(this.store(name).getAll(range, count)); }
  getAllKeys(name, range) { return promised(this.store(name).getAllKeys(range)); }
  byIndex(name, index, key) { return promised(this.store(name).index(index).getAll(key)); }
  count(name, range) { return promised(this.store(name).count(range)); }
  countIndex(name, index, key) { return promised(this.store(name).index(index).count(key)); }
  /** Queue a write; returns the IDBRequest (its .result is the key once committed). */
  put(name, value, key) {
    if (SEALED.has(name) && !isEnvelope(value) && !(value && value.placeholder)) {
      throw new Error(`refusing to write an unsealed record to ${name}`);
    }
    return key === undefined ? this.store(name).put(value) : this.store(name).put(value, key);
  }
  delete(name, key) { return this.store(name).delete(key); }
  clear(name) { return this.store(name).clear(); }
  /** The record with the highest key, or undefined. */
  async last(name) {
    const cursor = await promised(this.store(name).openCursor(null, "prev"));
    return cursor ? cursor.value : undefined;
  }
}

/**
 * Run fn(tx) in ONE IndexedDB transaction over `stores`. Writes use
 * durability "strict": the promise resolves only once the data is on disk.
 * fn may await tx calls only (awaiting anything else ends the transaction).
 * Once fn has returned (or its promise has settled) no more requests can
 * come, so the transaction is committed explicitly: the database need not
 * wait for the page to acknowledge each request's result first.
 */
export function transact(stores, mode, fn) {
  if (connection) return run(connection, stores, mode, fn);
  return open().then((db) => run(db, stores, mode, fn));
}

function run(db, stores, mode, fn) {
  return new Promise((resolve, reject) => {
    let tx;
    try {
      tx = mode === "readwrite"
        ? db.transaction(stores, mode, { durability: "strict" })
        : db.transaction(stores, "readonly");
    } catch (err) { reject(err); return; }
    let result;
    let failed = null;
    tx.oncomplete = () => resolve(result);
    tx.onabort = () => reject(storageError(failed || tx.error || new Error("transaction aborted")));
    const fail = (err) => {
      failed = err;
      try { tx.abort(); } catch { reject(storageError(err)); }
    };
    const done = (r) => {
      result = r;
      // Not active any more (fn awaited something else): it commits by itself.
      try { if (tx.commit) tx.commit(); } catch { /* auto-commit */ }
    };
    try {
      const out = fn(new Tx(tx));
      if (out && typeof out.then === "function") out.then(done, fail);
      else done(out);
    } catch (err) {
      fail(err);
    }
  });
}

export const read = (stores, fn) => transact(stores, "readonly", fn);
/** Read and open: one record, a whole store, a participant's records. */
export const get = (name, key) => read([name], (tx) => tx.get(name, key)).then((r) => unseal(name, r));
export const getAll = (name) => read([name], (tx) => tx.getAll(name)).then((r) => unsealAll(name, r));
export const count = (name) => read([name], (tx) => tx.count(name));
export const byParticipant = (name, uuid) =>
  read([name], (tx) => tx.byIndex(name, "participant", uuid)).then((r) => unsealAll(name, r));
/** Seal `values` and put them in one transaction (seeding, tests). */
export const putAll = (name, values) => sealAll(name, values).then((sealed) =>
  transact([name], "readwrite", (tx) => { for (const v of sealed) tx.put(name, v); }));

/**
 * Seal what version 1 wrote in clear (called once the vault is open). Each
 * record is sealed outside the transaction and replaced only if it is still
 * the clear one: a pull or an action may have written it meanwhile.
 */
export async function sealLegacy() {
  let sealed = 0;
  for (const store of SEALED) {
    if (store === "journal") continue; // sealed from its first version: nothing to read at unlock
    const raws = await read([store], (tx) => tx.getAll(store));
    const clear = raws.filter((r) => !isEnvelope(r) && !r.placeholder);
    if (!clear.length) continue;
    const key = store === "outbox" ? "id" : store === "errors" ? "mutationID" : "uuid";
    const envelopes = await sealAll(store, clear.map((r) => (store === "errors"
      ? { ...r, state: r.state || (r.dismissed ? "dismissed" : "open") } : r)));
    sealed += await transact([store], "readwrite", async (tx) => {
      let n = 0;
      const now = await Promise.all(clear.map((r) => tx.get(store, r[key])));
      now.forEach((r, i) => {
        if (r && !isEnvelope(r)) { tx.put(store, envelopes[i]); n += 1; }
      });
      return n;
    });
  }
  return sealed;
}
export const getMeta = (key) => read(["meta"], (tx) => tx.get("meta", key));
export const setMeta = (key, value) =>
  transact(["meta"], "readwrite", (tx) => tx.put("meta", value, key));
export function getMetaMany(keys) {
  return read(["meta"], (tx) => Promise.all(keys.map((k) => tx.get("meta", k)))
    .then((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]]))));
}

/** Delete the whole database (logout, another user, revoked device). */
export async function wipe() {
  connection = null;
  if (dbPromise) {
    try { (await dbPromise).close(); } catch { /* never opened */ }
    dbPromise = null;
  }
  await new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    // Other tabs close on versionchange; blocked resolves once they have.
  });
  for (const fn of wipeListeners) fn();
}

export const DATABASE_NAME = DB_NAME;
export const DATABASE_VERSION = DB_VERSION;
export const ALL_STORES = STORES;
