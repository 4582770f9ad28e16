# Sourced by the other scripts: make sure .venv exists (Python 3.11+) and the project is installed.
# Set PYTHON to choose the interpreter that creates the venv (default: the newest python3.1x found).

find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "launchwatch needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
    return 1
}

ensure_venv() {
    # $1: the extras to install, e.g. "[test]" (may be empty)
    if [ ! -x .venv/bin/python ]; then
        local python
        python=$(find_python)
        echo "creating .venv with $python" >&2
        "$python" -m venv .venv
    fi
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${1:-}"
}
