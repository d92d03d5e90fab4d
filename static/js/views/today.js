// Today: participants with visits and follow-ups due, overdue first.
import { dueFollowups, inProgramme, isDueSoon, isOverdue, overdueCount } from "../due.js";
import { _, ngettext } from "../i18n.js";
import { followupKind } from "../labels.js";
import { todayData } from "../queries.js";
import { syncState } from "../sync-client.js";
import { daysFromToday, fmtLongDate, h, replace } from "../ui.js";
import { dateWords } from "../words.js";
import { dueBadge, dueLabel, flag, heading, participantStatusBadge } from "./parts.js";

/** Group participants by their most urgent due follow-up (none for those who left). */
export function groupForToday(participants, followups) {
  const byUuid = new Map(participants.map((p) => [p.uuid, p]));
  const open = new Map();
  for (const f of dueFollowups(byUuid, followups)) {
    const list = open.get(f.participant) || [];
    list.push({ ...f, days: daysFromToday(f.dueOn) });
    open.set(f.participant, list);
  }
  const groups = { overdue: [], today: [], soon: [], others: [], left: [],
    overdueCount: overdueCount(byUuid, followups, daysFromToday) };
  for (const p of participants) {
    const items = (open.get(p.uuid) || []).sort((a, b) => a.days - b.days);
    const first = items[0];
    const soon = items.filter((i) => isOverdue(i.days) || isDueSoon(i.days));
    const entry = { participant: p, items: soon, next: first };
    if (!inProgramme(p)) groups.left.push(entry);
    else if (!first || !(isOverdue(first.days) || isDueSoon(first.days))) groups.others.push(entry);
    else if (isOverdue(first.days)) groups.overdue.push(entry);
    else if (first.days === 0) groups.today.push(entry);
    else groups.soon.push(entry);
  }
  const byDue = (a, b) => a.next.days - b.next.days || byName(a, b);
  const byName = (a, b) => a.participant.preferredName.localeCompare(b.participant.preferredName);
  groups.overdue.sort(byDue);
  groups.today.sort(byName);
  groups.soon.sort(byDue);
  groups.others.sort(byName);
  groups.left.sort(byName);
  return groups;
}

function card(entry, flags) {
  const p = entry.participant;
  const f = flags.get(p.uuid) || {};
  return h("li", { class: "person", dataset: { participant: p.uuid } },
    h("a", { class: "person-card", href: `#/p/${p.uuid}` },
      h("span", { class: "row" },
        h("span", { class: "person-name", text: p.preferredName }),
        participantStatusBadge(p)),
      entry.items.length ? h("ul", { class: "due-list" }, entry.items.slice(0, 3).map((i) =>
        h("li", {},
          dueBadge(i.days), " ",
          h("span", { text: i.title || followupKind(i.kind) })))) : null,
      entry.items.length === 0 && entry.next ? h("span", { class: "meta",
        text: _("Next: {what}, {when}", { what: entry.next.title || followupKind(entry.next.kind),
          when: dueLabel(entry.next.days).toLowerCase() }) }) : null,
      flagLine(f)));
}

function flagLine(f) {
  const bits = [];
  if (f.errors) bits.push(flag("error", _("A change was refused")));
  if (f.conflicts) bits.push(flag("conflict", _("Conflict to resolve")));
  if (f.pending) bits.push(flag("pending", ngettext("{n} change not synced", "{n} changes not synced", f.pending)));
  return bits.length ? h("span", { class: "flags" }, bits) : null;
}

function flagsByParticipant(data) {
  const flags = new Map();
  const bump = (uuid, key) => {
    if (!uuid) return;
    const f = flags.get(uuid) || {};
    f[key] = (f[key] || 0) + 1;
    flags.set(uuid, f);
  };
  data.pending.forEach((e) => bump(e.participant, "pending"));
  data.errors.forEach((e) => bump(e.participant, "errors"));
  data.conflicts.forEach((c) => bump(c.participant, "conflicts"));
  return flags;
}

function section(id, title, entries, flags, count = entries.length) {
  if (!entries.length) return null;
  return h("section", { class: "today-group", "aria-labelledby": id },
    h("h2", { id, text: `${title} (${count})` }),
    h("ul", { class: "people" }, entries.map((e) => card(e, flags))));
}

/** The latest "returned" review of each note: {note uuid → review}. */
function returnedReviews(reviews) {
  const latest = new Map();
  for (const r of reviews) {
    if (r.decision !== "returned") continue;
    const seen = latest.get(r.note);
    if (!seen || (r.createdAt || "") > (seen.createdAt || "")) latest.set(r.note, r);
  }
  return latest;
}

const excerpt = (n) => (n.body || n.participantTopics || n.nextSteps || "").trim().slice(0, 120);

/** My notes to finish: returned with the team lead's comment, and unfinished drafts. */
function notesSection(id, title, notes, names, build, mark) {
  if (!notes.length) return null;
  return h("section", { class: "today-group today-notes", "aria-labelledby": id, dataset: { group: id } },
    h("h2", { id, text: `${title} (${notes.length})` }),
    h("ul", { class: "people" }, notes.map((n) => h("li", { class: "note-todo", dataset: { note: n.uuid, [mark]: n.uuid } },
      h("a", { class: "person-card", href: `#/note/${n.uuid}` },
        h("span", { class: "row" },
          h("span", { class: "person-name", text: names.get(n.participant) || _("A participant no longer in your list") }),
          h("span", { class: "meta", text: dateWords(n.visitDate) })),
        build(n))))));
}

function returnedLine(review) {
  if (!review) return h("span", { class: "meta", text: _("Returned for changes") });
  return h("span", { class: "review-comment" },
    h("strong", { text: _("{name} wrote:", { name: review.reviewerName || _("The team lead") }) }), " ",
    h("span", { text: review.comment || _("(no comment)") }));
}

/** Started at boot, in parallel with the catalogue and the owner check. */
export const load = () => todayData();

export async function render(main, _params, _ctx, preloaded = null) {
  const data = (preloaded && await preloaded) || await todayData();
  const groups = groupForToday(data.participants, data.followups);
  const flags = flagsByParticipant(data);
  const empty = !data.participants.length;
  const names = new Map(data.participants.map((p) => [p.uuid, p.preferredName]));
  const reviews = returnedReviews(data.reviews || []);
  const byDate = (a, b) => (b.visitDate || "").localeCompare(a.visitDate || "");
  replace(main,
    heading(_("Today")),
    h("p", { class: "meta today-date", text: fmtLongDate() }),
    empty ? emptyState(data.lastSyncedAt) : null,
    notesSection("g-returned", _("Returned to you"), [...(data.returned || [])].sort(byDate), names,
      (n) => returnedLine(reviews.get(n.uuid)), "returnedNote"),
    notesSection("g-drafts", _("Unfinished drafts"), [...(data.drafts || [])].sort(byDate), names,
      (n) => h("span", { class: "excerpt", text: excerpt(n) || _("(empty)") }), "draftNote"),
    section("g-overdue", _("Overdue follow-ups"), groups.overdue, flags, groups.overdueCount),
    section("g-today", _("Due today"), groups.today, flags),
    section("g-soon", _("Coming week"), groups.soon, flags),
    section("g-others", _("Other participants"), groups.others, flags),
    section("g-left", _("Left the programme"), groups.left, flags));
  main.dataset.returned = String((data.returned || []).length);
  main.dataset.rendered = "today";
  performance.mark("bokvar:today-rendered");
}

function emptyState(lastSyncedAt) {
  const st = syncState();
  const text = ["syncing", "starting"].includes(st.phase) || (!lastSyncedAt && navigator.onLine)
    ? _("Downloading your caseload…")
    : !navigator.onLine ? _("Nothing is stored on this device yet. Connect to the internet once to download your caseload.")
      : _("No participants are assigned to you.");
  return h("p", { class: "notice empty", text });
}
