// Pieces of DOM that several views build the same way: the page heading,
// the back link, "not found", badges and flags, the refused-change box, the
// conflict link. A view composes these; none of them reads the store.
import { dismissError } from "../actions.js";
import { isOverdue } from "../due.js";
import { _, ngettext } from "../i18n.js";
import * as L from "../labels.js";
import { labelOf } from "../forms.js";
import { fieldSpec } from "../spec.js";
import { h } from "../ui.js";
import { dueWords, responseWords } from "../words.js";

/** The page's <h1>: focusable, so the router can move focus to it on a new page. */
export const heading = (text) => h("h1", { tabindex: "-1", text });

/** "‹ Kim" above the page: back to where this page belongs. */
export const backLink = (href, text) => h("p", { class: "crumb" }, h("a", { href, text }));

/** Back to the participant's page ("‹ Kim"). */
export const backToParticipant = (p) => backLink(`#/p/${p.uuid}`, `‹ ${p.preferredName}`);

/** A record that is not on this device: a heading, an optional line, a way back. */
export const notFound = (title, text = null) => [heading(title), text ? h("p", { text }) : null,
  h("a", { href: "#/today", text: _("Back to today") })];

/** "3 days past its date", "Today", "In 2 days" (the catalogue's words, words.js). */
export const dueLabel = (days) => dueWords(days);

export function dueClass(days) {
  if (isOverdue(days)) return "badge badge-overdue";
  if (days === 0) return "badge badge-due";
  return "badge";
}

export const dueBadge = (days) => h("span", { class: dueClass(days), text: dueLabel(days) });
export const noteStatusBadge = (status) => h("span", { class: `badge badge-${status}`,
  text: L.noteStatus(status) });
export const goalStatusBadge = (status) => h("span", { class: `badge badge-goal-${status}`,
  text: L.goalStatus(status) });
/** A participant whose support is paused or who has left; nothing for an active one. */
export const participantStatusBadge = (p, tag = "span") => (p.status !== "active"
  ? h(tag, { class: "badge", text: L.participantStatus(p.status) }) : null);

/** A small marker on a record or a card: kind = pending | error | conflict. */
export const flag = (kind, text) => h("span", { class: `flag flag-${kind}`, text });

/** "Not synced yet" on a record with an outbox entry. */
export const pendingMark = (pendingUuids, uuid) =>
  (pendingUuids.has(uuid) ? flag("pending", _("Not synced yet")) : null);

/** A participant who is no longer on this device (removed from the caseload). */
export const goneParticipant = (uuid) => ({ uuid, preferredName: _("A participant no longer in your list"),
  gone: true });

/** What was typed in a refused change: [label, text] of its text fields. */
export function refusedTexts(e) {
  const entity = e.entity || (e.name || "").split(".")[0];
  const args = e.args || {};
  return Object.entries(args).filter(([wire, v]) => typeof v === "string" && v.trim()
    && ["text", "line"].includes((fieldSpec(entity, wire) || {}).kind))
    .map(([wire, v]) => [labelOf(entity, wire), v]);
}

/**
 * On a record the server refused: "not saved on the server", the reason in the
 * app's language, and the way to what the user can do about it.
 */
export function refusedBox(errors) {
  if (!errors.length) return null;
  const entityUuid = errors[0].entityUuid;
  return h("div", { class: "refused-box", role: "alert", dataset: { refused: entityUuid } },
    h("h2", { text: _("Not saved on the server") }),
    h("ul", {}, errors.map((e) => h("li", { text: L.refusalText(e) }))),
    h("p", {}, h("a", { class: "button", href: `#/refused/${entityUuid}`,
      text: _("Send again, copy or discard") })),
    h("p", { class: "meta", text: _("What you typed is kept on this device. Editing it here sends it again.") }));
}

/** The changes the server refused for this record or participant, with their reasons. */
export function refusedList(errors, rerender) {
  if (!errors.length) return null;
  return h("div", { class: "refused-box", role: "alert" },
    h("h2", { text: _("The server did not accept a change") }),
    h("ul", {}, errors.map((e) => h("li", {},
      h("span", { text: `${L.entityName(e.entity || (e.name || "").split(".")[0])}: ${L.refusalText(e)}` }), " ",
      e.args ? h("a", { href: `#/refused/${e.entityUuid}`, text: _("Send again, copy or discard") })
        : h("button", { type: "button", class: "linklike", text: _("Hide this message"),
          onclick: async () => { await dismissError(e.mutationID); rerender(); } })))));
}

/** A link to the conflicts page when this record or participant has open ones. */
export function conflictLink(conflicts, text = null) {
  if (!conflicts.length) return null;
  return h("p", { class: "conflict-box" }, h("a", { href: "#/conflicts",
    text: text || ngettext("{n} conflict to resolve", "{n} conflicts to resolve", conflicts.length) }));
}

/** The team's commitment to a landlord in words ({contactHours, visitDays, counting}). */
export function commitmentText(c) {
  if (!c) return _("No commitment agreed: the tenancy has no action plan.");
  const clock = c.counting === "clock";
  const contact = clock
    ? ngettext("First contact within {n} hour", "First contact within {n} hours", c.contactHours)
    : ngettext("First contact within {n} working hour", "First contact within {n} working hours", c.contactHours);
  const visit = clock
    ? ngettext("a visit within {n} day", "a visit within {n} days", c.visitDays)
    : ngettext("a visit within {n} working day", "a visit within {n} working days", c.visitDays);
  return `${contact}, ${visit}. ${L.label("counting", c.counting)}.`;
}

/** How one commitment of a landlord report goes (worktime.reportTimes), as a badge;
 * `shown`: its label written out (in a list), else for screen readers only. */
export function progressBadge(p, label, shown = false) {
  const cls = { met: "badge badge-ok", late: "badge badge-overdue", soon: "badge badge-due",
    missed: "badge badge-overdue" }[p.state] || "badge";
  return h("span", { class: cls, dataset: { state: p.state } },
    h("span", { class: shown ? null : "visually-hidden", text: `${label}: ` }), responseWords(p));
}

/** A goal in the participant's own words, shown as they wrote them (never an input). */
export function participantsWords(goal) {
  return h("div", { class: "their-words" },
    h("p", { class: "meta", text: _("Written by: {who}", { who: L.writtenBy(goal.writtenBy) }) }),
    h("blockquote", { class: "own-words", text: goal.ownWords || "" }),
    goal.whyItMatters ? h("p", {}, h("span", { class: "meta-label", text: _("Why it matters:") }), " ",
      h("span", { class: "verbatim", text: goal.whyItMatters })) : null,
    goal.supportWanted ? h("p", {}, h("span", { class: "meta-label", text: _("Support wanted:") }), " ",
      h("span", { class: "verbatim", text: goal.supportWanted })) : null,
    h("p", { class: "hint", text: _("These are the participant's own words: they change them themselves. You can comment beside them.") }));
}

/** The goal's life area: the participant's own name for it when they gave one. */
export const areaOf = (item) => (item.lifeArea === "other" && item.ownArea ? item.ownArea : L.lifeArea(item.lifeArea));
