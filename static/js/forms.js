// Form controls built from the field spec (spec.js): the kind of input, its
// label, maxlength, required, choices and date range come from the server's
// one definition (core/spec), so the phone refuses what the server would.
import { _ } from "./i18n.js";
import * as L from "./labels.js";
import SPEC, { choiceValues, DATE_RANGE, fieldSpec } from "./spec.js";
import { field, h, select, todayISO } from "./ui.js";
import { momentText, wallNow } from "./worktime.js";

// A phone's clock may run a little ahead of the server's (core/spec/fields.py MOMENT_SLACK).
const MOMENT_SLACK_MS = 15 * 60000;
/** Now on the team's wall clock, as a datetime-local value ("2026-03-06T14:05"). */
export const nowMoment = () => momentText(wallNow(SPEC.rules.timezone));

/** The control of `entity`'s field `wire`; `attrs` add to or override it (value, rows). */
export function control(entity, wire, attrs = {}) {
  const f = fieldSpec(entity, wire);
  if (!f) throw new Error(`no field ${entity}.${wire} in the spec`);
  const { value, ...rest } = attrs;
  const base = { name: wire, required: f.required || undefined, ...rest };
  if (f.kind === "text") {
    return h("textarea", { rows: "3", maxlength: f.maxLength, ...base, value: value ?? "" });
  }
  if (f.kind === "line") {
    return h("input", { type: "text", maxlength: f.maxLength, ...base, value: value ?? "" });
  }
  if (f.kind === "date") {
    return h("input", { type: "date", min: DATE_RANGE.min, max: f.notFuture ? todayISO() : DATE_RANGE.max,
      ...base, value: value ?? "" });
  }
  if (f.kind === "moment") {
    const max = f.notFuture ? momentText(wallNow(SPEC.rules.timezone) + MOMENT_SLACK_MS)
      : `${DATE_RANGE.max}T23:59`;
    return h("input", { type: "datetime-local", min: `${DATE_RANGE.min}T00:00`, max, ...base,
      value: value ?? "" });
  }
  if (f.kind === "int") {
    return h("input", { type: "number", inputmode: "numeric", ...base, value: value ?? "" });
  }
  if (f.kind === "bool") {
    return h("input", { type: "checkbox", ...base, required: undefined, checked: Boolean(value) });
  }
  if (f.kind === "choice") {
    const el = select(wire, choiceValues(f.choices).map((v) => [v, L.label(f.choices, v)]), value);
    for (const [k, v] of Object.entries(rest)) el.setAttribute(k, v);
    return el;
  }
  throw new Error(`${entity}.${wire}: no control for kind ${f.kind}`);
}

/** The spec's label of a field, translated. */
export const labelOf = (entity, wire) => _(fieldSpec(entity, wire).label);

/** A labelled control; `label` overrides the spec's label where the form asks a question. */
export function specField(entity, wire, attrs = {}, { hint = null, label = null } = {}) {
  return field(label || labelOf(entity, wire), control(entity, wire, attrs), hint);
}
