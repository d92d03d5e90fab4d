// The ONLY module that touches IndexedDB. Every record goes through the
// codec hooks below (encode on write, decode on read): the later encryption
// of the offline store plugs in here and nowhere else.
import SPEC from "./spec.js";

const DB_NAME = "bokvar";

// One store per entity of the sync contract: the spec's entities (core/spec), so a
// new entity is one MIGRATIONS step here and nothing else.
export const ENTITY_STORES = Object.keys(SPEC.entities);
const STORES = [...ENTITY_STORES, "outbox", "errors", "meta"];

let codec = { encode: (store, value) => value, decode: (store, value) => value };
let storageErrorHandler = null;
let dbPromise = null;
// The open connection once open() has resolved: transact() then starts its
// transaction synchronously, with no await in front of it.
let connection = null;
const wipeListeners = [];
/** Called after a wipe (in-memory caches of other modules reset here). */
export function onWipe(fn) { wipeListeners.push(fn); }

/** Replace the codec. Index fields (uuid, participant, entityUuid) must stay readable. */
export function setCodec(next) { codec = next; }
/** Called with every quota or storage error before it is re-thrown. */
export function onStorageError(handler) { storageErrorHandler = handler; }

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

/** Store access inside one transaction. Reads decode, writes encode. */
class Tx {
  constructor(tx) { this.tx = tx; }
  store(name) { return this.tx.objectStore(name); }
  decode(name, v) { return v === undefined || name === "meta" ? v : codec.decode(name, v); }
  async get(name, key) { return this.decode(name, await promised(this.store(name).get(key))); }
  async getAll(name, range, count) {
    const rows = await promised(this.store(name).getAll(range, count));
    return name === "meta" ? rows : rows.map((v) => codec.decode(name, v));
  }
  async byIndex(name, index, key) {
    const rows = await promised(this.store(name).index(index).getAll(key));
    return rows.map((v) => codec.decode(name, v));
  }
  count(name, range) { return promised(this.store(name).count(range)); }
  countIndex(name, index, key) { return promised(this.store(name).index(index).count(key)); }
  /** Queue a write; returns the IDBRequest (its .result is the key once committed). */
  put(name, value, key) {
    const v = name === "meta" ? value : codec.encode(name, value);
    return key === undefined ? this.store(name).put(v) : this.store(name).put(v, key);
  }
  delete(name, key) { return this.store(name).delete(key); }
  clear(name) { return this.store(name).clear(); }
  /** The record with the highest key, or undefined. */
  async last(name) {
    const cursor = await promised(this.store(name).openCursor(null, "prev"));
    return cursor ? this.decode(name, cursor.value) : undefined;
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
export const get = (name, key) => read([name], (tx) => tx.get(name, key));
export const getAll = (name) => read([name], (tx) => tx.getAll(name));
export const count = (name) => read([name], (tx) => tx.count(name));
export const byParticipant = (name, uuid) =>
  read([name], (tx) => tx.byIndex(name, "participant", uuid));
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
