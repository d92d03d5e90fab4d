"""`flask export participant UUID`: everything held about one participant (right of access)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

export_cli = AppGroup("export", help="Export data.")
