// One participant: tenancy, follow-ups, the plan's goals and steps, recent notes.
import * as actions from "../actions.js";
import { inProgramme } from "../due.js";
import { _, ngettext } from "../i18n.js";
import * as L from "../labels.js";
import { participantBundle } from "../queries.js";
import { specField } from "../forms.js";
import { enter } from "../participant-mode.js";
import { ask, daysFromToday, field, fmtDate, h, replace, todayISO } from "../ui.js";
import { backLink, conflictLink, dueBadge, goalStatusBadge, heading, notFound, noteStatusBadge,
  participantStatusBadge, pendingMark, refusedList } from "./parts.js";

const NOTES_SHOWN = 5;

/** The landlord's open reports of this tenancy, and the link to its landlord page. */
function landlordPart(tenancy, reports) {
  const open = reports.filter((r) => r.tenancy === tenancy.uuid && !r.closedAt).length;
  return h("p", { class: "landlord-link" },
    h("a", { class: "button", href: `#/tenancy/${tenancy.uuid}`, text: _("Landlord and action plan") }),
    open ? h("span", { class: "badge badge-due", text: ngettext("{n} open report from the landlord",
      "{n} open reports from the landlord", open) }) : null);
}

function tenancyCard(tenancies, reports = []) {
  const current = tenancies.filter((t) => !t.endDate).sort((a, b) => (b.startDate || "").localeCompare(a.startDate || ""))[0];
  const past = tenancies.filter((t) => t.endDate).length;
  const body = current ? h("dl", { class: "facts" },
    h("dt", { text: _("Address") }), h("dd", { text: current.address }),
    h("dt", { text: _("Landlord") }), h("dd", { text: current.landlord }),
    h("dt", { text: _("Lease") }), h("dd", { text: L.leaseType(current.leaseType) }),
    h("dt", { text: _("Moved in") }), h("dd", { text: fmtDate(current.startDate) }))
    : h("p", { class: "muted", text: _("No current tenancy.") });
  const eligible = current && current.leaseType === "second_hand" && current.firstHandEligibleOn;
  const lease = eligible ? h("p", { class: "lease-note", text: daysFromToday(eligible) <= 0
    ? _("Can have a first-hand lease since {date}", { date: fmtDate(eligible) })
    : _("Can have a first-hand lease from {date}", { date: fmtDate(eligible) }) }) : null;
  return h("section", { class: "card", "aria-labelledby": "h-tenancy" },
    h("h2", { id: "h-tenancy", text: _("Housing") }), body, lease,
    current ? landlordPart(current, reports) : null,
    past ? h("p", { class: "meta", text: ngettext("{n} earlier tenancy", "{n} earlier tenancies", past) }) : null);
}

function followupItem(f, ctx, due = true) {
  const days = daysFromToday(f.dueOn);
  const complete = h("form", { class: "inline-form", onsubmit: async (e) => {
    e.preventDefault();
    const fd = new FormData(e.target);
    await actions.completeFollowup(f, fd.get("doneOn") || todayISO(), fd.get("outcome") || "");
    ctx.refresh();
  } },
  specField("followup", "doneOn", { value: todayISO(), required: true }),
  specField("followup", "outcome", { rows: "2" }),
  h("button", { type: "submit", class: "primary", text: _("Mark as done") }));
  const move = h("form", { class: "inline-form", onsubmit: async (e) => {
    e.preventDefault();
    await actions.rescheduleFollowup(f, new FormData(e.target).get("dueOn"));
    ctx.refresh();
  } },
  specField("followup", "dueOn", { value: f.dueOn }, { label: _("New date") }),
  h("button", { type: "submit", text: _("Reschedule") }));
  return h("li", { class: "followup", dataset: { followup: f.uuid } },
    h("div", { class: "row" },
      h("strong", { text: f.title || L.followupKind(f.kind) }),
      due ? dueBadge(days) : null),
    h("p", { class: "meta", text: `${L.followupKind(f.kind)} · ${fmtDate(f.dueOn)}` }),
    pendingMark(ctx.pendingUuids, f.uuid),
    h("div", { class: "followup-actions" },
      h("details", { class: "disclosure" }, h("summary", { text: _("Done") }), complete),
      h("details", { class: "disclosure" }, h("summary", { text: _("Move to another day") }), move)));
}

function addFollowupForm(participant, ctx) {
  const form = h("form", { class: "inline-form", onsubmit: async (e) => {
    e.preventDefault();
    const fd = new FormData(e.target);
    await actions.createFollowup(participant.uuid, { kind: fd.get("kind"),
      title: fd.get("title"), dueOn: fd.get("dueOn") });
    ctx.refresh();
  } },
  specField("followup", "kind", { value: "visit" }),
  specField("followup", "title"),
  specField("followup", "dueOn", { value: todayISO() }),
  h("button", { type: "submit", class: "primary", text: _("Add follow-up") }));
  return h("details", { class: "disclosure add" }, h("summary", { text: _("New follow-up") }), form);
}

function followupsCard(b, ctx) {
  const open = b.followup.filter((f) => !f.doneOn).sort((a, c) => a.dueOn.localeCompare(c.dueOn));
  const done = b.followup.filter((f) => f.doneOn).sort((a, c) => c.doneOn.localeCompare(a.doneOn)).slice(0, 3);
  return h("section", { class: "card", "aria-labelledby": "h-followups" },
    h("h2", { id: "h-followups", text: _("Follow-ups") }),
    open.length ? h("ul", { class: "list" }, open.map((f) => followupItem(f, ctx, inProgramme(b.participant))))
      : h("p", { class: "muted", text: _("No open follow-ups.") }),
    addFollowupForm(b.participant, ctx),
    done.length ? h("div", {}, h("h3", { text: _("Recently done") }),
      h("ul", { class: "list compact" }, done.map((f) => h("li", {},
        h("span", { text: `${fmtDate(f.doneOn)}: ${f.title || L.followupKind(f.kind)}` }),
        f.outcome ? h("p", { class: "meta", text: f.outcome }) : null,
        pendingMark(ctx.pendingUuids, f.uuid))))) : null);
}

function stepItem(s, ctx) {
  const box = h("input", { type: "checkbox", checked: Boolean(s.doneOn), onchange: async (e) => {
    await actions.updateStep(s, { doneOn: e.target.checked ? todayISO() : null });
    ctx.refresh();
  } });
  const who = `${L.stepWho(s.who)}${s.dueOn ? ` · ${fmtDate(s.dueOn)}` : ""}`;
  return h("li", { class: "step" }, field(`${s.what} (${who})`, box), pendingMark(ctx.pendingUuids, s.uuid));
}

function addStepForm(goal, ctx) {
  const form = h("form", { class: "inline-form", onsubmit: async (e) => {
    e.preventDefault();
    const fd = new FormData(e.target);
    if (!fd.get("what").trim()) return;
    await actions.createStep(goal, { what: fd.get("what"), who: fd.get("who"),
      dueOn: fd.get("dueOn") || null });
    ctx.refresh();
  } },
  specField("step", "what", {}, { label: _("Next step") }),
  specField("step", "who", { value: "participant" }),
  specField("step", "dueOn"),
  h("button", { type: "submit", text: _("Add step") }));
  return h("details", { class: "disclosure" }, h("summary", { text: _("Add a step") }), form);
}

function goalCard(goal, steps, ctx) {
  const mine = steps.filter((s) => s.goal === goal.uuid);
  return h("li", { class: "goal", dataset: { goal: goal.uuid } },
    h("div", { class: "row" },
      h("span", { class: "meta", text: L.lifeArea(goal.lifeArea) }),
      goalStatusBadge(goal.status)),
    h("p", { class: "own-words", text: goal.ownWords }),
    goal.whyItMatters ? h("p", { class: "why", text: goal.whyItMatters }) : null,
    goal.statusComment ? h("p", { class: "meta", text: goal.statusComment }) : null,
    pendingMark(ctx.pendingUuids, goal.uuid),
    mine.length ? h("ul", { class: "steps" }, mine.map((s) => stepItem(s, ctx))) : null,
    addStepForm(goal, ctx),
    h("a", { class: "button", href: `#/goal/${goal.uuid}`, text: _("Change the goal") }));
}

function planCard(b, ctx) {
  const plan = b.plan[0];
  return h("section", { class: "card", "aria-labelledby": "h-plan" },
    h("h2", { id: "h-plan", text: _("Implementation plan") }),
    plan ? h("p", { class: "meta", text: [
      plan.agreedOn ? _("Agreed {date}", { date: fmtDate(plan.agreedOn) }) : null,
      plan.nextReviewDue ? _("Next review {date}", { date: fmtDate(plan.nextReviewDue) }) : null,
    ].filter(Boolean).join(" · ") }) : null,
    b.goal.length ? h("ul", { class: "goals" }, b.goal.map((g) => goalCard(g, b.step, ctx)))
      : h("p", { class: "muted", text: _("No goals yet.") }),
    h("a", { class: "button", href: `#/goal/new/${b.participant.uuid}`, text: _("New goal") }));
}

function noteItem(n, ctx) {
  return h("li", { class: "note-item" },
    h("a", { href: `#/note/${n.uuid}`, class: "note-link" },
      h("span", { class: "row" },
        h("span", { text: `${fmtDate(n.visitDate)} · ${L.noteKind(n.kind)}` }),
        noteStatusBadge(n.status)),
      h("span", { class: "excerpt", text: (n.body || n.participantTopics || "").slice(0, 140) })),
    pendingMark(ctx.pendingUuids, n.uuid));
}

function notesCard(b, ctx) {
  const notes = [...b.note].sort((a, c) => (c.visitDate || "").localeCompare(a.visitDate || ""));
  const list = h("ul", { class: "list" }, notes.slice(0, ctx.notesShown).map((n) => noteItem(n, ctx)));
  return h("section", { class: "card", "aria-labelledby": "h-notes" },
    h("h2", { id: "h-notes", text: _("Recent visit notes") }),
    notes.length ? list : h("p", { class: "muted", text: _("No visit notes yet.") }),
    notes.length > ctx.notesShown ? h("button", { type: "button", text: _("Show more notes"),
      onclick: () => { ctx.notesShown += 20; ctx.refresh(); } }) : null);
}

/** Participant mode: the participant writes their plan on this phone. */
async function handOver(p) {
  const go = await ask({ title: _("Hand the phone to {name}?", { name: p.preferredName }),
    text: _("Until you take it back with your password, the phone shows only {name}'s own plan, in large plain words. What {name} writes is saved as their own words.", { name: p.preferredName }),
    buttons: [{ label: _("Hand over"), value: true, class: "primary" }, { label: _("Cancel"), value: false }] });
  if (go) enter(p.uuid);
}

export async function render(main, params, ctx) {
  const b = await participantBundle(params.uuid);
  if (!b.participant) {
    replace(main, notFound(_("Participant not found"),
      _("This participant is not in your caseload on this device.")));
    return;
  }
  ctx.notesShown = ctx.notesShown || NOTES_SHOWN;
  ctx.pendingUuids = new Set(b.pending.map((e) => e.entityUuid));
  const p = b.participant;
  // Never a name in the title: the browser keeps titles in its history, in clear.
  document.title = `${_("Participant")} · Bokvar`;
  replace(main,
    backLink("#/today", _("‹ Today")),
    heading(p.preferredName),
    participantStatusBadge(p, "p"),
    refusedList(b.errors, () => ctx.refresh()),
    conflictLink(b.conflict),
    h("div", { class: "actions sticky-actions" },
      h("a", { class: "button primary", href: `#/note/new/${p.uuid}`, text: _("New visit note") }),
      h("button", { type: "button", class: "button", id: "hand-over", text: _("Hand over the phone"),
        onclick: () => handOver(p) })),
    tenancyCard(b.tenancy, b.landlordreport),
    followupsCard(b, ctx),
    planCard(b, ctx),
    notesCard(b, ctx));
  main.dataset.rendered = "participant";
}
