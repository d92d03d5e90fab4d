// The always-visible sync status (the chip in the top bar, body data
// attributes for tests and styles) and the "Sync and account" page.
import { _, locale, ngettext } from "../i18n.js";
import { entityName, refusalText } from "../labels.js";
import { chipCounts, statusData } from "../queries.js";
import { events, requestSync, syncState } from "../sync-client.js";
import { dismissError, onWrite } from "../actions.js";
import { currentVersion } from "../sw-register.js";
import { fmtTime, h, quiet, replace } from "../ui.js";
import { heading } from "./parts.js";

const isLocked = () => document.body.dataset.locked === "yes";

/** synced | pending | syncing | error (what sync has done; `attention` says what needs the user) */
export function overall(st, c) {
  if (st.phase === "syncing" || (st.phase === "starting" && !isLocked())) return "syncing";
  if (["error", "auth", "update", "revoked"].includes(st.phase)) return "error";
  // Never synced is not "synced": the device has nothing confirmed yet.
  return c.pending > 0 || !c.lastSyncedAt ? "pending" : "synced";
}

/** Refused changes or open conflicts: never a green "everything is synced". */
export const needsAttention = (c) => c.errors > 0 || c.conflicts > 0;

const refusedWords = (n) => ngettext("{n} change was refused", "{n} changes were refused", n);
const conflictWords = (n) => ngettext("{n} conflict to resolve", "{n} conflicts to resolve", n);

export function headline(st, c) {
  if (st.phase === "syncing" && st.progress) {
    return _("Downloading {sent} of {total}", fmtProgress(st.progress));
  }
  if (st.phase === "syncing" || (st.phase === "starting" && !isLocked())) return _("Syncing…");
  if (st.phase === "auth") return _("Log in again to sync");
  if (st.phase === "update") return _("Update the app to sync");
  if (c.pending > 0) return ngettext("{n} change waits to sync", "{n} changes wait to sync", c.pending);
  if (st.phase === "error") return _("Could not reach the server");
  if (c.errors > 0) return refusedWords(c.errors);
  if (c.conflicts > 0) return conflictWords(c.conflicts);
  if (isLocked()) return _("Locked");
  if (!c.lastSyncedAt) return _("Not synced yet");
  return _("Everything is synced");
}

/** What the chip's second line adds that the headline did not say (refusals, conflicts). */
function extraLine(st, c) {
  const said = headline(st, c);
  const bits = [];
  if (c.errors && said !== refusedWords(c.errors)) bits.push(refusedWords(c.errors));
  if (c.conflicts && said !== conflictWords(c.conflicts)) bits.push(conflictWords(c.conflicts));
  return bits.length ? bits.join(" · ") : null;
}

export function subline(st, c) {
  const parts = [];
  if (st.phase === "offline" || !navigator.onLine) parts.push(_("Offline"));
  else if (st.phase === "error") parts.push(_("Trying again soon"));
  parts.push(c.lastSyncedAt ? _("Last synced {time}", { time: fmtTime(c.lastSyncedAt) })
    : _("Not synced yet"));
  return parts.join(" · ");
}

export function fmtProgress(p) {
  const nf = new Intl.NumberFormat(locale() === "en" ? "en-GB" : "sv-SE");
  return { sent: nf.format(p.sent || 0), total: nf.format(p.total || 0) };
}

let chipBusy = null;
// True once a write has marked <body> pending and no count has rewritten it since:
// the next writes of the burst touch no DOM at all.
let markedPending = false;
export async function refreshChip() {
  const chip = document.getElementById("sync-chip");
  if (!chip) return;
  const st = syncState();
  let c;
  try { c = await chipCounts(); } catch { return; }
  const state = overall(st, c);
  const attention = needsAttention(c);
  Object.assign(document.body.dataset, { syncState: state, pending: c.pending, errors: c.errors,
    conflicts: c.conflicts, attention: attention ? "yes" : "no", online: navigator.onLine ? "yes" : "no" });
  markedPending = false;
  const extra = extraLine(st, c);
  const dot = attention && (state === "synced" || state === "pending") ? "attention" : state;
  chip.dataset.state = dot;
  replace(chip,
    h("span", { class: `dot dot-${dot}`, "aria-hidden": "true" }),
    h("span", { class: "chip-text" },
      h("span", { class: "chip-main", text: headline(st, c) }),
      h("span", { class: "chip-sub", text: extra || subline(st, c) })));
  chip.setAttribute("aria-label", `${headline(st, c)}. ${extra ? `${extra}. ` : ""}${subline(st, c)}. ${_("Sync details")}`);
  chip.classList.toggle("has-errors", Boolean(extra));
  chip.dataset.locale = locale(); // the language the chip's text was rendered in
  const bar = document.getElementById("download-progress");
  if (bar) renderProgress(bar, st.progress);
}

function renderProgress(el, progress) {
  el.hidden = !progress;
  if (!progress) return;
  const p = fmtProgress(progress);
  replace(el,
    h("label", { for: "download-bar", text: _("Downloading your caseload: {sent} of {total}", p) }),
    h("progress", { id: "download-bar", max: progress.total || 1, value: progress.sent || 0 }));
}

let chipAgain = false;
const runChip = () => {
  if (chipBusy) { chipAgain = true; return; }
  chipBusy = refreshChip().finally(() => {
    chipBusy = null;
    if (chipAgain) { chipAgain = false; runChip(); }
  });
};
let chipMounted = false;
/** Re-count now (after local-only changes such as hiding a message). */
export const updateChip = () => runChip();

const chipAfterWrites = quiet(120, runChip);
/** A write just committed: say so at once (no read), count once the burst is over. */
function afterWrite() {
  if (!markedPending) {
    const body = document.body.dataset;
    if (body.syncState !== "syncing" && body.syncState !== "pending") body.syncState = "pending";
    if (!(Number(body.pending) > 0)) body.pending = "1";
    markedPending = true;
  }
  chipAfterWrites();
}

export function mountChip() {
  if (!chipMounted) {
    chipMounted = true;
    events.addEventListener("state", runChip);
    events.addEventListener("data", runChip);
    onWrite(afterWrite); // a direct hook: no event object per keystroke save
    addEventListener("online", runChip);
    addEventListener("offline", runChip);
    setInterval(runChip, 30000); // "last synced 14:02" stays honest about the day
  }
  // No count here: every caller renders a view next, and renderRoute counts
  // after it (at boot the first screen's read goes first).
}

function errorItem(e, names, rerender) {
  const who = names.get(e.participant);
  return h("li", { class: "refused" },
    h("p", {}, h("strong", { text: `${entityName(e.entity || (e.name || "").split(".")[0])}` }),
      who ? ` – ${who}` : ""),
    h("p", { text: _("The server did not accept this change: {reason}", { reason: refusalText(e) }) }),
    h("div", { class: "actions" },
      e.args ? h("a", { class: "button primary", href: `#/refused/${e.entityUuid}`,
        text: _("Send again, copy or discard") })
        : h("button", { type: "button", text: _("Hide this message"),
          onclick: async () => { await dismissError(e.mutationID); rerender(); } }),
      e.participant && names.get(e.participant) ? h("a", { class: "button", href: `#/p/${e.participant}`,
        text: _("Open the record") }) : null));
}

export async function render(main, _params, ctx) {
  const data = await statusData();
  const st = syncState();
  const c = { pending: data.pending, lastSyncedAt: data.lastSyncedAt };
  const names = new Map(data.participants.map((p) => [p.uuid, p.preferredName]));
  const rerender = () => ctx.refresh();
  const version = await currentVersion();
  replace(main,
    heading(_("Sync and account")),
    h("section", { class: "card status-card", dataset: { state: overall(st, c) } },
      h("h2", { text: headline(st, c) }),
      h("p", { class: "meta", text: subline(st, c) }),
      st.error && st.phase !== "idle" ? h("p", { class: "error", text: describeError(st) }) : null,
      data.pending ? h("p", { text: _("Your changes are stored on this device and sync by themselves when there is a connection.") }) : null,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary", text: _("Sync now"),
          onclick: () => requestSync("manual") })),
      data.conflicts ? h("p", {}, h("a", { href: "#/conflicts",
        text: ngettext("{n} conflict to resolve", "{n} conflicts to resolve", data.conflicts) })) : null),
    data.errors.length ? h("section", { class: "card" },
      h("h2", { text: _("Changes the server refused") }),
      h("ul", { class: "list" }, data.errors.map((e) => errorItem(e, names, rerender)))) : null,
    accountCard(data, ctx, version));
  main.dataset.rendered = "status";
  refreshChip();
}

function describeError(st) {
  if (st.phase === "update") return _("This version of the app is too old for the server. Reload to update; your unsynced changes stay on this device.");
  if (st.phase === "auth") return _("You are logged out on the server. Log in again; your changes stay on this device.");
  if (st.error === "network") return _("No connection to the server. Your changes are kept on this device.");
  return st.error;
}

function accountCard(data, ctx, version) {
  const user = data.user || {};
  const persisted = data.persisted === true ? _("Kept by the browser (persistent storage)")
    : _("The browser may clear this storage when space runs low: sync often.");
  return h("section", { class: "card" },
    h("h2", { text: _("Account and device") }),
    h("p", { text: _("Logged in as {name}", { name: user.displayName || user.username || "" }) }),
    h("p", { class: "meta", text: persisted }),
    h("fieldset", { class: "lang" },
      h("legend", { text: _("Language") }),
      [["sv", "Svenska"], ["en", "English"]].map(([code, label]) =>
        h("button", { type: "button", lang: code, "aria-pressed": String(locale() === code),
          class: locale() === code ? "primary" : "", text: label,
          onclick: () => ctx.setLocale(code) }))),
    h("div", { class: "actions" },
      h("button", { type: "button", id: "lock-now", text: _("Lock the app now"), onclick: () => ctx.lock() }),
      h("a", { class: "button", id: "my-devices", href: `/devices/?this=${encodeURIComponent(data.clientID || "")}`,
        text: _("My devices") }),
      h("button", { type: "button", class: "danger", id: "logout-button", text: _("Log out"),
        onclick: () => ctx.logout() })),
    h("p", { class: "meta", text: _("App version {version}", { version: version || "–" }) }));
}
