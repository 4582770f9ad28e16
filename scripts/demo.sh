#!/usr/bin/env bash
# A first look at launchwatch: install it into .venv, ingest a few reports into a demo database,
# and list the launch events found. The reports are the corpus seeds in ../shared/corpus/seeds
# (when the corpus is beside the checkout) and the two example reports bundled with the package.
# The database is demo/launchwatch-demo.db (or $LAUNCHWATCH_DEMO_DB); it is rebuilt on each run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv ""

db=${LAUNCHWATCH_DEMO_DB:-demo/launchwatch-demo.db}
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm"
examples=$(.venv/bin/python -c \
    'import importlib.resources as r; print(r.files("launchwatch") / "examples")')
inputs=()
if [ -d ../shared/corpus/seeds ]; then
    inputs+=(../shared/corpus/seeds)
fi
inputs+=("$examples")

echo "== launchwatch ingest --db $db ${inputs[*]}"
.venv/bin/launchwatch ingest --db "$db" "${inputs[@]}"
echo
echo "== launchwatch events --db $db"
.venv/bin/launchwatch events --db "$db"
# Read the whole listing (no `head`: a closed pipe would fail the command under pipefail).
first=$(.venv/bin/launchwatch events --db "$db" --json |
    .venv/bin/python -c 'import json, sys; lines = sys.stdin.read().splitlines(); print(json.loads(lines[0])["id"] if lines else "")')
if [ -n "$first" ]; then
    echo
    echo "Next: .venv/bin/launchwatch show --db $db $first"
fi
