// Conflicts side by side: the user's version and the server's, resolved by the user.
import * as actions from "../actions.js";
import { _ } from "../i18n.js";
import * as L from "../labels.js";
import { conflictsData, currentUser } from "../queries.js";
import { field, fmtDate, fmtTime, h, replace } from "../ui.js";
import { timestampWords } from "../words.js";
import { heading } from "./parts.js";

function show(field, value) {
  if (value === null || value === undefined || value === "") return _("(empty)");
  if (["dueOn", "doneOn"].includes(field)) return fmtDate(String(value));
  if (field === "lifeArea") return L.lifeArea(value);
  if (field === "status") return L.goalStatus(value);
  if (field === "writtenBy") return L.writtenBy(value);
  if (field === "who") return L.stepWho(value);
  return String(value);
}

function recordTitle(c) {
  const r = c.record;
  if (!r) return L.entityName(c.entity);
  const text = r.ownWords || r.what || r.title || r.summary || "";
  return `${L.entityName(c.entity)}: ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}

/**
 * Who changed the server's side, on which device, and when: "by you on your
 * other device “Tablet”, 1 Dec 2026 14:02" or "by Omar Haddad on “Omar's phone”".
 */
export function otherSide(c, me) {
  const device = c.serverDevice ? `”${c.serverDevice}”` : _("a device without a name");
  const when = c.serverAt ? timestampWords(c.serverAt) : null;
  if (!c.serverUser) return _("was changed on this device and on the server.");
  if (c.serverUser === me) {
    return when ? _("was changed on this device and by you on your other device {device}, {when}.", { device, when })
      : _("was changed on this device and by you on your other device {device}.", { device });
  }
  const name = c.serverByName || _("someone else");
  return when ? _("was changed on this device and by {name} on {device}, {when}.", { name, device, when })
    : _("was changed on this device and by {name} on {device}.", { name, device });
}

function conflictCard(c, ctx, me) {
  const resolve = (resolution, value) => async () => {
    await actions.resolveConflict(c, resolution, value);
    ctx.refresh();
  };
  const custom = h("form", { class: "inline-form", onsubmit: async (e) => {
    e.preventDefault();
    await resolve("custom", new FormData(e.target).get("value"))();
  } },
  field(_("Your new version"), h("textarea", { name: "value", rows: "3", value: c.clientValue == null ? "" : String(c.clientValue) })),
  h("button", { type: "submit", text: _("Save this version") }));
  const textual = !["dueOn", "doneOn", "lifeArea", "status", "writtenBy", "who"].includes(c.field);
  return h("li", { class: "conflict card", dataset: { conflict: c.uuid } },
    h("h2", { text: c.participantRecord ? c.participantRecord.preferredName : _("Participant") }),
    h("p", { class: "meta", text: recordTitle(c) }),
    h("p", {}, h("strong", { text: L.fieldName(c.field, c.entity) }), " ",
      h("span", { class: "meta conflict-who", text: otherSide(c, me) })),
    h("div", { class: "side-by-side" },
      h("div", { class: "side mine" },
        h("h3", { text: _("Your version") }),
        h("p", { class: "value", text: show(c.field, c.clientValue) }),
        h("button", { type: "button", class: "primary", dataset: { resolve: "client" }, text: _("Keep mine"),
          onclick: resolve("client") })),
      h("div", { class: "side theirs" },
        h("h3", { text: _("On the server") }),
        h("p", { class: "value", text: show(c.field, c.serverValue) }),
        h("button", { type: "button", dataset: { resolve: "server" }, text: _("Keep this"),
          onclick: resolve("server") }))),
    c.baseValue !== undefined ? h("p", { class: "meta", text: _("Before both changes: {value}", { value: show(c.field, c.baseValue) }) }) : null,
    textual ? h("details", { class: "disclosure" }, h("summary", { text: _("Write a new version") }), custom) : null,
    c.createdAt ? h("p", { class: "meta", text: _("Found {date}", { date: fmtTime(Date.parse(c.createdAt)) }) }) : null);
}

export async function render(main, _params, ctx) {
  const [conflicts, user] = await Promise.all([conflictsData(), currentUser()]);
  replace(main,
    heading(_("Conflicts")),
    conflicts.length ? h("p", { text: _("The same field was changed in two places. Choose what should stand, together with the participant if you can.") })
      : h("p", { class: "notice", text: _("No conflicts. Everything agrees.") }),
    h("ul", { class: "conflicts" }, conflicts.map((c) => conflictCard(c, ctx, user.uuid))));
  main.dataset.rendered = "conflicts";
}
