"""The team figures page and its CSV: one period, every figure, a chart and its counts.

The numbers come from webapp/reports/figures.py; this module only reads the
period from the request, puts the numbers into words and charts, and writes
the CSV (counts and shares only: no names, no note text).
"""
from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from flask import Response, render_template, request
from flask_babel import format_percent, ngettext
from flask_babel import gettext as _

from core import access
from core.spec import values

from .. import audit, pages
from ..pages import me, my_team, parse_date, today
from ..words import format_date, label
from . import bp
from .charts import Bar, BarChart
from .figures import VISIT_BUCKETS, Figures, Period, Timeliness, figures, load


def period_from_request() -> tuple[Period, str | None]:
    """The period asked for (?since=&until=), and what was wrong with it, if anything."""
    day = today()
    since, until = parse_date(request.args.get("since")), parse_date(request.args.get("until"))
    problem = None
    if (request.args.get("since") and since is None) or (request.args.get("until")
                                                          and until is None):
        problem = _("A date could not be read; write it as YYYY-MM-DD (1900–2100).")
    if until is None or until > day:
        until = day
    if since is not None and since > until:
        problem, since = _("The period started after it ended; showing from the start."), None
    return Period(since, until), problem


def pct(value: float | None) -> str:
    return "–" if value is None else str(format_percent(value))


def of(part: int, whole: int) -> str:
    """'9 of 10 (90 %)'."""
    if not whole:
        return _("none counted yet")
    return _("%(part)d of %(whole)d (%(share)s)", part=part, whole=whole,
             share=pct(part / whole))


def _retention_chart(f: Figures) -> BarChart:
    bars = tuple(Bar(ngettext("After %(num)d month", "After %(num)d months", r.months),
                     r.share or 0, of(r.housed, r.counted)) for r in f.retention)
    parts = [_("%(months)d months: %(text)s", months=r.months, text=of(r.housed, r.counted))
             for r in f.retention]
    return BarChart("retention", _("Housing retention"),
                    _("Still housed after move-in. %(parts)s.", parts="; ".join(parts)), bars, 1)


def _exit_chart(f: Figures) -> BarChart:
    reasons = [r for r in values("tenancy_end_reason") if r != "moved_within_programme"]
    counts = [(r, f.exits.tenancies.get(r, 0)) for r in reasons]
    top = max([c for _r, c in counts] + [1])
    bars = tuple(Bar(label("tenancy_end_reason", r), c, str(c),
                     "warn" if r == "eviction" else "main") for r, c in counts)
    summary = ngettext("%(num)d tenancy ended in the period, not counting moves within the "
                       "programme.", "%(num)d tenancies ended in the period, not counting moves "
                       "within the programme.", f.exits.housing_exits)
    return BarChart("exits", _("Exits by reason"), summary, bars, top)


def _conversion_chart(f: Figures) -> BarChart:
    c = f.conversions
    scale = max(c.due, 1)
    bars = (Bar(_("Due in the period"), c.due, str(c.due), "muted"),
            Bar(_("Converted"), c.done, of(c.done, c.due)),
            Bar(_("Converted by the due date"), c.done_on_time, of(c.done_on_time, c.due)),
            Bar(_("Still second-hand"), c.waiting, of(c.waiting, c.due), "warn"))
    return BarChart("conversions", _("Lease conversions"),
                    _("%(due)d second-hand leases could become first-hand in the period; "
                      "%(done)d did.", due=c.due, done=c.done), bars, scale)


def bucket_label(low: int, high: int | None) -> str:
    if high is None:
        return _("More than %(num)d days", num=low - 1)
    return _("%(low)d–%(high)d days", low=low, high=high)


def _visit_chart(f: Figures) -> BarChart:
    v = f.visits
    bars = tuple(Bar(bucket_label(low, high), n, of(n, v.counted),
                     "warn" if low > 14 else "main") for (low, high), n in v.buckets)
    bars += (Bar(_("No home visit recorded"), v.never, of(v.never, v.counted), "muted"),)
    return BarChart("visits", _("Days since the last home visit"),
                    _("%(within)s had a home visit within 7 days of the end of the period.",
                      within=of(v.within_week, v.counted)), bars, max(v.counted, 1))


def _plan_chart(f: Figures) -> BarChart:
    p = f.plans
    bars = (Bar(_("Agreed by the participant"), p.agreed_share or 0, of(p.agreed, p.counted)),
            Bar(_("Plan reviews on time"), p.reviews.share or 0,
                of(p.reviews.on_time, p.reviews.counted)),
            Bar(_("Both"), p.both_share or 0, of(p.agreed_and_on_time, p.counted)))
    return BarChart("plans", _("Plans agreed and reviewed on time"),
                    _("%(both)s of the participants have a plan they agree with and no plan "
                      "review that came late.", both=of(p.agreed_and_on_time, p.counted)),
                    bars, 1)


def _followup_chart(f: Figures) -> BarChart:
    kinds = [(k, f.followups[k]) for k in values("followup_kind") if f.followups[k].counted]
    bars = tuple(Bar(label("followup_kind", k), t.share or 0, of(t.on_time, t.counted))
                 for k, t in kinds)
    total = f.followups["all"]
    return BarChart("followups", _("Follow-ups done on time"),
                    _("%(text)s of the follow-ups due in the period were done on time.",
                      text=of(total.on_time, total.counted)), bars, 1)


def charts(f: Figures) -> dict[str, BarChart]:
    return {"retention": _retention_chart(f), "exits": _exit_chart(f),
            "conversions": _conversion_chart(f), "visits": _visit_chart(f),
            "plans": _plan_chart(f), "followups": _followup_chart(f)}


def _checked() -> tuple[Any, Period, str | None, Figures]:
    team = my_team()
    pages.allowed(access.can_manage_team(me(), team.id))
    period, problem = period_from_request()
    return team, period, problem, figures(load(team.id), period)


def period_words(period: Period) -> str:
    if period.since is None:
        return _("From the start to %(until)s", until=format_date(period.until))
    return _("%(since)s to %(until)s", since=format_date(period.since),
             until=format_date(period.until))


@bp.route("/reports/figures")
def figures_page() -> str:
    team, period, problem, f = _checked()
    audit.record("report.figures_view", entity="team", entity_uuid=team.uuid,
                 count=len(f.visits.days))
    return render_template("reports/figures.html", f=f, charts=charts(f), problem=problem,
                           period=period, period_words=period_words(period), pct=pct, of=of,
                           bucket_label=bucket_label, kinds=values("followup_kind"),
                           buckets=VISIT_BUCKETS)


def csv_rows(f: Figures) -> list[list[str]]:
    """The figures as rows: figure, what, count, of, share. Counts only, no names, no text."""
    rows: list[list[str]] = [["figure", "measure", "count", "of", "share"]]

    def add(figure: str, measure: str, count: int, whole: int | None = None) -> None:
        rows.append([figure, measure, str(count), "" if whole is None else str(whole),
                     "" if not whole else f"{count / whole:.3f}"])

    for r in f.retention:
        add("retention", f"housed_after_{r.months}_months", r.housed, r.counted)
        add("retention", f"deceased_by_{r.months}_months", r.deceased)
    for reason in values("tenancy_end_reason"):
        count = f.exits.moves_within if reason == "moved_within_programme" \
            else f.exits.tenancies.get(reason, 0)
        add("tenancy_ended", reason, count)
    for reason in values("left_reason"):
        add("left_programme", reason, f.exits.programme.get(reason, 0))
    c = f.conversions
    add("lease_conversion", "due", c.due)
    add("lease_conversion", "done", c.done, c.due)
    add("lease_conversion", "done_by_due_date", c.done_on_time, c.due)
    add("lease_conversion", "recorded_in_period", c.recorded)
    for (low, high), n in f.visits.buckets:
        add("days_since_home_visit", f"{low}-{high}" if high is not None else f"over_{low - 1}",
            n, f.visits.counted)
    add("days_since_home_visit", "none_recorded", f.visits.never, f.visits.counted)
    p = f.plans
    add("plans", "with_plan", p.with_plan, p.counted)
    add("plans", "agreed_by_participant", p.agreed, p.counted)
    add("plans", "reviews_on_time", p.reviews.on_time, p.reviews.counted)
    add("plans", "agreed_and_reviewed_on_time", p.agreed_and_on_time, p.counted)
    for kind in [*values("followup_kind"), "all"]:
        t: Timeliness = f.followups[kind]
        add("followups_on_time", kind, t.on_time, t.counted)
        add("followups_late", kind, t.late, t.counted)
        add("followups_missed", kind, t.missed, t.counted)
    add("notes_signed", "all", f.signing.signed)
    add("notes_signed", "self_signed", f.signing.self_signed, f.signing.signed)
    return rows


@bp.route("/reports/figures.csv")
def figures_csv() -> Response:
    team, period, _problem, f = _checked()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["team", team.name])
    writer.writerow(["period", period.since.isoformat() if period.since else "",
                     period.until.isoformat()])
    writer.writerows(csv_rows(f))
    audit.record("report.figures_export", entity="team", entity_uuid=team.uuid)
    name = f"bokvar-figures-{(period.since or date(1900, 1, 1)).isoformat()}-" \
           f"{period.until.isoformat()}.csv"
    resp = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp
