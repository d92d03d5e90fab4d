// Change a goal together with the participant, or write a new one.
import * as actions from "../actions.js";
import { _ } from "../i18n.js";
import * as L from "../labels.js";
import { goalBundle, participant, planOf } from "../queries.js";
import { field, h, replace, select } from "../ui.js";
import { backToParticipant, conflictLink, heading, notFound, refusedList } from "./parts.js";

export const keepOnData = true;

function goalForm(goal, isNew) {
  return h("form", { class: "goal-form", id: "goal-form" },
    field(_("The goal in their own words"),
      h("textarea", { name: "ownWords", rows: "3", required: true, value: goal.ownWords || "" }),
      _("Write it the way the participant says it.")),
    field(_("Why it matters to them"), h("textarea", { name: "whyItMatters", rows: "2", value: goal.whyItMatters || "" })),
    field(_("Life area"), select("lifeArea", L.LIFE_AREAS.map((a) => [a, L.lifeArea(a)]), goal.lifeArea || "home")),
    field(_("Written by"), select("writtenBy", L.WRITTEN_BY.map((w) => [w, L.writtenBy(w)]), goal.writtenBy || "participant")),
    isNew ? null : field(_("Status"), select("status", L.GOAL_STATUSES.map((s) => [s, L.goalStatus(s)]), goal.status)),
    isNew ? null : field(_("Comment on the status"), h("textarea", { name: "statusComment", rows: "2", value: goal.statusComment || "" }),
      _("Pausing or changing a goal is the participant's choice.")),
    h("div", { class: "actions sticky-actions" },
      h("button", { type: "submit", class: "primary", text: isNew ? _("Add goal") : _("Save changes") }),
      h("a", { class: "button", href: `#/p/${goal.participant}`, text: _("Cancel") })));
}

function values(form, isNew) {
  const fd = new FormData(form);
  const out = { ownWords: fd.get("ownWords").trim(), whyItMatters: fd.get("whyItMatters").trim(),
    lifeArea: fd.get("lifeArea"), writtenBy: fd.get("writtenBy") };
  if (!isNew) Object.assign(out, { status: fd.get("status"), statusComment: fd.get("statusComment").trim() });
  return out;
}

export async function render(main, params, ctx) {
  const isNew = Boolean(params.participant);
  let b;
  if (isNew) {
    b = { goal: { participant: params.participant, status: "active" }, participant: await participant(params.participant),
      conflicts: [], errors: [], pending: [] };
  } else {
    b = await goalBundle(params.uuid);
  }
  if (!b.goal || !b.participant) {
    replace(main, notFound(_("Goal not found")));
    return;
  }
  const form = goalForm(b.goal, isNew);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = values(form, isNew);
    if (!v.ownWords) return;
    if (isNew) {
      const plan = await planOf(params.participant);
      await actions.createGoal(params.participant, plan && plan.uuid, v);
    } else {
      await actions.updateGoal(b.goal, v);
    }
    location.hash = `#/p/${b.participant.uuid}`;
  });
  replace(main,
    backToParticipant(b.participant),
    heading(isNew ? _("New goal") : _("Change the goal")),
    refusedList(b.errors, () => ctx.refresh()),
    conflictLink(b.conflicts, _("Someone else changed this goal too: resolve the conflict")),
    form);
  main.dataset.rendered = "goal-editor";
}
