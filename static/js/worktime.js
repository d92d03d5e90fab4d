// Working time and the landlord response rules on the phone: the same rules as
// core/worktime.py and core/landlords/response.py (a browser test compares both on
// one fixture). Moments are the team's wall clock as "YYYY-MM-DDTHH:MM" text; the
// arithmetic runs on that wall clock (kept in Date's UTC fields), so a phone in
// another time zone counts exactly as the server does.
const HOUR = 3600000;
const DAY = 24 * HOUR;
const DAY_START = 8;
const DAY_END = 17;

/** "2026-03-06T14:05" → ms on the wall clock; "" / null → null. */
export function parseMoment(text) {
  if (!text) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (!m) return null;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
}

const pad = (n) => String(n).padStart(2, "0");

/** ms on the wall clock → "2026-03-06T14:05" (with ":SS" when there are seconds). */
export function momentText(ms, seconds = false) {
  const d = new Date(ms);
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return seconds ? `${text}:${pad(d.getUTCSeconds())}` : text;
}

/** The wall clock now, in the team's time zone, as ms (for comparisons with moments). */
export function wallNow(zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: zone,
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23" }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
}

export function easterSunday(year) {
  const a = year % 19; const b = Math.floor(year / 100); const c = year % 100;
  const d = Math.floor(b / 4); const e = b % 4; const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3); const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4); const k = c % 4; const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

const saturdayFrom = (ms) => { let d = ms; while (new Date(d).getUTCDay() !== 6) d += DAY; return d; };
const cache = new Map();

/** Swedish public holidays of `year` and the eves kept as holidays (ms at 00:00). */
export function holidays(year) {
  if (cache.has(year)) return cache.get(year);
  const easter = easterSunday(year);
  const midsummerDay = saturdayFrom(Date.UTC(year, 5, 20));
  const days = new Set([
    Date.UTC(year, 0, 1), Date.UTC(year, 0, 6), easter - 2 * DAY, easter, easter + DAY,
    Date.UTC(year, 4, 1), easter + 39 * DAY, easter + 49 * DAY, Date.UTC(year, 5, 6),
    midsummerDay - DAY, midsummerDay, saturdayFrom(Date.UTC(year, 9, 31)),
    Date.UTC(year, 11, 24), Date.UTC(year, 11, 25), Date.UTC(year, 11, 26), Date.UTC(year, 11, 31),
  ]);
  cache.set(year, days);
  return days;
}

const dayOf = (ms) => ms - (((ms % DAY) + DAY) % DAY);
const open = (day) => day + DAY_START * HOUR;
const close = (day) => day + DAY_END * HOUR;

export function isWorkingDay(day) {
  const weekday = new Date(day).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays(new Date(day).getUTCFullYear()).has(day);
}

function nextWorkingDay(day) {
  let d = day + DAY;
  while (!isWorkingDay(d)) d += DAY;
  return d;
}

/** The moment itself within working hours, else the start of the next working hours. */
export function countingStarts(ms) {
  const day = dayOf(ms);
  if (isWorkingDay(day)) {
    if (ms < open(day)) return open(day);
    if (ms < close(day)) return ms;
  }
  return open(nextWorkingDay(day));
}

export function addWorking(ms, amount) {
  let at = countingStarts(ms);
  let left = amount;
  while (left > close(dayOf(at)) - at) {
    left -= close(dayOf(at)) - at;
    at = open(nextWorkingDay(dayOf(at)));
  }
  return at + left;
}

export function workingBetween(start, end) {
  let at = countingStarts(start);
  let total = 0;
  while (at < end) {
    total += Math.min(end, close(dayOf(at))) - at;
    at = open(nextWorkingDay(dayOf(at)));
  }
  return total;
}

export function endOfWorkingDay(ms, daysAfter) {
  let day = dayOf(countingStarts(ms));
  for (let i = 0; i < daysAfter; i += 1) day = nextWorkingDay(day);
  return close(day);
}

/** The commitment a report was logged under, or null ({contactHours, visitDays, counting}). */
export function commitmentOf(report) {
  if (report.commitContactHours == null || report.commitVisitDays == null) return null;
  return { contactHours: report.commitContactHours, visitDays: report.commitVisitDays,
    counting: report.commitCounting || "working" };
}

/** A plan's commitment, for a report not synced yet (the server copies the same). */
export const planCommitment = (plan) => (plan ? { contactHours: plan.firstContactHours,
  visitDays: plan.visitDays, counting: plan.counting } : null);

function dues(received, c) {
  if (c.counting === "clock") {
    return { contact: received + c.contactHours * HOUR, visit: received + c.visitDays * DAY };
  }
  return { contact: addWorking(received, c.contactHours * HOUR),
    visit: endOfWorkingDay(received, c.visitDays) };
}

function warnAt(received, due, c) {
  if (c.counting === "clock") return received + (due - received) / 2;
  return addWorking(received, workingBetween(received, due) / 2);
}

function progress(received, done, closed, due, warn, now) {
  if (done !== null) return { due, warn, done, state: done <= due ? "met" : "late", elapsed: done - received };
  if (closed !== null) return { due, warn, done, state: closed <= due ? "not_needed" : "missed", elapsed: null };
  const state = now > due ? "missed" : now >= warn ? "soon" : "open";
  return { due, warn, done, state, elapsed: null };
}

/** Both commitments of a report at `now` (wall-clock ms), or null without a commitment. */
export function reportTimes(report, commitment, now) {
  const received = parseMoment(report.receivedAt);
  if (!commitment || received === null) return null;
  const d = dues(received, commitment);
  const closed = parseMoment(report.closedAt);
  return {
    contact: progress(received, parseMoment(report.firstContactAt), closed, d.contact,
      warnAt(received, d.contact, commitment), now),
    visit: progress(received, parseMoment(report.visitAt), closed, d.visit,
      warnAt(received, d.visit, commitment), now),
  };
}
