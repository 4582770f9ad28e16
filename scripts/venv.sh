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

ensure_java() {
    # Spark (the spark extra: `launchwatch backfill`, tests/test_backfill_spark.py) needs a Java
    # 17+ runtime. Install Debian's headless JRE when `java` is missing and we may (root with
    # apt-get): default-jre-headless is openjdk-17-jre-headless on Debian 12 and the newer LTS
    # runtime on later releases, both of which Spark 4 supports.
    if command -v java >/dev/null 2>&1; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing a Java runtime for Spark (default-jre-headless)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q </dev/null >/dev/null
        apt-get install -y -q --no-install-recommends default-jre-headless </dev/null >/dev/null
    else
        echo "note: no java found (apt-get install default-jre-headless as root); Spark tests are skipped" >&2
    fi
}
