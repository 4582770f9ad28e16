"""The web app's fixture database, built through the real pipeline, and a live server for it.

``tests/fixtures/serve/reports.jsonl`` holds eight reports of six launches (two sources that
disagree on one flight range; a space launch; an Indian test) and a hostile article whose text,
title and outlet carry ``<script>`` tags and ``javascript:`` links, with a ``javascript:`` url.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from launchwatch.pipeline import ingest_paths

FIXTURE = Path(__file__).parent / "fixtures" / "serve" / "reports.jsonl"
HOSTILE_EVENT = "ev-2024-02-14-kp"
DISPUTED_EVENT = "ev-2024-01-14-kp"


def build_db(path: Path) -> Path:
    """Ingest the fixture reports into a new SQLite file at ``path``."""
    summary = ingest_paths([FIXTURE], str(path))
    assert summary.ok, summary.describe()
    return path


def copy_db(source: Path, target: Path) -> Path:
    """A copy of a fixture database (for tests that write)."""
    shutil.copyfile(source, target)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(
    db: Path, env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[str]:
    """``python -m launchwatch.serve`` on a free 127.0.0.1 port; yields its base url.

    Quiet, unless ``log`` is given: then every request is logged, with all other output of
    the server, to that file.
    """
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LAUNCHWATCH_")} | (
        env or {}
    )
    command = [sys.executable, "-m", "launchwatch.serve", "--db", str(db), "--port", str(port)]
    output = log.open("wb") if log is not None else None
    process = subprocess.Popen(
        command if output is not None else [*command, "-q"],
        env=environment,
        stdout=output or subprocess.DEVNULL,
        stderr=output or subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                # answering at all is ready: with a read token, the document is a 401
                answer = httpx.get(f"{base}/openapi.json", timeout=1, trust_env=False)
                if answer.status_code < 500:
                    break
                answer.raise_for_status()
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    stderr = process.stderr.read().decode() if process.stderr else ""
                    if log is not None:
                        stderr = log.read_text(errors="replace")
                    raise RuntimeError(f"launchwatch serve did not start: {stderr}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if output is not None:
            output.close()
