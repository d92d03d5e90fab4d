// A worker writes a goal down, or changes one: the status (the participant's choice,
// recorded with their words) and, when the words are the worker's own, the words.
// Words the participant wrote are theirs: they are shown, not edited, and the
// worker may comment beside them (core/authorship.py; the server refuses it too).
import * as actions from "../actions.js";
import { _ } from "../i18n.js";
import { specField } from "../forms.js";
import { goalBundle, participant, planOf } from "../queries.js";
import { h, replace } from "../ui.js";
import { backToParticipant, conflictLink, heading, notFound, participantsWords,
  refusedBox } from "./parts.js";

export const keepOnData = true;

const WORDS = ["ownWords", "whyItMatters", "supportWanted", "lifeArea", "ownArea"];

function wordsFields(goal) {
  return [
    specField("goal", "ownWords", { value: goal.ownWords }, { hint: _("Write it the way the participant says it.") }),
    specField("goal", "whyItMatters", { rows: "2", value: goal.whyItMatters }),
    specField("goal", "supportWanted", { rows: "2", value: goal.supportWanted }),
    specField("goal", "lifeArea", { value: goal.lifeArea || "home" }),
    specField("goal", "ownArea", { value: goal.ownArea }),
  ];
}

function goalForm(goal, isNew, theirs) {
  return h("form", { class: "goal-form", id: "goal-form" },
    theirs ? participantsWords(goal) : wordsFields(goal),
    isNew ? null : specField("goal", "status", { value: goal.status }),
    isNew ? null : specField("goal", "statusComment", { rows: "2", value: goal.statusComment },
      { hint: _("Pausing or changing a goal is the participant's choice.") }),
    theirs ? specField("planEvent", "text", { rows: "2", value: "" },
      { label: _("Comment beside the goal (optional)") }) : null,
    h("div", { class: "actions sticky-actions" },
      h("button", { type: "submit", class: "primary", text: isNew ? _("Add goal") : _("Save changes") }),
      h("a", { class: "button", href: `#/p/${goal.participant}`, text: _("Cancel") })));
}

function values(form, isNew, theirs) {
  const fd = new FormData(form);
  // The participant's words are kept as typed: never trimmed or rewritten.
  const out = {};
  if (!theirs) for (const name of WORDS) out[name] = fd.get(name) ?? "";
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
  const theirs = !isNew && ["participant", "together"].includes(b.goal.writtenBy);
  const form = goalForm(b.goal, isNew, theirs);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = values(form, isNew, theirs);
    if (!theirs && !v.ownWords.trim()) return;
    if (isNew) {
      const plan = await planOf(params.participant);
      await actions.createGoal(params.participant, plan && plan.uuid, v);
    } else {
      await actions.updateGoal(b.goal, v);
      const note = theirs ? new FormData(form).get("text") : "";
      if (note && note.trim()) await actions.comment(b.participant.uuid, b.goal.uuid, note);
    }
    location.hash = `#/p/${b.participant.uuid}`;
  });
  replace(main,
    backToParticipant(b.participant),
    heading(isNew ? _("New goal") : _("Change the goal")),
    refusedBox(b.errors),
    conflictLink(b.conflicts, _("Someone else changed this goal too: resolve the conflict")),
    form);
  main.dataset.rendered = "goal-editor";
}
