// A change the server refused: never shown as saved. What was typed is kept
// on this device; the user sends it again (after, say, a re-assignment),
// copies the text, edits it, or discards it — nothing goes without that choice.
import * as actions from "../actions.js";
import { _ } from "../i18n.js";
import * as L from "../labels.js";
import { refusedBundle } from "../queries.js";
import { requestSync } from "../sync-client.js";
import { ask, h, replace } from "../ui.js";
import { timestampWords } from "../words.js";
import { backLink, goneParticipant, heading, refusedTexts } from "./parts.js";

export const keepOnData = false;

function editHref(b) {
  const first = b.errors[0];
  if (b.store === "note" && b.record) return `#/note/${first.entityUuid}`;
  if (b.store === "goal" && b.record) return `#/goal/${first.entityUuid}`;
  return null;
}

export async function render(main, params, ctx) {
  const b = await refusedBundle(params.uuid);
  if (!b.errors.length) {
    replace(main, heading(_("Nothing waits here")),
      h("p", { text: _("There is no refused change for this record any more: it was sent again or discarded.") }),
      h("a", { href: "#/status", text: _("Back to sync") }));
    main.dataset.rendered = "refused-none";
    return;
  }
  const first = b.errors[0];
  const p = b.participant || goneParticipant(first.participant);
  const texts = b.errors.flatMap(refusedTexts);
  const status = h("p", { role: "status", id: "refused-status" });
  const copy = async () => {
    const text = texts.map(([label, v]) => `${label}:\n${v}`).join("\n\n");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = _("The text is copied.");
    } catch {
      status.textContent = _("This browser did not let the app copy: select the text above and copy it.");
    }
  };
  const resend = async () => {
    await actions.resendRefused(b.errors);
    status.textContent = _("Sent again. It syncs when there is a connection.");
    location.hash = p.gone ? "#/status" : `#/p/${p.uuid}`;
  };
  const discard = async () => {
    const sure = await ask({ title: _("Discard this change?"),
      text: _("What you typed in it is deleted from this device. This cannot be undone."),
      buttons: [{ label: _("Discard"), value: true, class: "danger" }, { label: _("Keep it"), value: false, class: "primary" }] });
    if (!sure) return;
    const { resync } = await actions.discardRefused(b.errors);
    if (resync) requestSync("resync");
    location.hash = p.gone ? "#/status" : `#/p/${p.uuid}`;
  };
  const edit = editHref(b);
  const kind = L.entityName(first.entity || (first.name || "").split(".")[0]);
  replace(main,
    p.gone ? backLink("#/status", _("‹ Sync")) : backLink(`#/p/${p.uuid}`, `‹ ${p.preferredName}`),
    heading(_("Not saved on the server")),
    // A participant gone from the list is said once, in "Why": the line names only the kind.
    h("p", { class: "meta", text: p.gone ? kind : `${kind} · ${p.preferredName}` }),
    h("section", { class: "card refused-card", "aria-labelledby": "h-why" },
      h("h2", { id: "h-why", text: _("Why") }),
      h("ul", { class: "list" }, b.errors.map((e) => h("li", {},
        h("p", { text: L.refusalText(e) }),
        e.at ? h("p", { class: "meta", text: _("Refused {when}", { when: timestampWords(e.at) }) }) : null)))),
    h("section", { class: "card refused-card", "aria-labelledby": "h-kept" },
      h("h2", { id: "h-kept", text: _("What you wrote is kept") }),
      texts.length ? h("dl", { class: "kept-text" }, texts.map(([label, v]) => [h("dt", { text: label }),
        h("dd", { class: "note-body", text: v })]))
        : h("p", { class: "meta", text: _("This change has no text of its own.") })),
    h("div", { class: "actions refused-actions" },
      h("button", { type: "button", class: "primary", id: "refused-resend", text: _("Send again"), onclick: resend }),
      edit ? h("a", { class: "button", href: edit, id: "refused-edit", text: _("Edit") }) : null,
      texts.length ? h("button", { type: "button", id: "refused-copy", text: _("Copy the text"), onclick: copy }) : null,
      h("button", { type: "button", class: "danger", id: "refused-discard", text: _("Discard"), onclick: discard })),
    status,
    h("p", { class: "hint", text: p.gone
      ? _("Once the participant is assigned to you again, you can send it again.")
      : _("If the reason no longer holds (you are assigned again, say), send it again.") }));
  main.dataset.rendered = "refused";
  void ctx;
}
