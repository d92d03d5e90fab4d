// The rules behind due dates and counts, as core/due.py has them (a test compares
// both on the demo data): participants who left drop out of every due list; a
// follow-up is due while open; overdue once its date has passed; due soon from
// today up to DUE_SOON_DAYS days ahead.
export const DUE_SOON_DAYS = 7;

export const inProgramme = (participant) => Boolean(participant) && participant.status !== "left";

export const isOverdue = (days) => days < 0;

export const isDueSoon = (days) => days >= 0 && days <= DUE_SOON_DAYS;

/** Open follow-ups of participants in the programme (participants: uuid → participant). */
export function dueFollowups(participants, followups) {
  return followups.filter((f) => !f.doneOn && f.dueOn && inProgramme(participants.get(f.participant)));
}

/** The one overdue count: follow-ups due before today. `days(iso)` counts from today. */
export function overdueCount(participants, followups, days) {
  return dueFollowups(participants, followups).filter((f) => isOverdue(days(f.dueOn))).length;
}
