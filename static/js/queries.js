// Reads for the views: small, one readonly transaction each. The requests
// of a read are queued together (one round trip to the database, not one
// per store); only a request that needs an earlier result waits for it.
import { getMetaMany, read } from "./db.js";
import { checkRead, checkReadAll } from "./participant-mode.js";

const openErrors = (rows) => rows.filter((e) => !e.dismissed);
const openConflicts = (rows) => rows.filter((c) => !c.resolvedAt);

/** {name: request promise} → {name: result}, all queued at once. */
export async function all(requests) {
  const keys = Object.keys(requests);
  const values = await Promise.all(keys.map((k) => requests[k]));
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

/** What the today view needs: never the notes (thousands of them). */
export function todayData() {
  checkReadAll();
  return read(["participant", "followup", "outbox", "errors", "conflict", "meta"], async (tx) => {
    const d = await all({
      lastSyncedAt: tx.get("meta", "lastSyncedAt"),
      participants: tx.getAll("participant"),
      followups: tx.getAll("followup"),
      pending: tx.getAll("outbox"),
      errors: tx.getAll("errors"),
      conflicts: tx.getAll("conflict"),
    });
    return { ...d, errors: openErrors(d.errors), conflicts: openConflicts(d.conflicts) };
  });
}

/** The user's own notes a team lead returned, each with the latest review (its comment)
 *  and the participant; read after the today view's first render (reviews can be many). */
export function returnedNotes() {
  checkReadAll();
  return read(["review", "note", "participant", "meta"], async (tx) => {
    const { reviews, user } = await all({ reviews: tx.getAll("review"), user: tx.get("meta", "user") });
    const latest = new Map();
    for (const r of reviews) {
      const seen = latest.get(r.note);
      if (!seen || (r.createdAt || "") > (seen.createdAt || "")) latest.set(r.note, r);
    }
    const asked = [...latest.values()].filter((r) => r.decision === "returned");
    const notes = await Promise.all(asked.map((r) => tx.get("note", r.note)));
    const mine = asked.map((review, i) => ({ review, note: notes[i] })).filter(({ note }) =>
      note && note.status === "returned" && (!note.author || !user || note.author === user.uuid));
    const people = await Promise.all(mine.map(({ note }) => tx.get("participant", note.participant)));
    return mine.map((m, i) => ({ ...m, participant: people[i] })).filter((m) => m.participant);
  });
}

const PER_PARTICIPANT = ["tenancy", "plan", "goal", "step", "note", "followup", "conflict",
  "review", "addendum", "landlordreport", "rating", "planEvent"];

export function participantBundle(uuid) {
  checkRead(uuid);
  return read(["participant", ...PER_PARTICIPANT, "outbox", "errors"], async (tx) => {
    const out = await all({
      participant: tx.get("participant", uuid),
      ...Object.fromEntries(PER_PARTICIPANT.map((s) => [s, tx.byIndex(s, "participant", uuid)])),
      pending: tx.getAll("outbox"),
      errors: tx.byIndex("errors", "participant", uuid),
    });
    out.conflict = openConflicts(out.conflict);
    out.pending = out.pending.filter((e) => e.participant === uuid);
    out.errors = openErrors(out.errors);
    return out;
  });
}

export function noteBundle(uuid) {
  checkReadAll(); // visit notes are the worker's: never in participant mode
  return read(["note", "participant", "review", "addendum", "outbox", "errors"], async (tx) => {
    const { note, pending, errors } = await all({
      note: tx.get("note", uuid), pending: tx.getAll("outbox"), errors: tx.byIndex("errors", "entityUuid", uuid),
    });
    const out = { note, pending: pending.filter((e) => e.entityUuid === uuid), errors: openErrors(errors) };
    if (note) {
      const more = await all({
        participant: tx.get("participant", note.participant),
        reviews: tx.byIndex("review", "participant", note.participant),
        addenda: tx.byIndex("addendum", "participant", note.participant),
      });
      out.participant = more.participant;
      out.reviews = more.reviews.filter((r) => r.note === uuid);
      out.addenda = more.addenda.filter((r) => r.note === uuid);
    }
    return out;
  });
}

export function goalBundle(uuid) {
  checkReadAll(); // the worker's goal editor: participant mode has its own
  return read(["goal", "participant", "conflict", "outbox", "errors"], async (tx) => {
    const { goal, pending, errors } = await all({
      goal: tx.get("goal", uuid), pending: tx.getAll("outbox"), errors: tx.byIndex("errors", "entityUuid", uuid),
    });
    const more = goal ? await all({
      participant: tx.get("participant", goal.participant),
      conflicts: tx.byIndex("conflict", "participant", goal.participant),
    }) : { participant: undefined, conflicts: [] };
    return {
      goal,
      participant: goal && more.participant,
      conflicts: openConflicts(more.conflicts).filter((c) => c.entityUuid === uuid),
      pending: pending.filter((e) => e.entityUuid === uuid),
      errors: openErrors(errors),
    };
  });
}

export function statusData() {
  checkReadAll();
  return read(["outbox", "errors", "conflict", "meta", "participant"], async (tx) => {
    const d = await all({
      pending: tx.count("outbox"),
      errors: tx.getAll("errors"),
      conflicts: tx.getAll("conflict"),
      lastSyncedAt: tx.get("meta", "lastSyncedAt"),
      user: tx.get("meta", "user"),
      persisted: tx.get("meta", "persisted"),
      participants: tx.getAll("participant"),
    });
    return { ...d, errors: openErrors(d.errors), conflicts: openConflicts(d.conflicts).length };
  });
}

export function conflictsData() {
  checkReadAll();
  const tracked = ["goal", "step", "followup", "landlordreport"];
  return read(["conflict", "participant", ...tracked], async (tx) => {
    const conflicts = openConflicts(await tx.getAll("conflict"));
    await Promise.all(conflicts.map(async (c) => {
      const isTracked = tracked.includes(c.entity);
      const [participant, record] = await Promise.all([tx.get("participant", c.participant),
        isTracked ? tx.get(c.entity, c.entityUuid) : undefined]);
      c.participantRecord = participant;
      if (isTracked) c.record = record;
    }));
    return conflicts;
  });
}

/** A tenancy's landlord page: the tenancy, its participant, action plan and items,
 * its landlord reports, and what is pending or refused for them. */
export function tenancyBundle(uuid) {
  checkReadAll(); // landlord reports: never in participant mode (a participant sees only what is shared, on /me)
  const stores = ["tenancy", "participant", "actionplan", "actionitem", "landlordreport",
    "outbox", "errors"];
  return read(stores, async (tx) => {
    const tenancy = await tx.get("tenancy", uuid);
    if (!tenancy) return { tenancy };
    const p = tenancy.participant;
    const d = await all({
      participant: tx.get("participant", p),
      plans: tx.byIndex("actionplan", "participant", p),
      items: tx.byIndex("actionitem", "participant", p),
      reports: tx.byIndex("landlordreport", "participant", p),
      pending: tx.getAll("outbox"),
      errors: tx.byIndex("errors", "participant", p),
    });
    const plan = d.plans.filter((x) => x.tenancy === uuid)[0] || null;
    return { tenancy, participant: d.participant, plan,
      items: plan ? d.items.filter((i) => i.plan === plan.uuid) : [],
      reports: d.reports.filter((r) => r.tenancy === uuid),
      pending: d.pending.filter((e) => e.participant === p),
      errors: openErrors(d.errors).filter((e) => e.entity === "landlordreport") };
  });
}

/** One landlord report with its tenancy, participant and the tenancy's action plan. */
export function reportBundle(uuid) {
  checkReadAll(); // landlord reports: never in participant mode (a participant sees only what is shared, on /me)
  return read(["landlordreport", "tenancy", "participant", "actionplan", "outbox", "errors"], async (tx) => {
    const report = await tx.get("landlordreport", uuid);
    const tenancyUuid = report && report.tenancy;
    return reportContext(tx, tenancyUuid, report, uuid);
  });
}

/** What a new report's page needs: the tenancy, its participant and action plan. */
export function newReportBundle(tenancyUuid) {
  checkReadAll(); // landlord reports: never in participant mode (a participant sees only what is shared, on /me)
  return read(["landlordreport", "tenancy", "participant", "actionplan", "outbox", "errors"],
    (tx) => reportContext(tx, tenancyUuid, null, null));
}

async function reportContext(tx, tenancyUuid, report, uuid) {
  const tenancy = tenancyUuid ? await tx.get("tenancy", tenancyUuid) : undefined;
  if (!tenancy) return { report, tenancy };
  const d = await all({
    participant: tx.get("participant", tenancy.participant),
    plans: tx.byIndex("actionplan", "participant", tenancy.participant),
    pending: tx.getAll("outbox"),
    errors: uuid ? tx.byIndex("errors", "entityUuid", uuid) : Promise.resolve([]),
  });
  return { report, tenancy, participant: d.participant,
    plan: d.plans.filter((x) => x.tenancy === tenancy.uuid)[0] || null,
    pending: uuid ? d.pending.filter((e) => e.entityUuid === uuid) : [],
    errors: openErrors(d.errors) };
}

/** One participant record (a new note's or goal's page). */
export const participant = (uuid) => {
  checkRead(uuid);
  return read(["participant"], (tx) => tx.get("participant", uuid));
};

/** A participant's own account: their record (the only one its store ever holds). */
export const ownParticipant = () => read(["participant", "meta"], async (tx) => {
  const user = await tx.get("meta", "user");
  if (!user || user.role !== "participant") return null;
  return (await tx.getAll("participant"))[0] || null;
});

/** The logged-in user as stored at the last online contact ({} before the first). */
export const currentUser = () => read(["meta"], (tx) => tx.get("meta", "user")).then((u) => u || {});

/** The participant's implementation plan (the first one), or undefined. */
export const planOf = (participantUuid) =>
  read(["plan"], (tx) => tx.byIndex("plan", "participant", participantUuid)).then((plans) => plans[0]);

/** What the status chip counts: unsynced entries, refused changes, open conflicts. */
export function chipCounts() {
  return read(["outbox", "errors", "conflict", "meta"], async (tx) => {
    const d = await all({ pending: tx.count("outbox"), errors: tx.getAll("errors"),
      conflicts: tx.getAll("conflict"), lastSyncedAt: tx.get("meta", "lastSyncedAt") });
    return { ...d, errors: openErrors(d.errors).length, conflicts: openConflicts(d.conflicts).length };
  });
}

export const openConflictCount = () =>
  read(["conflict"], (tx) => tx.getAll("conflict")).then((rows) => openConflicts(rows).length);

/** What the boot needs before the first render: whose store this is, and its language. */
export const bootMeta = () => getMetaMany(["owner", "locale"]);
export const storedLocale = () => read(["meta"], (tx) => tx.get("meta", "locale"));
