"""The field app's module roles (docs/pwa.md), checked on the sources.

TodoMVC's split: views ask queries.js (reads) and actions.js (writes), never
the store; replica.js owns applying a pulled page; sync-client.js is only
the transport. An import graph read from the files keeps that true.
"""
from __future__ import annotations

import re
from pathlib import Path

JS = Path(__file__).resolve().parents[2] / "static" / "js"
IMPORT = re.compile(r"""^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']""", re.M | re.S)


def imports(path: Path) -> set[str]:
    """The modules `path` imports, as paths relative to static/js."""
    found = set()
    for spec in IMPORT.findall(path.read_text()):
        if spec.startswith("/"):  # a URL the server makes (e.g. /app/spec.json)
            found.add(spec)
            continue
        found.add((path.parent / spec).resolve().relative_to(JS).as_posix())
    return found


def test_the_import_reader_sees_a_views_imports():
    # A positive control: without it a broken regex would pass every test below.
    assert {"queries.js", "actions.js", "views/parts.js"} <= imports(JS / "views" / "participant.js")


def test_no_view_reads_the_store_directly():
    views = sorted((JS / "views").glob("*.js"))
    assert len(views) >= 6
    offenders = {v.name: sorted(imports(v) & {"db.js", "outbox.js", "journal.js", "replica.js",
                                              "vault.js"})
                 for v in views}
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_views_share_parts_through_one_module_not_through_each_other():
    for view in (JS / "views").glob("*.js"):
        others = {m for m in imports(view) if m.startswith("views/") and m != "views/parts.js"}
        assert others == set(), view.name


def test_the_app_controller_does_not_touch_the_store_either():
    assert "db.js" not in imports(JS / "app.js")


def test_sync_client_is_transport_only():
    source = (JS / "sync-client.js").read_text()
    assert "db.js" not in imports(JS / "sync-client.js")
    assert "replica.js" in imports(JS / "sync-client.js")
    for name in ("applyPull", "rebase", "keepConflicts", "keepErrors"):
        assert not re.search(rf"function\s+{name}\b", source), name
    replica = (JS / "replica.js").read_text()
    for name in ("applyPull", "rebase", "keepConflicts", "keepErrors"):
        assert re.search(rf"function\s+{name}\b", replica), name
    assert "fetch(" not in replica


def test_only_db_js_opens_indexeddb():
    users = sorted(p.relative_to(JS).as_posix() for p in JS.rglob("*.js")
                   if "indexedDB.open" in p.read_text() or "indexedDB.deleteDatabase" in p.read_text())
    assert users == ["db.js"]
