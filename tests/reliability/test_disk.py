"""A SQLite store that fills up mid-batch (``PRAGMA max_page_count``, no tmpfs needed) and one
whose file is read-only: one clear error line, exit code 1, nothing stored before lost."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from crashes import digest, ingest_command, problems, record, run
from servefixture import FIXTURE
from sqlalchemy import Engine, event

from launchwatch.cli import main


@pytest.fixture
def stored(tmp_path: Path) -> str:
    """A SQLite store holding the web app's fixture reports."""
    db = str(tmp_path / "lw.db")
    run(ingest_command(db, FIXTURE))
    return db


def long_reports(path: Path, count: int = 40) -> Path:
    """A JSONL batch of ``count`` launch reports of about 6 KB each."""
    lines = []
    for n in range(count):
        text = (
            f"SEOUL - North Korea fired two short-range ballistic missiles on Tuesday, report {n}, "
            "South Korea's Joint Chiefs of Staff said. " * 50
        )
        lines.append(json.dumps({"id": f"r{n}", "published": "2025-03-04", "text": text}))
    path.write_text("\n".join(lines) + "\n")
    return path


@contextmanager
def page_limit(pages: int) -> Iterator[None]:
    """Every SQLite connection opened meanwhile gets ``PRAGMA max_page_count=pages``."""

    def limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(Engine, "connect", limit)
    try:
        yield
    finally:
        event.remove(Engine, "connect", limit)


def test_a_store_that_fills_mid_batch_stops_with_one_error_and_keeps_what_it_had(
    stored: str, tmp_path: Path
) -> None:
    before = record(stored)
    pages = os.path.getsize(stored) // 4096
    with page_limit(pages + 8):
        result = CliRunner().invoke(
            main, ["ingest", "-q", "--db", stored, str(long_reports(tmp_path / "big.jsonl"))]
        )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert "database or disk is full; batch stopped" in errors[0]
    after = record(stored)
    assert set(map(str, before["versions"])) <= set(map(str, after["versions"]))
    assert set(before["events"]) <= set(after["events"])
    assert problems(stored) == []
    # Room again: the same batch goes in whole.
    run(ingest_command(stored, tmp_path / "big.jsonl"))
    assert len(record(stored)["versions"]) == len(before["versions"]) + 40


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` unwritable for this process: mode 0444, or for root the immutable attribute."""
    if os.geteuid() != 0:
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        try:
            yield
        finally:
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)]).returncode != 0:
        pytest.skip("running as root, and chattr +i cannot make the file read-only here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def test_a_read_only_store_refuses_the_batch_with_one_error_and_loses_nothing(
    stored: str, tmp_path: Path
) -> None:
    before = digest(stored)
    with read_only(Path(stored)):
        done = subprocess.run(
            ingest_command(stored, long_reports(tmp_path / "more.jsonl")),
            capture_output=True,
            text=True,
        )
    assert done.returncode == 1
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 1, done.stderr
    assert "readonly database" in errors[0] or "read-only" in errors[0], errors
    assert digest(stored) == before
    assert problems(stored) == []
