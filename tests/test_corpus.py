"""Regression floors on the labelled corpus in ../shared/corpus (skipped where it is absent).

Each floor is the issue's quality bar, or the score measured when it was last set minus 0.02
where that is higher, so that no change can make extraction quietly worse or drop it below the
bar. Raise them when extraction gets better.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from launchwatch.cli import main
from launchwatch.evaluate import evaluate_file

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
DEV = CORPUS / "dev.jsonl"
SEEDS = CORPUS / "seeds"

# Measured 2026-11-22 (README "Corpus scores"): 0.996 / 1.000 / 0.943 / 0.943 / 0.857 / 0.714.
FLOOR: dict[str, float] = {
    "launch_report_f1": 0.97,
    "date_accuracy": 0.98,
    "event_precision": 0.93,
    "event_recall": 0.93,
    "field_mean": 0.85,
    "field_min": 0.70,
}

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not DEV.is_file(), reason=f"corpus not found at {DEV}"),
]


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    result = evaluate_file(DEV)
    print("\ncorpus scores:", json.dumps(result["headline"], indent=1))
    return result


@pytest.mark.parametrize("figure", list(FLOOR))
def test_score_at_least_floor(scores: dict[str, Any], figure: str) -> None:
    value = scores["headline"][figure]
    print(f"{figure}: {value:.4f} (floor {FLOOR[figure]})")
    assert value is not None
    assert value >= FLOOR[figure], f"{figure} fell to {value:.4f}, below its floor {FLOOR[figure]}"


@pytest.fixture(scope="module")
def seed_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """The seeds ingested through ``launchwatch ingest``: file name -> stored launch reports."""
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    result = CliRunner().invoke(main, ["ingest", "--db", str(db), str(SEEDS)])
    assert result.exit_code == 0, result.output
    found: dict[str, list[dict[str, Any]]] = {path.name: [] for path in SEEDS.glob("*.txt")}
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select v.origin, r.resolved from reports r"
            " join article_versions v on v.id = r.version_id where v.is_current"
        ).fetchall()
    for origin, resolved in rows:
        found[Path(origin).name].append(json.loads(resolved))
    return found


SEED_NAMES = ["seed-rail-2021.txt", "seed-rail-2022.txt"]


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_seed_is_a_rail_launch_report(
    seed_reports: dict[str, list[dict[str, Any]]], seed: str
) -> None:
    [report] = seed_reports[seed]
    assert report["country"] == "KP"
    assert report["platform"] == "rail"


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_seed_reports_two_missiles(
    seed_reports: dict[str, list[dict[str, Any]]], seed: str
) -> None:
    [report] = seed_reports[seed]
    assert report["missile_count"] == 2
