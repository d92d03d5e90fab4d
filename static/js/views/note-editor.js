// The visit-note editor: the draft is saved on the device as you type
// (debounced), submit sends it for review. Others' and submitted notes are read-only.
import * as actions from "../actions.js";
import { _ } from "../i18n.js";
import { specField } from "../forms.js";
import * as L from "../labels.js";
import { currentUser, noteBundle, participant } from "../queries.js";
import { EDITABLE_NOTE_STATUSES } from "../spec.js";
import { fmtDate, fmtTime, h, newUuid, replace, todayISO } from "../ui.js";
import { backToParticipant, goneParticipant, heading, notFound, noteStatusBadge, refusedBox } from "./parts.js";

const SAVE_DELAY_MS = 300;

export const keepOnData = true; // never re-render under the user's fingers

function readForm(form, note) {
  const fd = new FormData(form);
  return { ...note, visitDate: fd.get("visitDate") || todayISO(), kind: fd.get("kind"),
    participantTopics: fd.get("participantTopics"), body: fd.get("body"),
    nextSteps: fd.get("nextSteps"), hiddenFromParticipant: fd.get("hiddenFromParticipant") === "on" };
}

function editorForm(note) {
  return h("form", { class: "note-form", id: "note-form", dataset: { saveState: note.version || note.savedAt ? "saved" : "new" } },
    specField("note", "visitDate", { value: note.visitDate }),
    specField("note", "kind", { value: note.kind }),
    specField("note", "participantTopics", { value: note.participantTopics }, { hint: _("In their own words.") }),
    specField("note", "body", { rows: "8", value: note.body }),
    specField("note", "nextSteps", { value: note.nextSteps }),
    specField("note", "hiddenFromParticipant", { value: note.hiddenFromParticipant }));
}

function reviewComments(reviews) {
  const returned = reviews.filter((r) => r.decision === "returned" && r.comment);
  if (!returned.length) return null;
  const last = returned.sort((a, b) => (b.createdAt || "").localeCompare(a.createdAt || ""))[0];
  return h("div", { class: "notice" }, h("strong", { text: _("Returned by {name}:", { name: last.reviewerName || "" }) }),
    " ", h("span", { text: last.comment }));
}

function readOnly(b) {
  const n = b.note;
  const part = (label, text) => (text ? [h("h2", { text: label }), h("p", { class: "note-body", text })] : null);
  return [
    h("p", {}, noteStatusBadge(n.status),
      " ", h("span", { class: "meta", text: `${fmtDate(n.visitDate)} · ${L.noteKind(n.kind)} · ${n.authorName || ""}` })),
    part(_("What did the participant want to talk about?"), n.participantTopics),
    part(_("Note"), n.body),
    part(_("Agreed next steps"), n.nextSteps),
    n.hiddenFromParticipant ? h("p", { class: "meta", text: _("Hidden from the participant") }) : null,
    (b.addenda || []).length ? [h("h2", { text: _("Addenda") }), h("ul", { class: "list" },
      b.addenda.map((a) => h("li", {}, h("p", { class: "meta", text: `${fmtDate(a.createdAt)} · ${a.authorName || ""}` }),
        h("p", { class: "note-body", text: a.body }))))] : null,
  ];
}

function newNote(participantUuid, user) {
  return { uuid: newUuid(), participant: participantUuid, visitDate: todayISO(), kind: "home_visit",
    participantTopics: "", body: "", nextSteps: "", hiddenFromParticipant: false, status: "draft",
    author: user.uuid, authorName: user.displayName };
}

export async function render(main, params, ctx) {
  let b;
  if (params.participant) {
    const [p, user] = await Promise.all([participant(params.participant), currentUser()]);
    b = { note: newNote(params.participant, user), participant: p, reviews: [],
      addenda: [], pending: [], errors: [] };
  } else {
    b = await noteBundle(params.uuid);
  }
  // A note whose participant left this device (a refused create after a removal) is
  // still shown: what was typed is never hidden from its author.
  if (b.note && !b.participant && b.errors.length) b.participant = goneParticipant(b.note.participant);
  if (!b.note || !b.participant) {
    replace(main, notFound(_("Note not found")));
    return null;
  }
  const user = await currentUser();
  const editable = EDITABLE_NOTE_STATUSES.includes(b.note.status) && (!b.note.author || b.note.author === user.uuid);
  const head = [
    backToParticipant(b.participant),
    heading(editable ? _("Visit note") : _("Visit note (read only)")),
    refusedBox(b.errors),
  ];
  if (!editable) {
    replace(main, head, readOnly(b));
    main.dataset.rendered = "note";
    return null;
  }
  return mountEditor(main, head, b, ctx);
}

function mountEditor(main, head, b, ctx) {
  let note = b.note;
  const form = editorForm(note);
  const saved = h("p", { class: "save-state", role: "status", "aria-live": "polite",
    text: note.savedAt ? _("Draft saved on this device {time}", { time: fmtTime(note.savedAt) }) : "" });
  let timer = null;
  let saving = Promise.resolve();
  // Editing a refused note sends it again: the first save marks the refusals "sent again".
  let supersede = (b.errors || []).map((e) => e.mutationID);
  const save = () => {
    clearTimeout(timer);
    timer = null;
    const next = readForm(form, note);
    const marks = supersede;
    supersede = [];
    saving = saving.then(async () => {
      note = await actions.saveNote(next, { supersede: marks });
      form.dataset.saveState = "saved";
      saved.textContent = _("Draft saved on this device {time}", { time: fmtTime(note.savedAt) });
      if (location.hash.startsWith("#/note/new/")) history.replaceState(null, "", `#/note/${note.uuid}`);
    }).catch((err) => { form.dataset.saveState = "error"; ctx.reportError(err); });
    return saving;
  };
  const flush = () => (timer ? save() : saving);
  form.addEventListener("input", () => {
    form.dataset.saveState = "dirty";
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  });
  form.addEventListener("change", () => { if (timer) save(); });
  const onHide = () => { if (document.visibilityState === "hidden") flush(); };
  document.addEventListener("visibilitychange", onHide);
  addEventListener("pagehide", flush);
  const submit = h("button", { type: "button", class: "primary", id: "submit-note", text: _("Submit for review"),
    onclick: async () => {
      await save();
      if (!(note.body || "").trim()) {
        saved.textContent = _("Write the note before you submit it.");
        return;
      }
      await actions.submitNote(note);
      location.hash = `#/p/${note.participant}`;
    } });
  replace(main, head, reviewComments(b.reviews || []), form,
    h("div", { class: "actions sticky-actions" }, saved, submit,
      h("a", { class: "button", href: `#/p/${b.participant.uuid}`, text: _("Done for now") })),
    h("p", { class: "hint", text: _("The draft stays on this device and syncs when there is a connection. Only you can see it until you submit it.") }));
  main.dataset.rendered = "note-editor";
  return async () => {
    document.removeEventListener("visibilitychange", onHide);
    removeEventListener("pagehide", flush);
    await flush();
  };
}
