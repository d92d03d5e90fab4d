// User actions. Each is ONE IndexedDB transaction (outbox.record) writing
// the record and its outbox entry together. Mergeable edits send only the
// changed fields plus the version they were made against (baseVersion).
import * as db from "./db.js";
import { localPatch, record, recordShared } from "./outbox.js";
import SPEC from "./spec.js";

/** fn() after every committed action (cheap: it runs on the keystroke-save path). */
export { onWrite } from "./outbox.js";
import { newUuid } from "./ui.js";

// The fields each mutation takes, from the server's registry (spec.js): never typed here.
const argsOf = (name) => SPEC.mutations[name].fields.filter((f) => f !== "participant" && f !== "goal");
const GOAL_FIELDS = argsOf("goal.update");
const GOAL_STATUS_FIELDS = argsOf("goal.set_status");
const STEP_FIELDS = argsOf("step.update");
const RATING_FIELDS = argsOf("rating.create");

const pick = (obj, keys) => {
  const out = {};
  for (const k of keys) out[k] = obj[k];
  return out;
};
const changedKeys = (before, after, keys) => keys.filter((k) => k in after && after[k] !== before[k]);

function mutation(name, entity, value, args, extra = {}) {
  return {
    name, entity, entityUuid: value.uuid, participant: value.participant, args,
    local: [{ store: entity, key: value.uuid, create: !!extra.create,
      ...(extra.patch ? { patch: extra.patch } : {}), ...(extra.extra ? { extra: extra.extra } : {}) }],
    ...(extra.baseVersion !== undefined ? { baseVersion: extra.baseVersion } : {}),
    ...(extra.changedFields ? { changedFields: extra.changedFields } : {}),
    ...(extra.changedFields && extra.before ? { baseValues: pick(extra.before, extra.changedFields) } : {}),
    // Put back locally if the server refuses it (replica.js): a refused change never
    // looks saved. A merged edit goes back to the values it was made against.
    ...(extra.revert ? { revert: extra.revert }
      : extra.changedFields && extra.before ? { revert: pick(extra.before, extra.changedFields) } : {}),
  };
}

let userCache = null;
db.onWipe(() => { userCache = null; });

async function currentUser() {
  if (!userCache || !userCache.uuid) userCache = (await db.getMeta("user")) || {};
  return userCache;
}

const authorOf = (user) => ({ author: user.uuid || null, authorName: user.displayName || "" });

/**
 * Save a visit note draft (as you type). Never-synced notes use note.create
 * (idempotent). Once the user is known no read precedes the write.
 */
export function saveNote(note, { supersede = null } = {}) {
  if (supersede && supersede.length) {
    return resentMarks(supersede).then((stored) => currentUser().then((user) =>
      writeNote(note, note.version ? { author: note.author, authorName: note.authorName } : authorOf(user), stored)));
  }
  if (note.version) return writeNote(note, { author: note.author, authorName: note.authorName });
  if (userCache && userCache.uuid) return writeNote(note, authorOf(userCache));
  return currentUser().then((user) => writeNote(note, authorOf(user)));
}

// The keystroke path, written out as literals (same shapes as pick/mutation
// build): cold code runs in the interpreter, where spreads of several objects
// and dynamic keys cost more than the IndexedDB put itself.
function writeNote(note, author, stored = []) {
  const value = { ...note, author: author.author, authorName: author.authorName,
    status: note.status || "draft", savedAt: Date.now() };
  // Sealed once: the entry (note.create or note.update) shares the note's ciphertext,
  // its args are the note's fields (outbox.js), so a typed note is one mutation.
  return recordShared({ store: "note", value, name: note.version ? "note.update" : "note.create",
    coalesce: `note:${value.uuid}`, stored }).then(() => value);
}

export async function submitNote(note) {
  const value = { ...note, status: "submitted", submittedAt: new Date().toISOString() };
  const m = mutation("note.submit", "note", value, { uuid: value.uuid },
    { patch: { status: "submitted", submittedAt: value.submittedAt },
      revert: { status: note.status || "draft", submittedAt: note.submittedAt || null } });
  await record({ puts: [{ store: "note", value }], mutations: [m] });
  return value;
}

// Who writes, as the server will record it (core/authorship.py): the server sets it
// again whatever the app says; the app shows it at once, before the sync.
const writtenBy = (mode, user) => (user && user.role === "participant" ? "participant"
  : mode ? "together" : "worker");
const withMode = (m, mode) => (mode ? { ...m, mode } : m);

/**
 * A new goal. `mode` is {participant: uuid} when the participant writes it on a
 * worker's phone (participant mode); their own account needs none.
 */
export async function createGoal(participant, plan, fields, mode = null) {
  const user = await currentUser();
  const value = { uuid: newUuid(), participant, plan: plan || null, status: "active",
    statusComment: "", ...pick(fields, GOAL_FIELDS), writtenBy: writtenBy(mode, user) };
  const args = { uuid: value.uuid, participant, ...pick(fields, GOAL_FIELDS) };
  const m = withMode(mutation("goal.create", "goal", value, args, { create: true, patch: value }), mode);
  await record({ puts: [{ store: "goal", value }], mutations: [m] });
  return value;
}

/** Goal fields and status changed together with the participant: one action. */
export async function updateGoal(goal, changes, mode = null) {
  const user = await currentUser();
  const value = { ...goal, ...changes };
  const fields = changedKeys(goal, changes, GOAL_FIELDS);
  const statusFields = changedKeys(goal, changes, GOAL_STATUS_FIELDS);
  const mutations = [];
  if (fields.length) {
    if (writtenBy(mode, user) !== "worker") value.writtenBy = writtenBy(mode, user);
    mutations.push(withMode(mutation("goal.update", "goal", value, { uuid: goal.uuid, ...pick(value, fields) },
      { baseVersion: goal.version, changedFields: fields, before: goal }), mode));
  }
  if (statusFields.length) {
    mutations.push(withMode(mutation("goal.set_status", "goal", value,
      { uuid: goal.uuid, ...pick(value, GOAL_STATUS_FIELDS) },
      { baseVersion: goal.version, changedFields: statusFields, patch: pick(value, statusFields), before: goal }), mode));
  }
  if (!mutations.length) return goal;
  await record({ puts: [{ store: "goal", value }], mutations });
  return value;
}

export async function createStep(goal, fields, mode = null) {
  const user = await currentUser();
  const value = { uuid: newUuid(), participant: goal.participant, goal: goal.uuid,
    what: fields.what, who: fields.who, whoName: fields.whoName || "", dueOn: fields.dueOn || null,
    doneOn: null, writtenBy: writtenBy(mode, user) };
  const args = { uuid: value.uuid, goal: goal.uuid, what: value.what, who: value.who,
    whoName: value.whoName, dueOn: value.dueOn };
  const m = withMode(mutation("step.create", "step", value, args, { create: true, patch: value }), mode);
  await record({ puts: [{ store: "step", value }], mutations: [m] });
  return value;
}

export async function updateStep(step, changes, mode = null) {
  const fields = changedKeys(step, changes, STEP_FIELDS);
  if (!fields.length) return step;
  const value = { ...step, ...changes };
  const m = withMode(mutation("step.update", "step", value, { uuid: step.uuid, ...pick(value, fields) },
    { baseVersion: step.version, changedFields: fields, before: step }), mode);
  await record({ puts: [{ store: "step", value }], mutations: [m] });
  return value;
}

/** An entry of the plan's history the participant (or anyone, for a comment) adds. */
async function planEntry(name, kind, participant, { goal = null, step = null, text = "" }, mode) {
  const user = await currentUser();
  const value = { uuid: newUuid(), participant, goal, step, kind, text,
    writtenBy: writtenBy(mode, user), authorName: user.displayName || "",
    createdAt: new Date().toISOString() };
  const args = { uuid: value.uuid, participant, text };
  if (goal) args.goal = goal;
  if (step) args.step = step;
  const m = withMode(mutation(name, "planEvent", value, args, { create: true, patch: value }), mode);
  await record({ puts: [{ store: "planEvent", value }], mutations: [m] });
  return value;
}

/** The participant marks the plan as theirs (the server dates it and plans the review). */
export const agreePlan = (participant, text, mode = null) =>
  planEntry("plan.agree", "agreed", participant, { text }, mode);
/** What the participant disagrees with, in their words: appended, never overwriting. */
export const disagree = (participant, goal, text, mode = null) =>
  planEntry("plan.disagree", "disagreed", participant, { goal, text }, mode);
/** A comment beside an entry of the plan. */
export const comment = (participant, goal, text, mode = null) =>
  planEntry("plan.comment", "comment", participant, { goal, text }, mode);

/** The participant rates a life area on the worded scale. */
export async function rate(participant, fields, mode = null) {
  const user = await currentUser();
  const value = { uuid: newUuid(), participant, ...pick(fields, RATING_FIELDS),
    writtenBy: writtenBy(mode, user) };
  const args = { uuid: value.uuid, participant, ...pick(fields, RATING_FIELDS) };
  const m = withMode(mutation("rating.create", "rating", value, args, { create: true, patch: value }), mode);
  await record({ puts: [{ store: "rating", value }], mutations: [m] });
  return value;
}

export async function createFollowup(participant, fields) {
  const user = await currentUser();
  const value = { uuid: newUuid(), participant, kind: fields.kind, title: fields.title,
    dueOn: fields.dueOn, goal: fields.goal || null, assignee: user.uuid || null, doneOn: null,
    outcome: "" };
  const args = { uuid: value.uuid, participant, kind: value.kind, title: value.title,
    dueOn: value.dueOn, goal: value.goal };
  const m = mutation("followup.create", "followup", value, args, { create: true, patch: value });
  await record({ puts: [{ store: "followup", value }], mutations: [m] });
  return value;
}

export async function completeFollowup(followup, doneOn, outcome) {
  const value = { ...followup, doneOn, outcome };
  const m = mutation("followup.complete", "followup", value, { uuid: value.uuid, doneOn, outcome },
    { baseVersion: followup.version, changedFields: ["doneOn", "outcome"], before: followup });
  await record({ puts: [{ store: "followup", value }], mutations: [m] });
  return value;
}

export async function rescheduleFollowup(followup, dueOn) {
  const value = { ...followup, dueOn };
  const m = mutation("followup.reschedule", "followup", value, { uuid: value.uuid, dueOn },
    { baseVersion: followup.version, changedFields: ["dueOn"], before: followup });
  await record({ puts: [{ store: "followup", value }], mutations: [m] });
  return value;
}

const REPORT_FIELDS = ["kind", "channel", "receivedAt", "reportedBy", "summary",
  "firstContactAt", "visitAt", "agreed", "closedAt", "outcome", "sharedWithParticipant"];

/**
 * Log a landlord's report about a tenancy. The commitment it is judged by is the
 * tenancy's action plan's (the server copies it when the report arrives); until then
 * the phone shows it from the plan it holds.
 */
export async function createReport(tenancy, plan, fields) {
  const user = await currentUser();
  const value = { uuid: newUuid(), participant: tenancy.participant, tenancy: tenancy.uuid,
    firstContactAt: null, visitAt: null, agreed: "", closedAt: null, outcome: "",
    sharedWithParticipant: false, ...pick(fields, REPORT_FIELDS.filter((k) => k in fields)),
    createdByName: user.displayName || "",
    commitContactHours: plan ? plan.firstContactHours : null,
    commitVisitDays: plan ? plan.visitDays : null, commitCounting: plan ? plan.counting : null };
  const args = { uuid: value.uuid, tenancy: tenancy.uuid, ...pick(value, REPORT_FIELDS) };
  const m = mutation("landlordreport.create", "landlordreport", value, args, { create: true, patch: value });
  await record({ puts: [{ store: "landlordreport", value }], mutations: [m] });
  return value;
}

/** First contact, the visit, what was agreed, the close: only the changed fields go. */
export async function updateReport(report, changes) {
  const fields = changedKeys(report, changes, REPORT_FIELDS);
  if (!fields.length) return report;
  const value = { ...report, ...changes };
  const m = mutation("landlordreport.update", "landlordreport", value,
    { uuid: report.uuid, ...pick(value, fields) },
    { baseVersion: report.version, changedFields: fields, before: report });
  await record({ puts: [{ store: "landlordreport", value }], mutations: [m] });
  return value;
}

/** Resolve a conflict: "server" keeps the server value, "client" mine, "custom" a new text. */
export async function resolveConflict(conflict, resolution, customValue) {
  const chosen = resolution === "server" ? conflict.serverValue
    : resolution === "client" ? conflict.clientValue : customValue;
  const resolved = { ...conflict, resolvedAt: new Date().toISOString(), resolution };
  const args = { uuid: conflict.uuid, resolution };
  if (resolution === "custom") args.value = customValue;
  const puts = [{ store: "conflict", value: resolved }];
  const local = [{ store: "conflict", key: conflict.uuid,
    patch: { resolvedAt: resolved.resolvedAt, resolution } }];
  const target = await db.get(conflict.entity, conflict.entityUuid);
  if (target && resolution !== "server") {
    puts.push({ store: conflict.entity, value: { ...target, [conflict.field]: chosen } });
    local.push({ store: conflict.entity, key: target.uuid, patch: { [conflict.field]: chosen } });
  }
  await record({ puts, mutations: [{ name: "conflict.resolve", entity: "conflict",
    entityUuid: conflict.uuid, participant: conflict.participant, args, local,
    revert: { resolvedAt: null, resolution: null } }] });
  return resolved;
}

/** The language of the field app on this device (local; the server is told separately). */
export const saveLocale = (code) => db.setMeta("locale", code);

/** Quota and disk errors of any store access, for the app's banner. */
export const onStorageError = (handler) => db.onStorageError(handler);

/** A refused change's state, a clear field of its sealed record: no opening needed. */
function setErrorState(mutationIDs, state) {
  return db.transact(["errors"], "readwrite", async (tx) => {
    const rows = await Promise.all(mutationIDs.map((id) => tx.get("errors", id)));
    for (const e of rows) if (e) tx.put("errors", { ...e, state });
  });
}

/** The stored records of refused changes, marked "sent again" (for record()'s `stored`). */
function resentMarks(mutationIDs) {
  return db.read(["errors"], (tx) => Promise.all(mutationIDs.map((id) => tx.get("errors", id))))
    .then((rows) => rows.filter(Boolean).map((e) => ({ store: "errors", value: { ...e, state: "resent" } })));
}

/** Hide a refused change's message (local only; what was typed stays in the store). */
export const dismissError = (mutationID) => setErrorState([mutationID], "dismissed");

/**
 * Send refused changes again, in their order, as one action: what was typed
 * (the kept args) goes back on the record and into the outbox; a merged edit
 * is made against the record's version now (after a re-assignment, the
 * server's). The refused records are marked "sent again" in the same
 * transaction, so pressing twice sends nothing twice.
 */
export async function resendRefused(errors) {
  const open = errors.filter((e) => (e.state || "open") === "open" && e.args)
    .sort((a, b) => a.mutationID - b.mutationID);
  if (!open.length) return [];
  const first = open[0].local && open[0].local[0];
  const store = (first && first.store) || open[0].entity;
  let current = await db.get(store, open[0].entityUuid);
  const mutations = [];
  for (const e of open) {
    const m = { name: e.name, entity: e.entity, entityUuid: e.entityUuid, participant: e.participant,
      args: e.args, local: e.local || [{ store, key: e.entityUuid, create: /\.create$/.test(e.name) }] };
    if (e.changedFields && current) {
      Object.assign(m, { changedFields: e.changedFields, baseVersion: current.version,
        baseValues: pick(current, e.changedFields), revert: pick(current, e.changedFields) });
    } else if (e.revert && current) {
      m.revert = pick(current, Object.keys(e.revert));
    }
    for (const local of m.local) {
      if (local.store === store && local.key === e.entityUuid) {
        current = { ...(current || {}), ...localPatch(m, local), uuid: e.entityUuid };
      }
    }
    mutations.push(m);
  }
  const stored = await resentMarks(open.map((e) => e.mutationID));
  return record({ puts: current ? [{ store, value: current }] : [], mutations, stored });
}

/**
 * The user chose to discard refused changes: their records go, and a record
 * that exists only on this device (its create was refused) goes with them.
 */
export async function discardRefused(errors) {
  const deletes = errors.map((e) => ({ store: "errors", key: e.mutationID }));
  const created = errors.find((e) => /\.create$/.test(e.name || ""));
  const first = errors[0] || {};
  const store = (first.local && first.local[0] && first.local[0].store) || first.entity;
  const record = store ? await db.get(store, first.entityUuid) : null;
  if (created && record && !record.version) deletes.push({ store, key: first.entityUuid });
  // A refused edit that could not be put back here (a note's text: no copy of the
  // server's version is kept) is fetched anew: the next pull starts from scratch.
  const resync = !created && record && record.version && errors.some((e) => !e.revert);
  await db.transact([...new Set([...deletes.map((d) => d.store), "meta"])], "readwrite", (tx) => {
    for (const d of deletes) tx.delete(d.store, d.key);
    if (resync) tx.put("meta", null, "cookie");
  });
  return { resync: Boolean(resync) };
}
