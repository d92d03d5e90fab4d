// The server's field spec (/app/spec.json, derived from core/spec): choice
// lists, limits, labels (msgids), rules and shared words. Never type a
// limit, a choice list or a label in the app: read it from here.
import SPEC from "/app/spec.json" with { type: "json" };

export default SPEC;

/** The description of one field: {kind, label, required, maxLength?, choices?, ...}. */
export const fieldSpec = (entity, wire) => SPEC.entities[entity]?.fields[wire];

/** The values of a choice list, in order. */
export const choiceValues = (name) => SPEC.choices[name].values;

export const EDITABLE_NOTE_STATUSES = SPEC.rules.editableNoteStatuses;
export const DATE_RANGE = { min: `${SPEC.rules.firstYear}-01-01`, max: `${SPEC.rules.lastYear}-12-31` };
