"""Screenshots of server-rendered pages in headless Chromium: a URL list → PNG files.

    .venv/bin/python scripts/screenshots.py --demo --login sara --size 360x740 \\
        /=docs/screenshots/caseload.png "/@Dragan=docs/screenshots/participant-page.png"

Each shot is PATH[@LINK TEXT...]=FILE: open PATH, then follow the link named
each "@LINK TEXT" in turn, so pages keyed by a uuid can be reached from the
demo data ("/@Kim@Nytt mål=goal.png" opens Kim's page, then the new-goal
form). A link named exactly so is taken first, else the first whose name
contains the text ("Göran" for "Göran, 30 okt. 2026"). With several --size
values, "{width}" in FILE is replaced by the width (or "-<width>" is added
before ".png").

--print emulates print media (a printed page: no navigation, no buttons).

Dates in <input type=date> follow Chromium's UI language, not the page's:
Debian's chromium has only en-US unless chromium-l10n is installed.

--demo serves a fresh copy of the app on a free loopback port, on a
temporary database with the demo team; --base-url uses a running server.
Service workers are blocked so the pictures show the server's pages.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
DEMO_PASSWORD = "bokvar-demo"


@contextmanager
def demo_server() -> Iterator[str]:
    """The app on a temporary, migrated database holding the demo team."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from webapp import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SECRET_KEY": "screenshots",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/demo.sqlite"})
        with app.app_context():
            from webapp.demo import seed
            from webapp.extensions import db

            upgrade()
            seed(db.session())
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            with app.app_context():
                db.engine.dispose()


def parse_shot(spec: str) -> tuple[str, list[str], str]:
    target, _, out = spec.rpartition("=")
    if not target or not out:
        raise SystemExit(f"bad shot {spec!r}: use PATH[@LINK TEXT...]=FILE")
    path, *links = target.split("@")
    if not all(links):
        raise SystemExit(f"bad shot {spec!r}: an empty @LINK TEXT")
    return path, links, out


def out_name(pattern: str, width: int, several: bool) -> Path:
    if "{width}" in pattern:
        return ROOT / pattern.format(width=width)
    if several:
        stem, dot, ext = pattern.rpartition(".")
        return ROOT / f"{stem}-{width}{dot}{ext}"
    return ROOT / pattern


def follow(page, text: str) -> None:  # type: ignore[no-untyped-def]
    exact = page.get_by_role("link", name=text, exact=True)
    (exact if exact.count() else page.get_by_role("link", name=text)).first.click()


def take(base: str, shots: list[str], sizes: list[tuple[int, int]], login: str | None,
         password: str, locale: str, media: str = "screen") -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        for width, height in sizes:
            ctx = browser.new_context(viewport={"width": width, "height": height}, locale=locale,
                                      service_workers="block")
            page = ctx.new_page()
            if login:
                page.goto(f"{base}/login")
                page.fill("input[name=username]", login)
                page.fill("input[name=password]", password)
                with page.expect_navigation():
                    page.click("button[type=submit].primary")
                page.wait_for_load_state("load")
            page.emulate_media(media=media)  # after the login: print hides its button
            for spec in shots:
                path, links, pattern = parse_shot(spec)
                page.goto(base + path)
                for link in links:
                    with page.expect_navigation():
                        follow(page, link)
                out = out_name(pattern, width, len(sizes) > 1)
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out), full_page=True)
                print(f"{out}  ({width}px, {page.url})")
            ctx.close()
        browser.close()


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("shots", nargs="+", help="PATH[@LINK TEXT...]=FILE")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--demo", action="store_true", help="serve the demo on a free port")
    where.add_argument("--base-url", help="a running server, e.g. http://127.0.0.1:5000")
    parser.add_argument("--login", help="log in as this user first")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--size", action="append", default=[], help="WIDTHxHEIGHT (repeatable)")
    parser.add_argument("--locale", default="sv-SE")
    parser.add_argument("--print", action="store_true", help="emulate print media")
    args = parser.parse_args(argv)
    sizes = [_size(s) for s in args.size or ["360x740"]]
    media = "print" if args.print else "screen"
    if args.demo:
        with demo_server() as base:
            take(base, args.shots, sizes, args.login, args.password, args.locale, media)
    else:
        take(args.base_url.rstrip("/"), args.shots, sizes, args.login, args.password,
             args.locale, media)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
