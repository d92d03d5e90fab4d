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

/** A moment (ISO string or ms) as the team's clock shows it: "1 dec. 2026 kl. 15:04". */
export function timestampWords(when) {
  if (when === null || when === undefined || when === "") return "";
  const parts = Object.fromEntries(CLOCK.formatToParts(new Date(when)).map((p) => [p.type, p.value]));
  const date = dateWords(`${parts.year}-${parts.month}-${parts.day}`);
  return _(W.timestamp, { date, time: `${parts.hour}:${parts.minute}` });
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
