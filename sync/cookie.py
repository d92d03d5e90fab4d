"""The pull cookie: opaque to the client, signed by the server.

It holds the server version the client's store reflects (`version`), the
participants that store covers (`scope`, so joining or leaving a caseload
becomes puts or dels whatever caused it: assignment, team or role), when
that version was read (`issued`, to detect a cookie older than tombstone
retention), the database's sync epoch (`epoch`: a restore from a backup starts
a new one, and versions after the backup point are handed out again), and the
position inside a paged run (`run`). Never a device clock. The HMAC keeps a
client from claiming a scope it never had.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from .protocol import is_int


@dataclass(frozen=True)
class Run:
    """A pull in progress: everything up to `target`, page by page."""

    target: int
    last_mutation_id: int
    scope: tuple[int, ...]
    started: int
    pos: tuple[int, str] | None = None
    sent: int = 0
    total: int | None = None
    # Participants an aborted run of this pull may have sent partly (see sync.pull._run).
    held: tuple[int, ...] = ()


@dataclass(frozen=True)
class Cookie:
    user_id: int
    version: int
    scope: tuple[int, ...]
    issued: int
    run: Run | None = None
    epoch: str = ""  # "" until the database's first restore (and in older cookies)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, payload: str) -> str:
    data = payload.encode("utf-8", "replace")
    return _b64(hmac.new(secret, data, hashlib.sha256).digest()[:18])


def encode(cookie: Cookie, secret: bytes) -> str:
    data: dict[str, Any] = {"u": cookie.user_id, "v": cookie.version, "s": list(cookie.scope),
                            "t": cookie.issued}
    if cookie.epoch:
        data["e"] = cookie.epoch
    if cookie.run is not None:
        r = cookie.run
        data["r"] = [r.target, r.last_mutation_id, list(r.scope), r.started,
                     list(r.pos) if r.pos else None, r.sent, r.total, list(r.held)]
    payload = _b64(json.dumps(data, separators=(",", ":")).encode())
    return f"{payload}.{_sign(secret, payload)}"


def decode(text: str, secret: bytes) -> Cookie | None:
    """The cookie, or None when it is not one this server signed."""
    payload, _, signature = text.partition(".")
    expected = _sign(secret, payload).encode()
    if not hmac.compare_digest(signature.encode("utf-8", "replace"), expected):
        return None
    try:
        data = json.loads(_unb64(payload))
        return _cookie(data)
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _ints(values: Any) -> tuple[int, ...]:
    if not isinstance(values, list) or not all(is_int(v) for v in values):
        raise ValueError("bad scope")
    return tuple(values)


def _cookie(data: dict[str, Any]) -> Cookie:
    run = None
    if data.get("r") is not None:
        target, last, scope, started, pos, sent, total, held = data["r"]
        run = Run(int(target), int(last), _ints(scope), int(started),
                  (int(pos[0]), str(pos[1])) if pos else None, int(sent),
                  None if total is None else int(total), _ints(held))
    return Cookie(int(data["u"]), int(data["v"]), _ints(data["s"]), int(data["t"]), run,
                  str(data.get("e") or ""))
