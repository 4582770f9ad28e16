"""Bench: the events list API against Datasette serving the same SQLite file, under wrk.

Run: ``.venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/api.py``. Builds a store of
10,000 events and 50,000 claims (written straight into the store's tables: the fast bulk path,
not the resolver), serves it with ``launchwatch serve`` and with ``datasette`` on 127.0.0.1, and
runs wrk (Debian's package; installed with apt-get when missing and run as root) against each
in turn at 64 connections: requests/s and p50/p99 latency, and the ratio of the two rates.

Both answer one page of 50 events as JSON: ``/api/events?limit=50`` (sorted by date, undated
events last, with the total count and each event's report count) and Datasette's
``/<db>/events.json?_size=50`` (its table view in primary-key order, with its count and facet
suggestions), also with ``_nofacet=1`` (without them). Repeated requests for one page are answered
from launchwatch's cache until the database changes, so two more launchwatch runs ask for the
first page with a parameter that changes at every request, and for random pages (``offset``
0-9,950): cache misses, each running the query.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

from launchwatch.store import open_store
from launchwatch.store.database import connect
from launchwatch.store.location import database_url
from launchwatch.store.schema import (
    article_versions,
    articles,
    claims,
    event_history,
    event_reports,
    events,
    reports,
)

AREAS = (
    ("Sunan", 39.22, 125.67),
    ("Wonsan", 39.15, 127.44),
    ("Sinpo", 40.03, 128.18),
    ("Sohae Satellite Launching Station", 39.66, 124.7),
    (None, None, None),
)
CATEGORIES = ("ballistic", "ballistic", "ballistic", "cruise", "space_launch", "unknown")
RANGE_CLASSES = ("SRBM", "MRBM", "IRBM", "ICBM", None)
CONFIRMATIONS = ("confirmed", "reported", "state_media_only", "unattributed")
SOURCES = ("jcs", "jp_gov", "kcna", "us_gov", "other_media")
FIELDS = ("date", "missile_count", "category", "range_km", "launch_area")
REPORTS_PER_EVENT = 2
# wrk's request generators: random pages of the events list; the first page, each request
# made distinct by a parameter the API ignores, so that none is answered from the cache.
RANDOM_PAGES = """
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/events?limit=50&offset=" .. math.random(0, 9950))
end
"""
UNCACHED = """
n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/events?limit=50&_=" .. n .. "-" .. math.random(1, 1e9))
end
"""


def build(path: Path, n_events: int, n_claims: int, seed: int = 1) -> None:
    """A store at ``path`` with ``n_events`` events, two reports each, ``n_claims`` claims."""
    path.unlink(missing_ok=True)
    open_store(str(path)).close()  # create and migrate the schema
    rng = random.Random(seed)
    now = datetime.now(UTC)
    start = date(1990, 1, 1)
    text = "North Korea fired a ballistic missile into the East Sea, the JCS said. " * 8
    rows: dict[str, list[dict[str, object]]] = {t: [] for t in ("a", "v", "r", "c", "e", "er", "h")}
    per_report = n_claims / (n_events * REPORTS_PER_EVENT)
    claim_count = 0
    for n in range(n_events):
        day = (start + timedelta(days=n * 3 + rng.randrange(3))).isoformat()
        dated = rng.random() > 0.02
        area, lat, lon = rng.choice(AREAS)
        values = {
            "country": "KP" if rng.random() < 0.9 else "IR",
            "date": day if dated else None,
            "missile_count": rng.choice((1, 1, 2, 3, None)),
            "category": rng.choice(CATEGORIES),
            "range_class": rng.choice(RANGE_CLASSES),
            "hypersonic": False,
            "designation": rng.choice(("Hwasong-11", "Hwasong-18", "KN-25", None)),
            "platform": rng.choice(("rail", "road-mobile", None, None)),
            "launch_area": area,
            "range_km": float(rng.randrange(200, 1500)),
            "apogee_km": float(rng.randrange(50, 6000)),
            "landing": "the East Sea",
            "sources": rng.sample(SOURCES, 2),
        }
        event_id = f"ev-{day}-{values['country'].lower()}" if dated else f"ev-undated-{n:08x}"
        rows["e"].append(
            {
                "id": event_id,
                "country": values["country"],
                "date": values["date"],
                "resolved": values,
                "conflicts": {},
                "confirmation": rng.choice(CONFIRMATIONS),
                "provenance": {},
                "place_name": area,
                "lat": lat,
                "lon": lon,
                "created_at": now,
                "updated_at": now,
            }
        )
        rows["h"].append(
            {
                "event_id": event_id,
                "at": now,
                "change": "created",
                "reason": "bench",
                "detail": {"added": [], "removed": []},
            }
        )
        for k in range(REPORTS_PER_EVENT):
            number = n * REPORTS_PER_EVENT + k + 1
            url = f"https://news{k}.example.org/{n}"
            rows["a"].append(
                {"id": number, "url": url, "outlet": f"outlet {k}", "first_seen_at": now}
            )
            rows["v"].append(
                {
                    "id": number,
                    "article_id": number,
                    "content_hash": f"{number:064x}",
                    "is_current": True,
                    "title": f"Launch {n}",
                    "published": day,
                    "text": text,
                    "launch_report": True,
                    "relevance_score": 1.0,
                    "stored_at": now,
                }
            )
            rows["r"].append(
                {
                    "id": number,
                    "version_id": number,
                    "position": 0,
                    "country": values["country"],
                    "date": values["date"],
                    "resolved": values,
                }
            )
            rows["er"].append({"event_id": event_id, "report_id": number, "family": number})
            wanted = round(per_report * (n * REPORTS_PER_EVENT + k + 1)) - claim_count
            for f in range(wanted):
                field = FIELDS[f % len(FIELDS)]
                rows["c"].append(
                    {
                        "report_id": number,
                        "field": field,
                        "value": values.get(field),
                        "span_start": 0,
                        "span_end": 40,
                        "source": rng.choice(SOURCES),
                        "confidence": 0.9,
                    }
                )
            claim_count += wanted
    engine = connect(database_url(str(path)))
    with engine.begin() as conn:
        for table, key in (
            (articles, "a"),
            (article_versions, "v"),
            (reports, "r"),
            (claims, "c"),
            (events, "e"),
            (event_reports, "er"),
            (event_history, "h"),
        ):
            conn.execute(insert(table), rows[key])
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(command: list[str], ready_url: str) -> Iterator[None]:
    """Run a server until the block ends; wait until ``ready_url`` answers 200."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(ready_url, timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                error = process.stderr.read().decode() if process.stderr else ""
                raise SystemExit(f"{command[0]} did not start: {error}")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wrk(
    url: str, connections: int, duration: int, threads: int, script: str | None = None
) -> dict[str, float]:
    """Requests/s and latency percentiles (ms) of one wrk run (``script``: its Lua request
    generator); fails on non-2xx answers and on timeouts (wrk gives up after 30 s)."""
    command = ["wrk", "--latency", "--timeout", "30s", f"-t{threads}", f"-c{connections}"]
    command += [f"-d{duration}s", url]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script is not None:
            lua.write(script)
            lua.flush()
            command += ["-s", lua.name]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw errors against {url}:\n{out}")
    latency = {p: _ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M)}
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
    }


def _ratio(results: dict[str, dict[str, float]], ours: str, theirs: str) -> float:
    return round(results[ours]["requests_per_s"] / results[theirs]["requests_per_s"], 2)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def ensure_wrk() -> None:
    """Install Debian's wrk when it is missing (as root), or say how to."""
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "wrk"]):
        subprocess.run(step, check=True, env=env, stdin=subprocess.DEVNULL, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=1, help="launchwatch serve workers")
    parser.add_argument("--db", type=Path, default=Path("bench/api-bench.db"))
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    ensure_wrk()
    if shutil.which("datasette", path=str(Path(sys.executable).parent)) is None:
        raise SystemExit("datasette is missing: .venv/bin/pip install -e '.[bench]'")

    started = time.perf_counter()
    build(args.db, args.events, args.claims)
    built = time.perf_counter() - started
    ours, theirs = free_port(), free_port()
    bin_dir = Path(sys.executable).parent
    serve = [sys.executable, "-m", "launchwatch.serve", "--db", str(args.db), "--port", str(ours)]
    serve += ["-q", "--workers", str(args.workers)]
    datasette = [str(bin_dir / "datasette"), "serve", str(args.db), "--port", str(theirs)]
    name = args.db.stem
    ours_url = f"http://127.0.0.1:{ours}/api/events?limit=50"
    theirs_url = f"http://127.0.0.1:{theirs}/{name}/events.json?_size=50"
    runs = [
        (serve, "launchwatch, one page", ours_url, None),
        (serve, "launchwatch, one page, uncached", ours_url, UNCACHED),
        (serve, "launchwatch, random pages", ours_url, RANDOM_PAGES),
        (datasette, "datasette", theirs_url, None),
        (datasette, "datasette, _nofacet=1", theirs_url + "&_nofacet=1", None),
    ]
    results = {}
    for command in (serve, datasette):
        mine = [run for run in runs if run[0] is command]
        with running(command, mine[0][2]):
            for _, label, url, script in mine:
                wrk(url, args.connections, 2, args.threads, script)  # warm-up
                httpx.get(url, timeout=120, trust_env=False)  # after the warm-up's backlog
                results[label] = wrk(url, args.connections, args.duration, args.threads, script)
                if not results[label]["requests_per_s"]:
                    raise SystemExit(f"{label}: no answer within wrk's 30 s timeout")
    ratios = {
        "launchwatch / datasette": _ratio(results, "launchwatch, one page", "datasette"),
        "launchwatch uncached / datasette _nofacet=1": _ratio(
            results, "launchwatch, one page, uncached", "datasette, _nofacet=1"
        ),
    }
    summary = {
        "events": args.events,
        "claims": args.claims,
        "connections": args.connections,
        "duration_s": args.duration,
        "workers": args.workers,
        "build_s": round(built, 1),
        "results": results,
        "ratios": ratios,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(
        f"{args.events:,} events, {args.claims:,} claims (built in {built:.1f} s); wrk "
        f"{args.connections} connections, {args.duration} s each, {args.workers} worker(s)"
    )
    for label, figures in results.items():
        print(
            f"  {label:<32} {figures['requests_per_s']:>8,.0f} requests/s   "
            f"p50 {figures['p50_ms']:6.1f} ms   p99 {figures['p99_ms']:6.1f} ms"
        )
    for name, value in ratios.items():
        print(f"  requests/s, {name}: {value:.2f}")


if __name__ == "__main__":
    main()
