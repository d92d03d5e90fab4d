#!/usr/bin/env bash
# Regenerates the single initial migration from the models (pre-release only:
# once a database exists in production, add new migrations instead).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f migrations/versions/*.py
DATABASE_URL="sqlite:///$tmp/empty.sqlite" BOKVAR_SECRET_KEY=regen .venv/bin/flask --app webapp db migrate -m "initial schema" --rev-id 0001 >/dev/null
python3 - <<'PY'
import glob, re
path = glob.glob("migrations/versions/0001_*.py")[0]
src = open(path).read()
# Seed the version counter row inside the migration.
src = src.replace("    # ### end Alembic commands ###\n", "    # ### end Alembic commands ###\n    op.execute(\"INSERT INTO sync_version (id, value) VALUES (1, 0)\")\n", 1)
open(path, "w").write(src)
PY
rm -rf "$tmp"
ls migrations/versions/
