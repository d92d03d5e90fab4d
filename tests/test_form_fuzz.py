"""No input a user can send to a server page yields a 500 (issue 7).

Every POST route of every role, built with records the role may reach, gets
the fields its own form shows filled with what no person types: very long
text, control characters, bytes that are not UTF-8, impossible dates and
numbers, repeated and missing fields. Each post carries a valid CSRF
token, so each answer is about the form handling itself.
"""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from .test_access_matrix import (  # noqa: F401
    ROLES,
    _login_with_token,
    _own_records,
    _own_urls,
    csrf_app,
    world,
)

NAMES = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
ODD_VALUES = [
    "x" * 100_000,
    "\x01\x1b\x7f\u0085\u2028 ",
    "0000-00-00", "9999-12-31", "2024-02-30", "-1", "1e309",
    "99999999999999999999999999", "🏠" * 30_000, "../../etc/passwd", "null",
]
RAW_BODIES = [b"%ED%A0%80=%ED%A0%80", b"a=%FF%FE%C3%28", b"=&&=&%", b"\xff\xfe\xfd"]


def _field_names(client, app, records, users) -> list[str]:
    """Every field name on every page this user can open: forms often live on another
    page than the one they post to (assign on /team, sign on the review page)."""
    names: set[str] = set()
    for _m, url in _own_urls(app, records, users, ("GET",)):
        page = client.get(url)
        if page.status_code == 200 and page.mimetype == "text/html":
            names.update(NAMES.findall(page.get_data(as_text=True)))
    return sorted(names - {"csrf_token"})


@pytest.mark.parametrize("username", ROLES)
def test_odd_form_values_never_give_a_server_error(world, csrf_app, username):  # noqa: F811
    _, _, users = world
    app = csrf_app
    client = _login_with_token(app, username)
    token = client.get("/api/session").get_json()["csrfToken"]
    records = _own_records(app, username)
    fields = _field_names(client, app, records, users)
    urls = [url for _m, url in _own_urls(app, records, users, ("POST",))
            if not url.startswith(("/api/", "/logout"))]
    failures = []
    for url in urls:
        for value in ODD_VALUES:
            resp = client.post(url, data={**{name: value for name in fields},
                                          "csrf_token": token})
            if resp.status_code >= 500:
                failures.append((url, value[:20], resp.status_code))
        repeated = "&".join(f"{quote(n)}=a&{quote(n)}=b" for n in fields).encode()
        for body in [*RAW_BODIES, repeated, b""]:
            resp = client.post(url, data=body + b"&csrf_token=" + token.encode(),
                               content_type="application/x-www-form-urlencoded")
            if resp.status_code >= 500:
                failures.append((url, body[:20], resp.status_code))
    assert len(urls) > 10 and (username == "kim" or len(fields) > 5)
    assert failures == []
