"""Browser and system from a User-Agent string, for people to recognise a device.

Only what a person needs to tell their phones apart ("Chrome 131 · Android 14");
never used for a security decision.
"""
from __future__ import annotations

import re

# Order matters: Edge and Samsung Internet also say "Chrome", Chrome also says "Safari".
_BROWSERS = (
    ("Edge", r"Edg(?:e|A|iOS)?/(\d+)"),
    ("Samsung Internet", r"SamsungBrowser/(\d+)"),
    ("Opera", r"OPR/(\d+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
    ("Chrome", r"(?:Chrome|CriOS)/(\d+)"),
    ("Safari", r"Version/(\d+)[.\d]* (?:Mobile/\S+ )?Safari/"),
)
_SYSTEMS = (
    ("Android", r"Android (\d+(?:\.\d+)?)"),
    ("iOS", r"(?:iPhone|iPad|iPod).*? OS (\d+)"),
    ("ChromeOS", r"CrOS"),
    ("Windows", r"Windows NT"),
    ("macOS", r"Mac OS X"),
    ("Linux", r"Linux"),
)


def _first(table: tuple[tuple[str, str], ...], ua: str) -> str:
    for name, pattern in table:
        found = re.search(pattern, ua)
        if found:
            version = found.group(1) if found.groups() else None
            return f"{name} {version}" if version else name
    return ""


def describe(user_agent: str | None) -> tuple[str, str]:
    """(browser, system), each "" when not recognised."""
    ua = user_agent or ""
    return _first(_BROWSERS, ua), _first(_SYSTEMS, ua)
