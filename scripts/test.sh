#!/usr/bin/env bash
# Lint and test launchwatch: creates .venv if missing, installs the project with its test extras,
# runs ruff, then pytest (extra arguments go to pytest). Exits non-zero if either fails.
# The corpus tests run when ../shared/corpus is beside the checkout and are skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv "[test]"

status=0
echo "== ruff check src tests bench"
.venv/bin/ruff check src tests bench || status=1
echo "== pytest"
.venv/bin/python -m pytest -q "$@" || status=1
exit "$status"
