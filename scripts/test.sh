#!/usr/bin/env bash
# Lint and test launchwatch: creates .venv if missing, installs the project with its test extras,
# runs ruff, then pytest (extra arguments go to pytest). Exits non-zero if either fails.
# The corpus tests run when ../shared/corpus is beside the checkout and are skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv "[test]"
ensure_java

# The browser tests (tests/test_web.py) drive Debian's chromium; install it when missing.
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing chromium for the browser tests"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q </dev/null >/dev/null
        apt-get install -y -q chromium </dev/null >/dev/null
    else
        echo "note: /usr/bin/chromium is missing (apt-get install chromium as root); browser tests are skipped" >&2
    fi
fi

status=0
echo "== ruff check src tests bench"
.venv/bin/ruff check src tests bench || status=1
echo "== pytest"
.venv/bin/python -m pytest -q "$@" || status=1
exit "$status"
