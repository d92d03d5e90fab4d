// Dates and relative days in the catalogue's words (spec.js words, from
// core/spec/words.py): the server pages say them the same way
// (webapp/words.py; tests/browser/test_words_browser.py compares both).
import { _, ngettext } from "./i18n.js";
import SPEC from "./spec.js";

const W = SPEC.words;
const ZONE = SPEC.rules.timezone;

function todayParts() {
  const now = new Date();
  return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
}

/** "1 dec. 2026" / "1 Dec 2026" for "2026-12-01"; `short` drops this year's year. */
export function dateWords(iso, { short = false } = {}) {
  if (!iso) return "";
  const [y, m, d] = String(iso).slice(0, 10).split("-").map(Number);
  const month = _(W.months[m - 1]);
  if (short && y === todayParts().y) return _(W.dateThisYear, { day: d, month });
  return _(W.date, { day: d, month, year: y });
}

const CLOCK = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, year: "numeric", month: "2-digit",
  day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

const clockParts = (when) => Object.fromEntries(CLOCK.formatToParts(new Date(when))
  .map((p) => [p.type, p.value]));

/** A moment (ISO string or ms) as the team's clock shows it: "1 dec. 2026 kl. 15:04". */
export function timestampWords(when) {
  if (when === null || when === undefined || when === "") return "";
  const parts = clockParts(when);
  const date = dateWords(`${parts.year}-${parts.month}-${parts.day}`);
  return _(W.timestamp, { date, time: `${parts.hour}:${parts.minute}` });
}

/** A moment on the team's clock: "15:04" when that is today there, else timestampWords. */
export function clockWords(when) {
  if (when === null || when === undefined || when === "") return "";
  const parts = clockParts(when);
  const now = clockParts(Date.now());
  if (parts.year !== now.year || parts.month !== now.month || parts.day !== now.day) return timestampWords(when);
  return `${parts.hour}:${parts.minute}`;
}

/** A distance in days from today (negative: the past): "i dag", "för 3 dagar sedan", "om 2 dagar". */
export function daysWords(days) {
  if (days === 0) return _(W.today);
  if (days === -1) return _(W.yesterday);
  if (days === 1) return _(W.tomorrow);
  const [one, many] = days < 0 ? W.daysAgo : W.inDays;
  return ngettext(one, many, Math.abs(days));
}

/** When something is due: "2 dagar efter datumet", "I dag", "Om 3 dagar". */
export function dueWords(days) {
  if (days < 0) return ngettext(W.duePast[0], W.duePast[1], -days);
  const text = daysWords(days);
  return text.slice(0, 1).toUpperCase() + text.slice(1);
}

/** A moment on the team's wall clock ("2026-03-06T14:05", or wall-clock ms) in words. */
export function momentWords(when) {
  if (when === null || when === undefined || when === "") return "";
  const text = typeof when === "number" ? new Date(when).toISOString() : String(when);
  return _(W.timestamp, { date: dateWords(text.slice(0, 10)), time: text.slice(11, 16) });
}

/** How long something took: "45 min", "3 tim 20 min", "2 dygn 4 tim" (whole minutes). */
export function durationWords(ms) {
  const minutes = Math.floor(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  let key = "minutes";
  if (days) key = hours ? "days_hours" : "days";
  else if (hours) key = mins ? "hours_minutes" : "hours";
  return _(W.duration[key], { d: days, h: hours, m: mins });
}

/** How a commitment of a landlord report goes ({state, due}): "I tid", "Senast …". */
export const responseWords = (p) => _(W.response[p.state], { due: momentWords(p.due) });
