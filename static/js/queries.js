// Reads for the views: small, one readonly transaction each.
import { read } from "./db.js";

const openErrors = (rows) => rows.filter((e) => !e.dismissed);
const openConflicts = (rows) => rows.filter((c) => !c.resolvedAt);

/** What the today view needs: never the notes (thousands of them). */
export function todayData() {
  return read(["participant", "followup", "outbox", "errors", "conflict", "meta"], async (tx) => ({
    lastSyncedAt: await tx.get("meta", "lastSyncedAt"),
    participants: await tx.getAll("participant"),
    followups: await tx.getAll("followup"),
    pending: await tx.getAll("outbox"),
    errors: openErrors(await tx.getAll("errors")),
    conflicts: openConflicts(await tx.getAll("conflict")),
  }));
}

const PER_PARTICIPANT = ["tenancy", "plan", "goal", "step", "note", "followup", "conflict",
  "review", "addendum"];

export function participantBundle(uuid) {
  return read(["participant", ...PER_PARTICIPANT, "outbox", "errors"], async (tx) => {
    const out = { participant: await tx.get("participant", uuid) };
    for (const store of PER_PARTICIPANT) out[store] = await tx.byIndex(store, "participant", uuid);
    out.conflict = openConflicts(out.conflict);
    out.pending = (await tx.getAll("outbox")).filter((e) => e.participant === uuid);
    out.errors = openErrors(await tx.byIndex("errors", "participant", uuid));
    return out;
  });
}

export function noteBundle(uuid) {
  return read(["note", "participant", "review", "addendum", "outbox", "errors"], async (tx) => {
    const note = await tx.get("note", uuid);
    const out = { note, pending: (await tx.getAll("outbox")).filter((e) => e.entityUuid === uuid),
      errors: openErrors(await tx.byIndex("errors", "entityUuid", uuid)) };
    if (note) {
      out.participant = await tx.get("participant", note.participant);
      const forP = async (s) => (await tx.byIndex(s, "participant", note.participant))
        .filter((r) => r.note === uuid);
      out.reviews = await forP("review");
      out.addenda = await forP("addendum");
    }
    return out;
  });
}

export function goalBundle(uuid) {
  return read(["goal", "participant", "conflict", "outbox", "errors"], async (tx) => {
    const goal = await tx.get("goal", uuid);
    return {
      goal,
      participant: goal && await tx.get("participant", goal.participant),
      conflicts: goal ? openConflicts(await tx.byIndex("conflict", "participant", goal.participant))
        .filter((c) => c.entityUuid === uuid) : [],
      pending: (await tx.getAll("outbox")).filter((e) => e.entityUuid === uuid),
      errors: openErrors(await tx.byIndex("errors", "entityUuid", uuid)),
    };
  });
}

export function statusData() {
  return read(["outbox", "errors", "conflict", "meta", "participant"], async (tx) => ({
    pending: await tx.count("outbox"),
    errors: openErrors(await tx.getAll("errors")),
    conflicts: openConflicts(await tx.getAll("conflict")).length,
    lastSyncedAt: await tx.get("meta", "lastSyncedAt"),
    user: await tx.get("meta", "user"),
    persisted: await tx.get("meta", "persisted"),
    participants: await tx.getAll("participant"),
  }));
}

export function conflictsData() {
  return read(["conflict", "participant", "goal", "step", "followup"], async (tx) => {
    const conflicts = openConflicts(await tx.getAll("conflict"));
    for (const c of conflicts) {
      c.participantRecord = await tx.get("participant", c.participant);
      if (["goal", "step", "followup"].includes(c.entity)) c.record = await tx.get(c.entity, c.entityUuid);
    }
    return conflicts;
  });
}
