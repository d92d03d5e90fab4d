// A tenancy and its landlord on the phone: whom to call, the lease path, the joint
// action plan (read here, made on the server pages) and the landlord's reports.
import { _, ngettext } from "../i18n.js";
import * as L from "../labels.js";
import { tenancyBundle } from "../queries.js";
import SPEC from "../spec.js";
import { daysFromToday, fmtDate, h, replace } from "../ui.js";
import { momentWords } from "../words.js";
import { commitmentOf, planCommitment, reportTimes, wallNow } from "../worktime.js";
import { backToParticipant, commitmentText, heading, notFound, pendingMark, progressBadge,
  refusedList } from "./parts.js";

const tel = (phone) => (phone ? h("a", { href: `tel:${phone.replace(/[^\d+]/g, "")}`, text: phone }) : null);

function landlordCard(t) {
  const rows = [
    h("dt", { text: _("Landlord") }), h("dd", { text: t.landlord }),
  ];
  if (t.landlordContactName) {
    rows.push(h("dt", { text: _("Contact person") }), h("dd", {},
      `${t.landlordContactName}${t.landlordContactRole ? ` (${t.landlordContactRole})` : ""}`,
      t.landlordContactPhone ? h("br") : null, tel(t.landlordContactPhone)));
  }
  if (t.landlordPhone) rows.push(h("dt", { text: _("Switchboard") }), h("dd", {}, tel(t.landlordPhone)));
  return h("section", { class: "card", "aria-labelledby": "h-landlord" },
    h("h2", { id: "h-landlord", text: _("Landlord") }), h("dl", { class: "facts" }, rows),
    t.landlordContactName ? null : h("p", { class: "meta", text: _("No contact person chosen for this flat.") }));
}

function leaseCard(t) {
  const eligible = t.leaseType === "second_hand" && t.firstHandEligibleOn;
  const steps = [
    h("li", { class: t.leaseType === "second_hand" ? "is-now" : "is-done" },
      h("strong", { text: L.leaseType("second_hand") }), " ",
      h("span", { class: "meta", text: _("from {date}", { date: fmtDate(t.startDate) }) })),
    h("li", { class: t.leaseType === "first_hand" ? "is-now" : "" },
      h("strong", { text: L.leaseType("first_hand") }), " ",
      t.leaseType === "first_hand" ? h("span", { class: "meta", text: _("The tenant holds the lease.") })
        : eligible ? h("span", { class: "meta", text: daysFromToday(eligible) <= 0
          ? _("possible since {date}", { date: fmtDate(eligible) })
          : _("possible from {date}", { date: fmtDate(eligible) }) }) : null),
  ];
  return h("section", { class: "card", "aria-labelledby": "h-lease" },
    h("h2", { id: "h-lease", text: _("The lease") }), h("ol", { class: "lease-path" }, steps));
}

function planCard(plan, items, participant) {
  if (!plan) {
    return h("section", { class: "card", "aria-labelledby": "h-plan" },
      h("h2", { id: "h-plan", text: _("Joint action plan") }),
      h("p", { class: "muted", text: _("No action plan for this tenancy yet. It is made on the server pages together with {name} and the landlord.", { name: participant.preferredName }) }));
  }
  const item = (i) => h("li", { class: `item item-${i.sharing}` },
    h("p", { class: "own-words", text: i.text }),
    h("p", {}, h("span", { class: i.sharing === "share" ? "badge badge-ok" : "badge badge-keep",
      text: L.label("item_sharing", i.sharing) })));
  return h("section", { class: "card", "aria-labelledby": "h-plan" },
    h("div", { class: "row" }, h("h2", { id: "h-plan", text: _("Joint action plan") }),
      h("span", { class: plan.participantAgreed ? "badge badge-ok" : "badge badge-due",
        text: plan.participantAgreed ? _("Agreed") : _("Not agreed yet") })),
    h("h3", { text: _("The team's commitment") }), h("p", { text: commitmentText(planCommitment(plan)) }),
    plan.teamSteps ? h("p", { class: "note-body", text: plan.teamSteps }) : null,
    h("h3", { text: _("The landlord calls") }),
    h("p", { class: "note-body", text: [plan.landlordCalls, plan.callHours].filter(Boolean).join("\n") || "–" }),
    items.length ? [h("h3", { text: _("What {name} wants the landlord to know, and not to know", { name: participant.preferredName }) }),
      h("ul", { class: "list item-list" }, items.map(item))] : null);
}

function reportItem(r, plan, now, pendingUuids) {
  const times = reportTimes(r, commitmentOf(r) || planCommitment(plan), now);
  return h("li", { class: r.closedAt ? "report-row" : "report-row is-open", dataset: { report: r.uuid } },
    h("a", { class: "note-link", href: `#/report/${r.uuid}` },
      h("span", { class: "row" },
        h("span", { text: `${L.label("landlord_report_kind", r.kind)} · ${momentWords(r.receivedAt)}` }),
        h("span", { class: r.closedAt ? "badge badge-ok" : "badge badge-due", text: r.closedAt ? _("Closed") : _("Open") }))),
    times && !r.closedAt ? h("p", { class: "badges" }, progressBadge(times.contact, _("First contact"), true), " ",
      progressBadge(times.visit, _("Visit"), true)) : null,
    pendingMark(pendingUuids, r.uuid));
}

function reportsCard(b, now, pendingUuids) {
  const reports = [...b.reports].sort((a, c) => (c.receivedAt || "").localeCompare(a.receivedAt || ""));
  return h("section", { class: "card", "aria-labelledby": "h-reports" },
    h("h2", { id: "h-reports", text: _("Reports from the landlord") }),
    reports.length ? h("ul", { class: "list" }, reports.map((r) => reportItem(r, b.plan, now, pendingUuids)))
      : h("p", { class: "muted", text: _("No reports from the landlord.") }));
}

export async function render(main, params, ctx) {
  const b = await tenancyBundle(params.uuid);
  if (!b.tenancy || !b.participant) {
    replace(main, notFound(_("Tenancy not found"), _("This tenancy is not on this device.")));
    return;
  }
  const now = wallNow(SPEC.rules.timezone);
  const pendingUuids = new Set(b.pending.map((e) => e.entityUuid));
  document.title = `${b.tenancy.address} · Bokvar`;
  replace(main,
    backToParticipant(b.participant),
    heading(b.tenancy.address),
    h("p", { class: "meta", text: _("Landlord and action plan · {name}", { name: b.participant.preferredName }) }),
    refusedList(b.errors, () => ctx.refresh()),
    h("div", { class: "actions sticky-actions" },
      h("a", { class: "button primary", id: "new-report", href: `#/report/new/${b.tenancy.uuid}`,
        text: _("Log a report from the landlord") })),
    reportsCard(b, now, pendingUuids),
    landlordCard(b.tenancy),
    planCard(b.plan, b.items, b.participant),
    leaseCard(b.tenancy));
  main.dataset.rendered = "landlord-tenancy";
}
