// A landlord's report about a tenancy, logged on the phone (offline too): when it came
// in and what it is about; then first contact with the tenant, the visit, what was
// agreed and the close, each shown against the action plan's commitment.
import * as actions from "../actions.js";
import { specField, nowMoment } from "../forms.js";
import { _ } from "../i18n.js";
import * as L from "../labels.js";
import { newReportBundle, reportBundle } from "../queries.js";
import SPEC from "../spec.js";
import { h, replace } from "../ui.js";
import { durationWords, momentWords } from "../words.js";
import { commitmentOf, planCommitment, reportTimes, wallNow } from "../worktime.js";
import { backLink, commitmentText, heading, notFound, pendingMark, progressBadge,
  refusedList } from "./parts.js";

export const keepOnData = true; // never re-render under the user's fingers

const RECEIVED = ["kind", "channel", "receivedAt", "reportedBy", "summary"];
const DONE = ["firstContactAt", "visitAt", "agreed", "closedAt", "outcome"];
const AFTER_ARRIVAL = ["firstContactAt", "visitAt", "closedAt"];

function readForm(form) {
  const fd = new FormData(form);
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === "checkbox") out[el.name] = el.checked;
    else if (el.type === "datetime-local") out[el.name] = fd.get(el.name) || null;
    else out[el.name] = fd.get(el.name) ?? "";
  }
  return out;
}

/** What is wrong with the moments typed, or null: the browser checks the rest. */
function problem(form, values) {
  for (const wire of AFTER_ARRIVAL) {
    if (values[wire] && values.receivedAt && values[wire] < values.receivedAt) {
      return { el: form.elements[wire], text: L.problemText({ problem: "before_received" }) };
    }
  }
  for (const el of form.elements) {
    if (el.willValidate && !el.checkValidity()) return { el, text: el.validationMessage };
  }
  return null;
}

/** A datetime-local input with a "Now" button beside it. */
function momentWithNow(wire, value) {
  const f = specField("landlordreport", wire, { value });
  const input = f.querySelector("input");
  f.append(h("button", { type: "button", class: "now-button", text: _("Now"),
    "aria-label": [_("Now"), L.fieldName(wire, "landlordreport")].join(": "),
    onclick: () => { input.value = nowMoment(); input.dispatchEvent(new Event("input", { bubbles: true })); } }));
  return f;
}

function timesPanel(report, commitment, now) {
  const times = reportTimes(report, commitment, now);
  const line = (label, p, at) => [h("dt", { text: label }), h("dd", {},
    at ? h("span", { text: [momentWords(at), _("after {time}", { time: durationWords(p.elapsed) })].join(" · ") }) : null,
    at ? h("br") : null, progressBadge(p, label))];
  return h("section", { class: "card times", id: "times", "aria-labelledby": "h-times" },
    h("h2", { id: "h-times", text: _("Against the commitment") }),
    h("p", { class: "meta", text: commitmentText(commitment) }),
    times ? h("dl", { class: "facts" }, line(_("First contact"), times.contact, report.firstContactAt),
      line(_("Visit"), times.visit, report.visitAt)) : null);
}

function statusLine(form) {
  return h("p", { class: "save-state", role: "status", "aria-live": "polite", id: "report-save-state",
    text: form.dataset.saveState === "saved" ? _("Saved on this device") : "" });
}

export async function render(main, params, ctx) {
  const b = params.tenancy ? await newReportBundle(params.tenancy) : await reportBundle(params.uuid);
  if (!b.tenancy || !b.participant || (!params.tenancy && !b.report)) {
    replace(main, notFound(_("Report not found"), _("This report is not on this device.")));
    return null;
  }
  return params.tenancy ? renderNew(main, b) : renderReport(main, b, ctx);
}

function renderNew(main, b) {
  const t = b.tenancy;
  const form = h("form", { class: "report-form", id: "report-form", novalidate: true, dataset: { saveState: "new" } },
    specField("landlordreport", "receivedAt", { value: nowMoment(), required: true }),
    specField("landlordreport", "channel", { value: "phone" }),
    specField("landlordreport", "kind", { value: "disturbance" }),
    specField("landlordreport", "reportedBy", { value: t.landlordContactName || "" }),
    specField("landlordreport", "summary", { rows: "4" }));
  const state = statusLine(form);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const values = readForm(form);
    const wrong = problem(form, values);
    if (wrong) { state.textContent = wrong.text; wrong.el.focus(); return; }
    const report = await actions.createReport(t, b.plan, values);
    location.hash = `#/report/${report.uuid}`;
  });
  form.append(h("div", { class: "actions sticky-actions" }, state,
    h("button", { type: "submit", class: "primary", id: "save-report", text: _("Save the report") })));
  replace(main, backLink(`#/tenancy/${t.uuid}`, `‹ ${t.address}`),
    heading(_("Report from the landlord")),
    h("p", { class: "meta", text: `${t.address} · ${b.participant.preferredName}` }),
    h("p", { class: "meta", text: commitmentText(planCommitment(b.plan)) }), form);
  main.dataset.rendered = "landlord-report-new";
  return null;
}

function renderReport(main, b, ctx) {
  let report = b.report;
  const t = b.tenancy;
  const commitment = commitmentOf(report) || planCommitment(b.plan);
  const received = h("details", { class: "disclosure" }, h("summary", { text: _("Change what came in") }),
    ...RECEIVED.map((w) => (w === "receivedAt" ? specField("landlordreport", w, { value: report[w], required: true })
      : specField("landlordreport", w, { value: report[w], ...(w === "summary" ? { rows: "4" } : {}) }))));
  const form = h("form", { class: "report-form", id: "report-form", novalidate: true, dataset: { saveState: "saved" } },
    momentWithNow("firstContactAt", report.firstContactAt),
    momentWithNow("visitAt", report.visitAt),
    specField("landlordreport", "agreed", { value: report.agreed, rows: "3" }),
    momentWithNow("closedAt", report.closedAt),
    specField("landlordreport", "outcome", { value: report.outcome, rows: "3" }),
    specField("landlordreport", "sharedWithParticipant", { value: report.sharedWithParticipant }),
    received);
  const state = statusLine(form);
  state.textContent = "";
  let saving = Promise.resolve();
  const save = () => {
    const values = readForm(form);
    const wrong = problem(form, values);
    if (wrong) { state.textContent = wrong.text; form.dataset.saveState = "invalid"; return saving; }
    saving = saving.then(async () => {
      report = await actions.updateReport(report, values);
      form.dataset.saveState = "saved";
      state.textContent = _("Saved on this device");
    }).catch((err) => { form.dataset.saveState = "error"; ctx.reportError(err); });
    return saving;
  };
  form.addEventListener("input", () => { form.dataset.saveState = "dirty"; state.textContent = ""; });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    await save();
    if (form.dataset.saveState === "saved") ctx.refresh();
  });
  form.append(h("div", { class: "actions sticky-actions" }, state,
    h("button", { type: "submit", class: "primary", id: "save-report", text: _("Save") })));
  const callBack = t.landlordContactPhone ? h("p", {}, _("Call back:"), " ",
    h("a", { href: `tel:${t.landlordContactPhone.replace(/[^\d+]/g, "")}`,
      text: `${t.landlordContactName} ${t.landlordContactPhone}` })) : null;
  replace(main, backLink(`#/tenancy/${t.uuid}`, `‹ ${t.address}`),
    heading(L.label("landlord_report_kind", report.kind)),
    h("p", { class: "meta", text: `${momentWords(report.receivedAt)} · ${L.label("contact_channel", report.channel)}${report.reportedBy ? ` · ${report.reportedBy}` : ""}` }),
    pendingMark(new Set(b.pending.map((e) => e.entityUuid)), report.uuid),
    refusedList(b.errors, () => ctx.refresh()),
    report.summary ? h("p", { class: "note-body", text: report.summary }) : null,
    callBack,
    timesPanel(report, commitment, wallNow(SPEC.rules.timezone)),
    h("h2", { text: _("What the team did") }), form);
  main.dataset.rendered = "landlord-report";
  // Leaving with changes not saved yet: they are saved, not lost.
  return async () => { if (form.dataset.saveState === "dirty") await save(); };
}
