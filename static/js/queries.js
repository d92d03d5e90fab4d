// Reads for the views: small, one readonly transaction each. The requests
// of a read are queued together (one round trip to the database, not one
// per store); only a request that needs an earlier result waits for it.
// Records are sealed: a read collects the envelopes inside the transaction
// (using only their clear fields: keys, participant, the note's `todo`, an
// error's `state`, an entry's `participant`), and opens what it returns
// after it (db.open), in parallel.
import { getMetaMany, read, unseal, unsealAll } from "./db.js";
import { checkRead, checkReadAll } from "./participant-mode.js";

const openErrors = (rows) => rows.filter((e) => (e.state || "open") === "open");
const openConflicts = (rows) => rows.filter((c) => !c.resolvedAt);

/** {name: request promise} → {name: result}, all queued at once. */
export async function all(requests) {
  const keys = Object.keys(requests);
  const values = await Promise.all(keys.map((k) => requests[k]));
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

/** Open the values of `raw` named in `stores` ({key: store}); others stay as they are. */
function opened(raw, stores) {
  return all(Object.fromEntries(Object.entries(raw).map(([k, v]) => {
    const store = stores[k];
    if (!store) return [k, v];
    return [k, Array.isArray(v) ? unsealAll(store, v) : unseal(store, v)];
  })));
}

/**
 * What the today view needs: participants, follow-ups, what is pending,
 * refused or in conflict, and the user's unfinished drafts and returned
 * notes with the team lead's comment (the note store's `todo` index: never
 * the thousands of other notes).
 */
export async function todayData() {
  checkReadAll();
  const raw = await read(["participant", "followup", "outbox", "errors", "conflict", "note", "review",
    "meta"], async (tx) => {
    const d = await all({
      lastSyncedAt: tx.get("meta", "lastSyncedAt"),
      user: tx.get("meta", "user"),
      participants: tx.getAll("participant"),
      followups: tx.getAll("followup"),
      pending: tx.getAll("outbox"),
      errors: tx.byIndex("errors", "state", "open"),
      conflicts: tx.getAll("conflict"),
      todo: tx.byIndex("note", "todo", IDBKeyRange.bound("draft", "returned")),
    });
    d.reviews = await Promise.all(d.todo.filter((n) => n.todo === "returned")
      .map((n) => tx.byIndex("review", "note", n.uuid)));
    return d;
  });
  const d = await opened({ ...raw, reviews: raw.reviews.flat() }, { participants: "participant",
    followups: "followup", conflicts: "conflict", todo: "note", reviews: "review" });
  const me = (d.user && d.user.uuid) || null;
  const mine = d.todo.filter((n) => !n.author || n.author === me);
  return { ...d, pending: d.pending.filter((e) => !e.placeholder), conflicts: openConflicts(d.conflicts),
    drafts: mine.filter((n) => n.status === "draft"),
    returned: mine.filter((n) => n.status === "returned"), reviews: d.reviews };
}

const PER_PARTICIPANT = ["tenancy", "plan", "goal", "step", "note", "followup", "conflict",
  "review", "addendum", "landlordreport", "rating", "planEvent"];

export async function participantBundle(uuid) {
  checkRead(uuid);
  const raw = await read(["participant", ...PER_PARTICIPANT, "outbox", "errors"], (tx) => all({
    participant: tx.get("participant", uuid),
    ...Object.fromEntries(PER_PARTICIPANT.map((s) => [s, tx.byIndex(s, "participant", uuid)])),
    pending: tx.getAll("outbox"),
    errors: tx.byIndex("errors", "participant", uuid),
  }));
  raw.pending = raw.pending.filter((e) => e.participant === uuid);
  raw.errors = openErrors(raw.errors);
  const out = await opened(raw, { participant: "participant",
    ...Object.fromEntries(PER_PARTICIPANT.map((s) => [s, s])), pending: "outbox", errors: "errors" });
  out.conflict = openConflicts(out.conflict);
  return out;
}

export async function noteBundle(uuid) {
  checkReadAll(); // visit notes are the worker's: never in participant mode
  const raw = await read(["note", "participant", "review", "addendum", "outbox", "errors"], async (tx) => {
    const first = await all({
      note: tx.get("note", uuid), pending: tx.getAll("outbox"),
      errors: tx.byIndex("errors", "entityUuid", uuid),
    });
    const p = first.note && first.note.participant;
    const more = p ? await all({
      participant: tx.get("participant", p),
      reviews: tx.byIndex("review", "note", uuid),
      addenda: tx.byIndex("addendum", "participant", p),
    }) : { participant: undefined, reviews: [], addenda: [] };
    return { ...first, ...more };
  });
  raw.pending = raw.pending.filter((e) => e.entityUuid === uuid);
  raw.errors = openErrors(raw.errors);
  const out = await opened(raw, { note: "note", pending: "outbox", errors: "errors",
    participant: "participant", reviews: "review", addenda: "addendum" });
  out.addenda = out.addenda.filter((a) => a.note === uuid);
  return out;
}

export async function goalBundle(uuid) {
  checkReadAll(); // the worker's goal editor: participant mode has its own
  const raw = await read(["goal", "participant", "conflict", "outbox", "errors"], async (tx) => {
    const first = await all({
      goal: tx.get("goal", uuid), pending: tx.getAll("outbox"),
      errors: tx.byIndex("errors", "entityUuid", uuid),
    });
    const p = first.goal && first.goal.participant;
    const more = p ? await all({
      participant: tx.get("participant", p),
      conflicts: tx.byIndex("conflict", "participant", p),
    }) : { participant: undefined, conflicts: [] };
    return { ...first, ...more };
  });
  raw.pending = raw.pending.filter((e) => e.entityUuid === uuid);
  raw.errors = openErrors(raw.errors);
  const out = await opened(raw, { goal: "goal", pending: "outbox", errors: "errors",
    participant: "participant", conflicts: "conflict" });
  out.conflicts = openConflicts(out.conflicts).filter((c) => c.entityUuid === uuid);
  return out;
}

export async function statusData() {
  checkReadAll();
  const raw = await read(["outbox", "errors", "conflict", "meta", "participant"], (tx) => all({
    pending: tx.count("outbox"),
    errors: tx.byIndex("errors", "state", "open"),
    conflicts: tx.getAll("conflict"),
    lastSyncedAt: tx.get("meta", "lastSyncedAt"),
    user: tx.get("meta", "user"),
    persisted: tx.get("meta", "persisted"),
    clientID: tx.get("meta", "clientID"),
    participants: tx.getAll("participant"),
  }));
  const d = await opened(raw, { errors: "errors", conflicts: "conflict", participants: "participant" });
  return { ...d, conflicts: openConflicts(d.conflicts).length };
}

export async function conflictsData() {
  checkReadAll();
  const conflicts = openConflicts(await unsealAll("conflict",
    await read(["conflict"], (tx) => tx.getAll("conflict"))));
  const stores = ["goal", "step", "followup", "landlordreport"];
  const tracked = (c) => stores.includes(c.entity);
  const raw = await read(["participant", ...stores], (tx) => Promise.all(conflicts.map(
    (c) => Promise.all([tx.get("participant", c.participant), tracked(c) ? tx.get(c.entity, c.entityUuid) : undefined]))));
  await Promise.all(conflicts.map(async (c, i) => {
    c.participantRecord = await unseal("participant", raw[i][0]);
    if (tracked(c)) c.record = await unseal(c.entity, raw[i][1]);
  }));
  return conflicts;
}

/** A tenancy's landlord page: the tenancy, its participant, action plan and items,
 * its landlord reports, and what is pending or refused for them. */
export async function tenancyBundle(uuid) {
  checkReadAll(); // landlord reports: never in participant mode (a participant sees only what is shared, on /me)
  const stores = ["tenancy", "participant", "actionplan", "actionitem", "landlordreport",
    "outbox", "errors"];
  const raw = await read(stores, async (tx) => {
    const tenancy = await tx.get("tenancy", uuid);
    if (!tenancy) return { tenancy };
    const p = tenancy.participant; // a clear field
    return { tenancy, ...(await all({
      participant: tx.get("participant", p),
      plans: tx.byIndex("actionplan", "participant", p),
      items: tx.byIndex("actionitem", "participant", p),
      reports: tx.byIndex("landlordreport", "participant", p),
      pending: tx.getAll("outbox"),
      errors: tx.byIndex("errors", "participant", p),
    })) };
  });
  if (!raw.tenancy) return { tenancy: undefined };
  const p = raw.tenancy.participant;
  raw.pending = raw.pending.filter((e) => e.participant === p);
  raw.errors = openErrors(raw.errors);
  const d = await opened(raw, { tenancy: "tenancy", participant: "participant", plans: "actionplan",
    items: "actionitem", reports: "landlordreport", pending: "outbox", errors: "errors" });
  const plan = d.plans.filter((x) => x.tenancy === uuid)[0] || null;
  return { tenancy: d.tenancy, participant: d.participant, plan,
    items: plan ? d.items.filter((i) => i.plan === plan.uuid) : [],
    reports: d.reports.filter((r) => r.tenancy === uuid),
    pending: d.pending,
    errors: d.errors.filter((e) => e.entity === "landlordreport") };
}

/** One landlord report with its tenancy, participant and the tenancy's action plan. */
export async function reportBundle(uuid) {
  checkReadAll(); // landlord reports: never in participant mode (a participant sees only what is shared, on /me)
  // Its tenancy is inside the sealed report: opened first, then the rest is read.
  const report = await unseal("landlordreport",
    await read(["landlordreport"], (tx) => tx.get("landlordreport", uuid)));
  return reportContext(report && report.tenancy, report, uuid);
}

/** What a new report's page needs: the tenancy, its participant and action plan. */
export const newReportBundle = (tenancyUuid) => {
  checkReadAll(); // landlord reports: never in participant mode (a participant sees only what is shared, on /me)
  return reportContext(tenancyUuid, null, null);
};

async function reportContext(tenancyUuid, report, uuid) {
  const raw = await read(["tenancy", "participant", "actionplan", "outbox", "errors"], async (tx) => {
    const tenancy = tenancyUuid ? await tx.get("tenancy", tenancyUuid) : undefined;
    if (!tenancy) return { tenancy };
    return { tenancy, ...(await all({
      participant: tx.get("participant", tenancy.participant),
      plans: tx.byIndex("actionplan", "participant", tenancy.participant),
      pending: tx.getAll("outbox"),
      errors: uuid ? tx.byIndex("errors", "entityUuid", uuid) : Promise.resolve([]),
    })) };
  });
  if (!raw.tenancy) return { report, tenancy: undefined };
  raw.pending = uuid ? raw.pending.filter((e) => e.entityUuid === uuid) : [];
  raw.errors = openErrors(raw.errors);
  const d = await opened(raw, { tenancy: "tenancy", participant: "participant", plans: "actionplan",
    pending: "outbox", errors: "errors" });
  return { report, tenancy: d.tenancy, participant: d.participant,
    plan: d.plans.filter((x) => x.tenancy === d.tenancy.uuid)[0] || null,
    pending: d.pending, errors: d.errors };
}

/** The refused changes of one record (open ones), its participant and local copy. */
export async function refusedBundle(entityUuid) {
  const errors = openErrors(await unsealAll("errors",
    await read(["errors"], (tx) => tx.byIndex("errors", "entityUuid", entityUuid))))
    .sort((a, b) => a.mutationID - b.mutationID);
  const first = errors[0];
  if (!first) return { errors };
  const store = (first.local && first.local[0] && first.local[0].store) || first.entity;
  const raw = await read(["participant", store], (tx) => all({
    participant: first.participant ? tx.get("participant", first.participant) : undefined,
    record: store ? tx.get(store, entityUuid) : undefined,
  }));
  return { errors, store, ...(await opened(raw, { participant: "participant", record: store })) };
}

/** One participant record (a new note's or goal's page). */
export const participant = (uuid) => {
  checkRead(uuid);
  return read(["participant"], (tx) => tx.get("participant", uuid)).then((r) => unseal("participant", r));
};

/** A participant's own account: their record (the only one its store ever holds). */
export const ownParticipant = () => read(["participant", "meta"], async (tx) => {
  const user = await tx.get("meta", "user");
  if (!user || user.role !== "participant") return null;
  return (await tx.getAll("participant"))[0] || null;
}).then((raw) => (raw ? unseal("participant", raw) : null));

/** The logged-in user as stored at the last online contact ({} before the first). */
export const currentUser = () => read(["meta"], (tx) => tx.get("meta", "user")).then((u) => u || {});

/** The participant's implementation plan (the first one), or undefined. */
export const planOf = (participantUuid) =>
  read(["plan"], (tx) => tx.byIndex("plan", "participant", participantUuid))
    .then((plans) => unseal("plan", plans[0]));

/** What the status chip counts: unsynced entries, refused changes, open conflicts. */
// Counted on clear fields (an error's state, a conflict's `open`): works while locked.
export async function chipCounts() {
  const raw = await read(["outbox", "errors", "conflict", "meta"], (tx) => all({
    pending: tx.count("outbox"), errors: tx.countIndex("errors", "state", "open"),
    conflicts: tx.getAll("conflict"), lastSyncedAt: tx.get("meta", "lastSyncedAt") }));
  return { ...raw, conflicts: raw.conflicts.filter(isOpenConflict).length };
}

// A record from version 1 (clear, no `open` field) counts by its resolvedAt.
const isOpenConflict = (raw) => (raw.open === undefined ? !raw.resolvedAt : raw.open === 1);
export const openConflictCount = () => read(["conflict"], (tx) => tx.getAll("conflict"))
  .then((rows) => rows.filter(isOpenConflict).length);

/** What the boot needs before the first render: whose store this is, its language, its lock. */
export const bootMeta = () => getMetaMany(["owner", "locale", "clientID", "user"]);
export const storedLocale = () => read(["meta"], (tx) => tx.get("meta", "locale"));
