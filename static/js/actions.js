// User actions. Each is ONE IndexedDB transaction (outbox.record) writing
// the record and its outbox entry together. Mergeable edits send only the
// changed fields plus the version they were made against (baseVersion).
import * as db from "./db.js";
import { record } from "./outbox.js";
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
export function saveNote(note) {
  if (note.version) return writeNote(note, { author: note.author, authorName: note.authorName });
  if (userCache && userCache.uuid) return writeNote(note, authorOf(userCache));
  return currentUser().then((user) => writeNote(note, authorOf(user)));
}

// The keystroke path, written out as literals (same shapes as pick/mutation
// build): cold code runs in the interpreter, where spreads of several objects
// and dynamic keys cost more than the IndexedDB put itself.
function writeNote(note, author) {
  const isNew = !note.version;
  const value = { ...note, author: author.author, authorName: author.authorName,
    status: note.status || "draft", savedAt: Date.now() };
  const args = { uuid: value.uuid, participant: value.participant, visitDate: value.visitDate,
    kind: value.kind, participantTopics: value.participantTopics, body: value.body,
    nextSteps: value.nextSteps, hiddenFromParticipant: value.hiddenFromParticipant };
  const local = isNew
    ? { store: "note", key: value.uuid, create: true,
      extra: { author: author.author, authorName: author.authorName, status: "draft" } }
    : { store: "note", key: value.uuid, create: false };
  const m = { name: isNew ? "note.create" : "note.update", entity: "note", entityUuid: value.uuid,
    participant: value.participant, args, local: [local] };
  return record({ puts: [{ store: "note", value }], mutations: [m], coalesce: `note:${value.uuid}` })
    .then(() => value);
}

export async function submitNote(note) {
  const value = { ...note, status: "submitted", submittedAt: new Date().toISOString() };
  const m = mutation("note.submit", "note", value, { uuid: value.uuid },
    { patch: { status: "submitted", submittedAt: value.submittedAt } });
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
    entityUuid: conflict.uuid, participant: conflict.participant, args, local }] });
  return resolved;
}

/** The language of the field app on this device (local; the server is told separately). */
export const saveLocale = (code) => db.setMeta("locale", code);

/** Quota and disk errors of any store access, for the app's banner. */
export const onStorageError = (handler) => db.onStorageError(handler);

/** Hide a refused change's message (local only). */
export function dismissError(mutationID) {
  return db.transact(["errors"], "readwrite", async (tx) => {
    const e = await tx.get("errors", mutationID);
    if (e) tx.put("errors", { ...e, dismissed: true });
  });
}
