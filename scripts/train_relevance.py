"""Train the relevance model, choose its settings on held-out folds, and write the model file.

    .venv/bin/python scripts/train_relevance.py ../shared/corpus/dev.jsonl [--write]

Each fold holds one event fold of the corpus (all pages of one launch together) and one hash fold
of the practice texts; every setting of C and threshold is scored on folds it was not trained on,
as the reader would use it: an article the rules do not read as news stays "no launch", the model
only vetoes. The chosen setting is the one with the best mean of corpus and practice F1 whose
corpus F1 is no worse than the rules' alone. ``--write`` fits it on everything and writes
``src/launchwatch/data/models/relevance-en.json`` with the held-out figures in its ``about``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from launchwatch.evaluate.folds import event_folds, stable_hash
from launchwatch.evaluate.run import read_gold
from launchwatch.reports import relevance

C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)
MODEL_PATH = Path(__file__).resolve().parents[1] / "src/launchwatch/data/models/relevance-en.json"

Row = dict[str, Any]


def f1(predicted: list[bool], gold: list[bool]) -> dict[str, float]:
    """Precision, recall and F1 of the launch-report decision."""
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f}


def folds_of(corpus: list[Row], practice: list[Row], k: int) -> list[tuple[set[str], set[str]]]:
    """(corpus ids, practice ids) of each of the ``k`` folds."""
    corpus_folds = [{r["id"] for r in fold} for fold in event_folds(corpus, k)]
    practice_folds: list[set[str]] = [set() for _ in range(k)]
    for row in practice:
        practice_folds[stable_hash(row["id"]) % k].add(row["id"])
    return list(zip(corpus_folds, practice_folds, strict=True))


def held_out_scores(
    corpus: list[Row], practice: list[Row], k: int
) -> dict[tuple[float, float], dict[str, dict[str, float]]]:
    """Held-out figures of every (C, threshold), and of the rules alone under (0, 0)."""
    rows = [*corpus, *practice]
    read = dict(zip((r["id"] for r in rows), relevance.examples(rows), strict=True))
    corpus_ids = {r["id"] for r in corpus}
    folds = folds_of(corpus, practice, k)
    probability: dict[float, dict[str, float]] = {c: {} for c in C_GRID}
    for c in C_GRID:
        for held_corpus, held_practice in folds:
            held = held_corpus | held_practice
            model = relevance.fit([e for rid, e in read.items() if rid not in held], c=c)
            for rid in held:
                example = read[rid]
                if example.news and example.features is not None:
                    probability[c][rid] = model.probability(example.features)

    def scores(decide: Any) -> dict[str, dict[str, float]]:
        out = {}
        for name, ids in (("corpus", corpus_ids), ("practice", set(read) - corpus_ids)):
            ordered = sorted(ids)
            out[name] = f1([decide(i) for i in ordered], [read[i].label for i in ordered])
        return out

    table = {(0.0, 0.0): scores(lambda i: read[i].news)}
    for c in C_GRID:
        for t in THRESHOLDS:
            table[(c, t)] = scores(lambda i, c=c, t=t: read[i].news and probability[c][i] >= t)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="labelled corpus JSONL (dev.jsonl)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="write the chosen model file")
    args = parser.parse_args(argv)
    corpus = read_gold(args.corpus)
    practice = relevance.practice_rows()
    table = held_out_scores(corpus, practice, args.folds)
    rules = table[(0.0, 0.0)]
    print(f"{'C':>6} {'t':>5}  {'corpus P/R/F1':>20}  {'practice P/R/F1':>20}")
    for (c, t), s in table.items():
        shown = [f"{s[n]['precision']:.3f}/{s[n]['recall']:.3f}/{s[n]['f1']:.3f}" for n in s]
        label = ("rules", "") if c == 0 else (f"{c:g}", f"{t:g}")
        print(f"{label[0]:>6} {label[1]:>5}  {shown[0]:>20}  {shown[1]:>20}")
    allowed = {
        key: s
        for key, s in table.items()
        if key != (0.0, 0.0) and s["corpus"]["f1"] >= rules["corpus"]["f1"]
    }
    if not allowed:
        print("no setting keeps the corpus F1 of the rules alone", file=sys.stderr)
        return 1
    c, t = max(
        allowed,
        key=lambda key: statistics.fmean(
            [allowed[key]["corpus"]["f1"], allowed[key]["practice"]["f1"]]
        ),
    )
    chosen = table[(c, t)]
    print(f"chosen: C={c:g} threshold={t:g}")
    if args.write:
        about = {
            "trained_on": f"{args.corpus.name} ({len(corpus)} pages) and "
            f"{relevance.PRACTICE_FILE} ({len(practice)} texts)",
            "held_out": {
                "folds": args.folds,
                "rules_alone": _rounded(rules),
                "with_model": _rounded(chosen),
            },
        }
        model = relevance.train([*corpus, *practice], c=c, threshold=t, about=about)
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({len(model.weights)} weights)")
    return 0


def _rounded(scores: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    return {name: {k: round(v, 3) for k, v in s.items()} for name, s in scores.items()}


if __name__ == "__main__":
    raise SystemExit(main())
