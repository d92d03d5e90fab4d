"""The PWA's public, data-free routes: app shell, service worker, manifest, JS catalogue.

Nothing here ever contains participant data, so the service worker may
cache all of it. The worker's cache name is derived from a hash of every
precached file, computed when /sw.js is served: changing any shell file
changes the worker's bytes, which is what makes the browser install it.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from flask import Response, abort, current_app, render_template

from core.spec.export import msgids as spec_msgids
from core.spec.export import spec_json
from sync.mutations import REGISTRY
from sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION

from ..config import ROOT, TRANSLATIONS
from . import bp

STATIC = ROOT / "static"
SW_SOURCE = STATIC / "sw.js"
# Precached beside the JS modules and CSS: small, used by the shell itself.
# The 512 px icons are fetched by the browser only when installing, online.
SHELL_ICONS = ("icons/icon.svg", "icons/icon-192.png")
SHELL_CSS = ("css/app.css", "css/field.css")
JS_KEYWORDS = {"_": None, "ngettext": (1, 2)}


def _static_files() -> list[Path]:
    js = sorted(p for p in (STATIC / "js").rglob("*.js") if p.is_file())
    return js + [STATIC / name for name in SHELL_CSS + SHELL_ICONS]


def _fingerprint(files: list[Path]) -> tuple:
    mo = [TRANSLATIONS / loc / "LC_MESSAGES" / "messages.mo"
          for loc in current_app.config["LANGUAGES"]]
    return tuple((str(p), p.stat().st_mtime_ns) for p in files + mo if p.exists())


def _cached(key: str, fingerprint: tuple, build: Any) -> Any:
    store = current_app.extensions.setdefault("bokvar_pwa", {})
    hit = store.get(key)
    if hit and hit[0] == fingerprint:
        return hit[1]
    value = build()
    store[key] = (fingerprint, value)
    return value


def js_msgids() -> set[str]:
    found = set()
    for _f, _l, message, *_rest in extract_from_dir(
            str(STATIC / "js"), [("**.js", "javascript")], keywords=JS_KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(locale: str) -> dict[str, Any]:
    """msgid → translation (a list of forms for plurals), JS msgids only."""
    files = _static_files()

    def build() -> dict[str, Any]:
        wanted = js_msgids() | spec_msgids()
        mo = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo"
        messages: dict[str, Any] = {}
        if mo.exists():
            with mo.open("rb") as fh:
                for msg in read_mo(fh):
                    key = msg.id if isinstance(msg.id, str) else msg.id[0]
                    if key in wanted and msg.string:
                        messages[key] = (msg.string if isinstance(msg.string, str)
                                         else list(msg.string))
        return {"locale": locale, "messages": messages}

    return _cached(f"catalogue:{locale}", _fingerprint(files), build)  # type: ignore[no-any-return]


def _spec_bytes() -> bytes:
    """The field spec for the PWA: choice lists, limits, labels (msgids), words."""
    store = current_app.extensions.setdefault("bokvar_pwa", {})
    if "spec" not in store:
        data = {**spec_json(), "mutations": _mutations(),
                "sync": {"protocol": PROTOCOL_VERSION, "schema": SCHEMA_VERSION}}
        store["spec"] = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    return store["spec"]  # type: ignore[no-any-return]


def _mutations() -> dict[str, Any]:
    """Each sync mutation's arguments (from the registry that checks them), so the app
    sends exactly the fields the server takes."""
    return {name: {"entity": m.entity, "fields": [f for f in m.fields if f != "uuid"],
                   "required": list(m.required), "merged": m.merged}
            for name, m in REGISTRY.items()}


def _catalogue_bytes(locale: str) -> bytes:
    return json.dumps(catalogue(locale), ensure_ascii=False, sort_keys=True).encode()


def _shell_html() -> bytes:
    modules = ["/static/" + p.relative_to(STATIC).as_posix()
               for p in sorted((STATIC / "js").rglob("*.js"))
               if p.name not in ("app.js",) and p.parent.name != "pages"]
    return render_template("pwa/shell.html", modules=modules).encode()


def manifest_data() -> dict[str, Any]:
    icons = "/static/icons/"
    return {
        "id": "/app/",
        "name": "Bokvar",
        "short_name": "Bokvar",
        "description": (
            "Bostad först: hembesök, anteckningar och uppföljningar – även utan täckning."
        ),
        "lang": "sv",
        "start_url": "/app/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": "#1f5f5b",
        "background_color": "#f5f3ee",
        "icons": [
            {"src": icons + "icon-192.png", "sizes": "192x192", "type": "image/png",
             "purpose": "any"},
            {"src": icons + "icon-512.png", "sizes": "512x512", "type": "image/png",
             "purpose": "any"},
            {"src": icons + "icon-maskable-512.png", "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }


def _manifest_bytes() -> bytes:
    return json.dumps(manifest_data(), ensure_ascii=False, indent=1).encode()


def precache() -> tuple[str, list[str]]:
    """(version, urls) of everything the service worker precaches."""
    files = _static_files()

    def build() -> tuple[str, list[str]]:
        digest = hashlib.sha256()
        urls = []
        for url, body in precache_bodies(files):
            urls.append(url)
            digest.update(url.encode() + b"\0" + hashlib.sha256(body).digest())
        digest.update(SW_SOURCE.read_bytes())
        digest.update(salt.encode())
        return digest.hexdigest()[:16], urls

    # PWA_VERSION_SALT lets a test publish "a new version" without touching files.
    salt = str(current_app.config.get("PWA_VERSION_SALT", ""))
    return _cached("precache", _fingerprint(files + [SW_SOURCE]) + (salt,), build)  # type: ignore[no-any-return]


def precache_bodies(files: list[Path] | None = None) -> list[tuple[str, bytes]]:
    """Every precached URL with the bytes it serves (also used by the benchmark)."""
    files = files if files is not None else _static_files()
    out = [("/app/", _shell_html()), ("/manifest.webmanifest", _manifest_bytes()),
           ("/app/spec.json", _spec_bytes())]
    out += [(f"/i18n/{loc}.json", _catalogue_bytes(loc))
            for loc in current_app.config["LANGUAGES"]]
    out += [("/static/" + p.relative_to(STATIC).as_posix(), p.read_bytes()) for p in files]
    return out


@bp.route("/app/")
def offline_shell() -> Response:
    """The app shell: static HTML, no user data; views render from IndexedDB."""
    resp = Response(_shell_html(), mimetype="text/html")
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.route("/sw.js")
def service_worker() -> Response:
    version, urls = precache()
    head = f"const VERSION = {json.dumps(version)};\nconst PRECACHE = {json.dumps(urls)};\n"
    resp = Response(head + SW_SOURCE.read_text(), mimetype="application/javascript")
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["Service-Worker-Allowed"] = "/"
    return resp


@bp.route("/manifest.webmanifest")
def manifest() -> Response:
    return Response(_manifest_bytes(), mimetype="application/manifest+json")


@bp.route("/app/spec.json")
def spec() -> Response:
    return Response(_spec_bytes(), mimetype="application/json")


@bp.route("/i18n/<locale>.json")
def js_catalogue(locale: str) -> Response:
    if locale not in current_app.config["LANGUAGES"]:
        abort(404)
    return Response(_catalogue_bytes(locale), mimetype="application/json")
