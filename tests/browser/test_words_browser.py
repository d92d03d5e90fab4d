"""One catalogue of words: a stored value, a date or a relative day reads the same on
the server pages (webapp/words.py) and in the field app (static/js/labels.js,
words.js), in Swedish and in English; a refusal is in the app's own language."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from flask_babel import force_locale, gettext, ngettext

from core.clock import team_today
from core.spec import CHOICES
from core.spec.choices import SERVER_ONLY
from core.spec.words import due_words
from tests.browser.pwa_support import goto_hash, in_app
from webapp import words

pytestmark = pytest.mark.browser

DATES = ["2026-01-05", "2026-12-01", "1999-03-31", "2100-05-09"]
MOMENTS = ["2026-12-01T14:04:00Z", "2026-06-30T22:30:00Z", "2026-01-01T00:00:00Z"]
DAYS = list(range(-12, 13))

IN_THE_APP = """async (loc) => {
    const i18n = await import('/static/js/i18n.js');
    await i18n.loadLocale(loc);
    const L = await import('/static/js/labels.js');
    const W = await import('/static/js/words.js');
    const SPEC = (await import('/static/js/spec.js')).default;
    const labels = {};
    for (const [group, list] of Object.entries(SPEC.choices)) {
        labels[group] = Object.fromEntries(list.values.map((v) => [v, L.label(group, v)]));
    }
    return {
        labels,
        dates: DATES.map((d) => W.dateWords(d)),
        moments: MOMENTS.map((m) => W.timestampWords(m)),
        days: DAYS.map((n) => W.daysWords(n)),
        due: DAYS.map((n) => W.dueWords(n)),
    };
}""".replace("DATES", str(DATES)).replace("MOMENTS", str(MOMENTS)).replace("DAYS", str(DAYS))


def _on_the_server(app, locale):
    with app.test_request_context(), force_locale(locale):
        return {
            "labels": {group: {v: words.label(group, v) for v in values}
                       for group, values in CHOICES.items() if group not in SERVER_ONLY},
            "dates": [words.format_date(date.fromisoformat(d)) for d in DATES],
            "moments": [words.format_datetime(datetime.fromisoformat(m.replace("Z", "")))
                        for m in MOMENTS],
            "days": [words.days_from_today(team_today() + timedelta(days=n)) for n in DAYS],
            "due": [due_words(n, gettext, ngettext) for n in DAYS],
        }


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_every_word_reads_the_same_on_the_server_and_in_the_app(browser, demo_app, locale):
    server = _on_the_server(demo_app, locale)
    with in_app(browser, demo_app) as (_ctx, page):
        app = page.evaluate(IN_THE_APP, locale)
    assert app["labels"] == server["labels"]
    assert app["dates"] == server["dates"]
    assert app["moments"] == server["moments"]
    assert app["days"] == server["days"]
    assert app["due"] == server["due"]
    # Positive control: the two languages do differ, so the comparison could fail.
    other = _on_the_server(demo_app, "en" if locale == "sv" else "sv")
    assert other["labels"]["goal_status"] != server["labels"]["goal_status"]
    assert other["dates"] != server["dates"]


def test_the_words_the_issue_found_disagreeing_now_agree(demo_app):
    sv = _on_the_server(demo_app, "sv")
    assert sv["labels"]["goal_status"]["active"] == "Pågår"
    assert sv["labels"]["life_area"]["social"] == "Relationer och socialt liv"
    assert sv["labels"]["life_area"]["authorities"] == "Kontakt med myndigheter"
    assert sv["labels"]["note_status"]["submitted"] == "Skickad för granskning"
    assert sv["dates"][1] == "1 dec. 2026" and sv["moments"][0] == "1 dec. 2026 kl. 15:04"
    assert sv["days"][DAYS.index(-10)] == "för 10 dagar sedan"


def test_a_refusal_is_in_the_apps_language_whatever_the_server_pages_use(browser, demo_app):
    with in_app(browser, demo_app) as (_ctx, page):
        # The server pages were switched to English; the app stays Swedish.
        with demo_app.app_context():
            from core.models import User
            from webapp.extensions import db

            db.session.execute(db.update(User).where(User.username == "sara").values(locale="en"))
            db.session.commit()
        note = page.evaluate("""async () => {
            const db = await import('/static/js/db.js');
            const actions = await import('/static/js/actions.js');
            const signed = (await db.getAll('note')).find((n) => n.status === 'signed');
            await actions.saveNote({...signed, status: 'draft', body: 'Ändrad i efterhand'});
            return signed;
        }""")
        page.wait_for_function("() => document.body.dataset.errors === '1'", timeout=20000)
        goto_hash(page, f"#/p/{note['participant']}", "participant")
        text = page.locator(".refused-box").inner_text()
        assert "Anteckningen är inskickad eller signerad och kan inte längre ändras." in text
        assert "submitted or signed" not in text
        stored = page.evaluate("""async () => (await (await import('/static/js/db.js'))
            .getAll('errors'))[0].message""")
        assert "submitted or signed" in stored  # the server did answer in English
