// Change a goal together with the participant, or write a new one.
import * as actions from "../actions.js";
import { _ } from "../i18n.js";
import { specField } from "../forms.js";
import { goalBundle, participant, planOf } from "../queries.js";
import { h, replace } from "../ui.js";
import { backToParticipant, conflictLink, heading, notFound, refusedList } from "./parts.js";

export const keepOnData = true;

function goalForm(goal, isNew) {
  return h("form", { class: "goal-form", id: "goal-form" },
    specField("goal", "ownWords", { value: goal.ownWords }, { hint: _("Write it the way the participant says it.") }),
    specField("goal", "whyItMatters", { rows: "2", value: goal.whyItMatters }),
    specField("goal", "lifeArea", { value: goal.lifeArea || "home" }),
    specField("goal", "writtenBy", { value: goal.writtenBy || "participant" }),
    isNew ? null : specField("goal", "status", { value: goal.status }),
    isNew ? null : specField("goal", "statusComment", { rows: "2", value: goal.statusComment },
      { hint: _("Pausing or changing a goal is the participant's choice.") }),
    h("div", { class: "actions sticky-actions" },
      h("button", { type: "submit", class: "primary", text: isNew ? _("Add goal") : _("Save changes") }),
      h("a", { class: "button", href: `#/p/${goal.participant}`, text: _("Cancel") })));
}

function values(form, isNew) {
  const fd = new FormData(form);
  // The participant's words are kept as typed: never trimmed or rewritten.
  const out = { ownWords: fd.get("ownWords"), whyItMatters: fd.get("whyItMatters"),
    lifeArea: fd.get("lifeArea"), writtenBy: fd.get("writtenBy") };
  if (!isNew) Object.assign(out, { status: fd.get("status"), statusComment: fd.get("statusComment") });
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
    if (!v.ownWords.trim()) return;
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
