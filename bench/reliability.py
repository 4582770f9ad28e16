"""The long runs of the reliability suite (the fast parts are tests/reliability, run in CI).

Usage::

    .venv/bin/python bench/reliability.py crash [--kills 100] [--backend sqlite|postgres|both]
                                                [--target ingest|watch|both] [--seed N]
    .venv/bin/python bench/reliability.py fuzz [--inputs 100000] [--seed N]
    .venv/bin/python bench/reliability.py load [--clients 64] [--seconds 60] [--events 10000]

``crash``: ``kill -9`` of ``launchwatch ingest`` (of the corpus, or the fixture reports without
it) and of ``launchwatch watch`` (polling a local feed that keeps publishing, alerting a local
webhook) at random moments; after each kill the store's consistency checks (with SQLite's
integrity check); after the last, a clean run must give the record of an uninterrupted run,
and every alert must have been received. Prints the kills survived. PostgreSQL runs use a new
database on 127.0.0.1:5432 per run, dropped afterwards.

``fuzz``: the fuzz targets of tests/reliability/fuzzing.py with a large budget split over the
six targets; prints the inputs fuzzed, failures, and each target's slowest input in seconds
per 100 KB (the bound is 1 s).

``load``: ``launchwatch serve`` on 127.0.0.1 over a store of ``--events`` events (bench/api.py's
bulk store), ``--clients`` concurrent clients asking ``/api/events`` (the first page, and pages
at random offsets) for ``--seconds`` while a writer keeps ingesting new articles into the same
database (each ingest recomputes every event); prints requests, errors, latency percentiles
and the writes made meanwhile.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "reliability")]

from conftest import postgres_database, postgres_unavailable  # noqa: E402
from crashes import (  # noqa: E402
    digest,
    ingest_command,
    ingest_crashes,
    ingest_input,
    run,
    watch_crashes,
)

TIME_BOUND = 1.0  # seconds per 100 KB of input


@contextmanager
def database(backend: str, folder: Path, name: str) -> Iterator[str]:
    """A new store: a SQLite file in ``folder``, or a new PostgreSQL database (dropped after)."""
    if backend == "sqlite":
        yield str(folder / f"{name}.db")
    else:
        with postgres_database() as url:
            yield url


def crash(args: argparse.Namespace) -> int:
    """The crash runs; returns the exit status (1 when any kill was not survived)."""
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and postgres_unavailable():
        print(f"postgres skipped: {postgres_unavailable()}")
        backends.remove("postgres")
    targets = ["ingest", "watch"] if args.target == "both" else [args.target]
    failed = False
    for backend in backends:
        for target in targets:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                started = time.monotonic()
                if target == "ingest":
                    line, ok = _ingest_run(backend, folder, args)
                else:
                    line, ok = _watch_run(backend, folder, args)
                failed |= not ok
                print(f"{target} on {backend}: {line} ({time.monotonic() - started:.0f} s)")
    return 1 if failed else 0


def _ingest_run(backend: str, folder: Path, args: argparse.Namespace) -> tuple[str, bool]:
    reference_db = str(folder / "reference.db")
    clock = time.monotonic()
    run(ingest_command(reference_db, ingest_input()))
    seconds = time.monotonic() - clock
    reference = digest(reference_db)
    with database(backend, folder, "crashed") as db:
        report = ingest_crashes(db, args.kills, args.seed, seconds)
        matches = digest(db) == reference
    _print_problems(report.problems)
    ok = not report.problems and matches
    return (
        f"{report.survived}/{report.kills} kills survived ({report.finished} runs ended before "
        f"their kill), re-run equals uninterrupted run: {'yes' if matches else 'NO'}",
        ok,
    )


def _watch_run(backend: str, folder: Path, args: argparse.Namespace) -> tuple[str, bool]:
    with database(backend, folder, "crashed") as db:
        outcome = watch_crashes(db, folder, args.kills, args.seed)
    _print_problems(outcome.crashes.problems)
    ok = (
        not outcome.crashes.problems
        and outcome.matches
        and not (outcome.unalerted or outcome.lost or outcome.undelivered)
    )
    return (
        f"{outcome.crashes.survived}/{outcome.crashes.kills} kills survived, final record equals "
        f"uninterrupted run: {'yes' if outcome.matches else 'NO'}; {outcome.alerts} alerts, "
        f"{outcome.unalerted} events never alerted, {outcome.lost} lost, {outcome.undelivered} "
        f"undelivered, {outcome.repeated} POSTs repeated (same alert id)",
        ok,
    )


def _print_problems(found: list[str]) -> None:
    for problem in found[:20]:
        print(f"  problem: {problem}")


def fuzz(args: argparse.Namespace) -> int:
    """The large fuzz budget; returns 1 when any input failed or broke the time bound."""
    from fastapi.testclient import TestClient
    from fuzzing import (
        STATS,
        dates,
        feeds,
        fuzz_decoder,
        fuzz_extraction,
        fuzz_feed,
        fuzz_html,
        fuzz_jsonl,
        fuzz_query,
        html_pages,
        jsonl_lines,
        query_strings,
        raw_inputs,
        texts,
        warm_up,
    )
    from hypothesis import given, seed, settings
    from hypothesis import strategies as st
    from servefixture import build_db

    from launchwatch.serve import ServeSettings, create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = build_db(Path(tmp) / "fixture.db")
        with TestClient(create_app(str(db), ServeSettings())) as client:
            paths = ["/api/events", "/api/stats", "/api/export.csv", "/api/articles", "/", "/map"]
            targets: list[tuple[str, Any, Callable[..., None]]] = [
                ("decoder", st.tuples(raw_inputs), fuzz_decoder),
                ("html", st.tuples(st.one_of(html_pages(), raw_inputs)), fuzz_html),
                ("jsonl", st.tuples(jsonl_lines()), fuzz_jsonl),
                ("extraction", st.tuples(texts, dates), fuzz_extraction),
                ("feed", st.tuples(feeds()), fuzz_feed),
                (
                    "api",
                    st.tuples(st.sampled_from(paths), query_strings()),
                    lambda path, query: fuzz_query(
                        lambda url: client.get(url).status_code, path, query
                    ),
                ),
            ]
            each = args.inputs // len(targets)
            profile = settings(
                settings.get_profile("reliability-bench"),
                max_examples=each,
                derandomize=False,
            )
            failures = 0
            warm_up()
            for name, strategy, target in targets:
                started = time.monotonic()
                one = seed(args.seed)(given(strategy)(settings(profile)(_spread(target))))
                try:
                    one()
                except Exception as exc:  # Hypothesis re-raises the shrunk failing input
                    failures += 1
                    print(f"{name}: FAILED: {type(exc).__name__}: {str(exc)[:2000]}")
                print(
                    f"{name}: {STATS.inputs.get(name, 0):,} inputs, slowest "
                    f"{STATS.slowest.get(name, 0.0):.3f} s per 100 KB "
                    f"({time.monotonic() - started:.0f} s)"
                )
    total = sum(STATS.inputs.values())
    slow = [name for name, worst in STATS.slowest.items() if worst > TIME_BOUND]
    for name in slow:
        print(f"{name}: slowest input: {STATS.slowest_input[name]!r:.3000}")
    print(
        f"inputs fuzzed: {total:,}; failures: {failures}; over {TIME_BOUND:g} s per 100 KB: "
        f"{', '.join(slow) or 'none'}"
    )
    return 1 if failures or slow else 0


def load(args: argparse.Namespace) -> int:
    """The load run; returns 1 when any request failed."""
    import asyncio
    import json

    import httpx
    from servefixture import live_server

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from api import build

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        build(db, args.events, args.events * 5)
        with live_server(db) as base:
            latencies: list[float] = []
            errors: list[str] = []
            writes = [0]
            stop = time.monotonic() + args.seconds

            async def client(n: int) -> None:
                rng = random.Random(n)
                async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=30) as http:
                    while time.monotonic() < stop:
                        offset = rng.randrange(0, args.events, 50) if rng.random() < 0.5 else 0
                        started = time.perf_counter()
                        try:
                            answer = await http.get(f"/api/events?limit=50&offset={offset}")
                            if answer.status_code != 200:
                                errors.append(f"HTTP {answer.status_code}")
                        except httpx.HTTPError as exc:
                            errors.append(type(exc).__name__)
                        latencies.append(time.perf_counter() - started)

            def writer() -> None:
                n = 0
                while time.monotonic() < stop:
                    batch = Path(tmp) / "new.jsonl"
                    text = (
                        f"SEOUL - North Korea fired {n % 4 + 1} ballistic missiles on Tuesday, "
                        "South Korea's Joint Chiefs of Staff said."
                    )
                    line = {"url": f"https://load.example/{n}", "published": "2025-03-04"}
                    batch.write_text(json.dumps({**line, "text": text}) + "\n")
                    run(ingest_command(str(db), batch))
                    writes[0] += 1
                    n += 1

            async def everything() -> None:
                written = asyncio.to_thread(writer)
                await asyncio.gather(written, *(client(n) for n in range(args.clients)))

            asyncio.run(everything())
    latencies.sort()

    def quantile(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    print(
        f"{len(latencies):,} requests of /api/events from {args.clients} clients in "
        f"{args.seconds:g} s over {args.events:,} events ({len(latencies) / args.seconds:.0f}/s), "
        f"{len(errors)} errors; latency p50 {quantile(0.5):.1f} ms, p99 {quantile(0.99):.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms; {writes[0]} ingests written meanwhile"
    )
    return 1 if errors else 0


def _spread(target: Callable[..., None]) -> Callable[[tuple[Any, ...]], None]:
    """``target`` taking its arguments as one tuple (what ``st.tuples`` draws)."""
    return lambda values: target(*values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    crash_mode = modes.add_parser("crash", help="kill -9 at random moments")
    crash_mode.add_argument("--kills", type=int, default=100)
    crash_mode.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    crash_mode.add_argument("--target", choices=["ingest", "watch", "both"], default="both")
    crash_mode.add_argument("--seed", type=int, default=1)
    fuzz_mode = modes.add_parser("fuzz", help="fuzz every reader of untrusted input")
    fuzz_mode.add_argument("--inputs", type=int, default=100_000)
    fuzz_mode.add_argument("--seed", type=int, default=1)
    load_mode = modes.add_parser("load", help="concurrent clients against serve while writing")
    load_mode.add_argument("--clients", type=int, default=64)
    load_mode.add_argument("--seconds", type=float, default=60)
    load_mode.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    return {"crash": crash, "fuzz": fuzz, "load": load}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
