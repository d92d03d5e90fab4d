"""Translation catalogue tooling.

Swedish translations live in part files, one per feature:
webapp/translations/sv/LC_MESSAGES/parts/*.po (so parallel work never edits
one shared file). `build` merges them into messages.po and compiles
messages.mo; `extract` writes messages.pot from the sources; `missing`
lists msgids used in the code that have no Swedish translation.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "webapp" / "translations"
METHODS = [
    ("core/**.py", "python"),
    ("webapp/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("static/js/**.js", "javascript"),
]
KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None, "_l": None,
            "ngettext": (1, 2), "N_": None, "NP_": (1, 2)}


def extract() -> Catalog:
    catalog = Catalog(project="bokvar")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {
            "extensions": "jinja2.ext.i18n"}},
    ):
        if ROOT.joinpath(filename).is_relative_to(ROOT / ".venv"):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def merged(locale: str) -> Catalog:
    catalog = Catalog(locale=locale, project="bokvar")
    parts = sorted((TRANSLATIONS / locale / "LC_MESSAGES" / "parts").glob("*.po"))
    for part in parts:
        with part.open("rb") as fh:
            for msg in read_po(fh, locale=locale):
                if msg.id and msg.string:
                    catalog[msg.id] = msg
    return catalog


def build() -> None:
    for locale_dir in sorted(p for p in TRANSLATIONS.iterdir() if p.is_dir()):
        catalog = merged(locale_dir.name)
        out = locale_dir / "LC_MESSAGES"
        with (out / "messages.po").open("wb") as fh:
            write_po(fh, catalog)
        with (out / "messages.mo").open("wb") as fh:
            write_mo(fh, catalog)
        print(f"{locale_dir.name}: {len(catalog)} messages compiled")


def missing(locale: str = "sv") -> list[str]:
    have = merged(locale)
    return sorted({m.id if isinstance(m.id, str) else m.id[0] for m in extract() if m.id}
                  - {m.id if isinstance(m.id, str) else m.id[0] for m in have if m.id})


def main(argv: list[str]) -> int:
    cmd = argv[1] if len(argv) > 1 else "build"
    if cmd == "build":
        build()
    elif cmd == "extract":
        with (TRANSLATIONS / "messages.pot").open("wb") as fh:
            write_po(fh, extract())
    elif cmd == "missing":
        gaps = missing()
        for msgid in gaps:
            print(msgid)
        return 1 if gaps else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
