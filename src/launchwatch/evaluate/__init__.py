"""Evaluation: score extraction against the labelled corpus, per field, with the worst pages."""

from launchwatch.evaluate.quality import QUALITY_BAR, failures
from launchwatch.evaluate.report import format_scores
from launchwatch.evaluate.run import evaluate_file, predict
from launchwatch.evaluate.score import score

__all__ = ["QUALITY_BAR", "evaluate_file", "failures", "format_scores", "predict", "score"]
