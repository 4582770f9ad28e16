"""Whether the article's news is a launch: a learned check on what the rules found.

The rules find launch mentions and set aside plans, denials, combat and dated background, but an
article can pass them and still not be launch news: a timeline or explainer that lists launches,
an editorial, a year in review, a warning that a launch may come. What tells those apart is the
whole article's shape (how many launches it names and how far apart, where the first one sits,
what the headline and lead say), which a linear model over the reader's own features weighs better
than hand thresholds.

The model is a logistic regression trained by ``scripts/train_relevance.py`` (scikit-learn, the
``train`` extra) on the labelled corpus and the package's practice texts, and shipped as a small
JSON file of weights (``data/models/relevance-en.json``); scoring is plain Python, with no
download and no scikit-learn at run time. ``trained_on`` retrains it on given rows for as long as
a context is open, so that ``launchwatch eval --folds`` scores it on folds it never saw.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from launchwatch.articles import Article
from launchwatch.reports.reading import Reading, read_news

MODEL_FILE = "relevance-en.json"
PRACTICE_FILE = "practice-en.jsonl"
LEAD_CHARS = 700  # the lead whose words are features: about the first three paragraphs
HEADLINE_CHARS = 200
MIN_ARTICLES = 3  # a word is a feature only when at least this many training articles hold it

_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
# A line that starts with a date or a year: an entry of a timeline or a list of launches.
_LISTED_LINE = re.compile(
    r"^\s*(?:[-•*–]\s*)?(?:(?:19|20)\d\d\b|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|"
    r"Dec)[a-z]*\.? \d{1,2}\b|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)",
    re.M,
)


@dataclass
class Model:
    """A linear model over named features: P(launch news) = sigmoid(intercept + w · x)."""

    weights: dict[str, float]
    intercept: float
    threshold: float  # below this probability the article's news is not a launch
    about: dict[str, Any] = field(default_factory=dict)  # how it was trained, and its scores

    def probability(self, features: dict[str, float]) -> float:
        """The model's probability that the features are those of launch news."""
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        """The model as JSON-ready data, weights sorted by name for stable files."""
        return {
            "about": self.about,
            "intercept": round(self.intercept, 6),
            "threshold": self.threshold,
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        """A model from ``to_json`` data."""
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            about=dict(data.get("about") or {}),
        )


_active: Model | None = None


def shipped_model() -> Model:
    """The model in the package's data files."""
    path = resources.files("launchwatch") / "data" / "models" / MODEL_FILE
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def active_model() -> Model:
    """The model the reader uses now: the shipped one unless ``trained_on`` replaced it."""
    global _active
    if _active is None:
        _active = shipped_model()
    return _active


def is_launch_news(reading: Reading) -> tuple[bool, float]:
    """Whether the reading's news is a launch, and the model's probability for it."""
    model = active_model()
    p = model.probability(features(reading))
    return p >= model.threshold, p


def features(reading: Reading) -> dict[str, float]:
    """The article's features: headline and lead words, and the shape of its launch mentions.

    Numeric features are scaled to about 0–1, and the words of the headline and of the lead to
    unit length each, so that one regularisation suits them all and length alone decides nothing.
    """
    text = reading.text
    headline = reading.article.title or _first_line(text)
    body_start = len(headline) if text.startswith(headline) else 0
    lead = text[body_start : body_start + LEAD_CHARS]
    out = _bag("h:", set(_words(headline)))
    lead_words = _words(lead)
    out.update(_bag("w:", {*lead_words, *(f"{a} {b}" for a, b in itertools.pairwise(lead_words))}))
    out.update(_shape(reading, body_start))
    return out


def _bag(prefix: str, terms: set[str]) -> dict[str, float]:
    """Terms as features of unit length together: a short text weighs as much as a long one.

    In sorted order: the model's sum then runs in the same order in every process (a set's order
    changes with the hash seed), so a page scores the same to the last bit each time it is read.
    """
    value = 1.0 / math.sqrt(len(terms)) if terms else 0.0
    return {f"{prefix}{term}": value for term in sorted(terms)}


def _shape(reading: Reading, body_start: int) -> dict[str, float]:
    """How the launch mentions sit in the article: numbers scaled to about 0–1."""
    text, mentions, news = reading.text, reading.mentions, reading.news
    anchor = reading.frame.anchor
    n = len(mentions)
    dates = [w[0] for m in mentions if (w := reading.resolved[id(m)][0]) is not None]
    distinct = set(dates)
    earlier = [d for d in distinct if anchor is not None and (anchor - d).days > 7]
    lines = [line for line in text.splitlines() if line.strip()]
    first_news = min((m.sentence.start for m in news.news), default=len(text))
    shares = {
        "irrealis": sum(m.irrealis for m in mentions),
        "finite": sum(m.finite for m in mentions),
        "background_cue": sum(m.background_cue for m in mentions),
        "specific": sum(m.specific for m in mentions),
        "combat": sum(m.combat for m in mentions),
    }
    out = {f"n:share {k}": v / n for k, v in shares.items()} if n else {}
    out.update(
        {
            "n:mentions": _log_scale(n),
            "n:news mentions": _log_scale(len(news.news)),
            "n:lead mentions": _log_scale(
                sum(m.sentence.start < body_start + LEAD_CHARS for m in mentions)
            ),
            "n:first news at": min(1.0, max(0, first_news - body_start) / 2000),
            "n:no news": float(not news.news),
            "n:background": _log_scale(len(news.background)),
            "n:launch dates": _log_scale(len(distinct)),
            "n:earlier dates": _log_scale(len(earlier)),
            "n:news dated": float(any(reading.resolved[id(m)][0] for m in news.news)),
            "n:news said dated": float(any(m.said_dates for m in news.news)),
            "n:no anchor": float(anchor is None),
            "n:years named": _log_scale(len(set(_YEAR.findall(text)))),
            "n:listed lines": len(_LISTED_LINE.findall(text)) / max(1, len(lines)),
        }
    )
    return out


def _log_scale(count: int) -> float:
    """A count on a log scale: 0 → 0, 1 → 0.23, 10 → 0.8, 20 and more → 1."""
    return min(1.0, math.log1p(count) / math.log1p(20))


def _first_line(text: str) -> str:
    """The headline, where the text opens with a short line and goes on below it."""
    line, _, rest = text.lstrip().partition("\n")
    return line if len(line) <= HEADLINE_CHARS and rest.strip() else ""


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


# --- training -------------------------------------------------------------------------------


def practice_rows() -> list[dict[str, Any]]:
    """The package's practice texts: original short articles, labelled, in the corpus's shape."""
    path = resources.files("launchwatch") / "data" / "training" / PRACTICE_FILE
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@dataclass
class Example:
    """One labelled row as the model sees it."""

    features: dict[str, float] | None  # None: the rules find no launch mention in it
    news: bool  # the rules read launch news in it (only these can the model veto)
    label: bool  # gold: it is a launch report


def examples(rows: Iterable[dict[str, Any]]) -> list[Example]:
    """Each labelled row (corpus or practice shape) read as the model sees it."""
    out = []
    for row in rows:
        article = Article(
            text=row["text"], url=row.get("url") or "", id=row.get("id"),
            published=row.get("published"),
        )  # fmt: skip
        reading = read_news(article)
        feats = None if reading is None else features(reading)
        has_news = reading is not None and bool(reading.news.news)
        out.append(Example(feats, has_news, bool(row["launch_report"])))
    return out


def train(
    rows: Iterable[dict[str, Any]], c: float = 1.0, threshold: float = 0.5,
    about: dict[str, Any] | None = None,
) -> Model:  # fmt: skip
    """Fit the model on labelled rows (corpus or practice shape) with scikit-learn."""
    return fit(examples(rows), c, threshold, about)


def fit(
    training: list[Example], c: float = 1.0, threshold: float = 0.5,
    about: dict[str, Any] | None = None,
) -> Model:  # fmt: skip
    """Fit the model on examples with features: L2 logistic regression, classes balanced.

    Words held by fewer than ``MIN_ARTICLES`` articles are dropped: they name one story.
    """
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:  # pragma: no cover - depends on the installed extras
        raise RuntimeError(
            "training the relevance model needs scikit-learn: pip install 'launchwatch[train]'"
        ) from err
    pairs = [(e.features, e.label) for e in training if e.features is not None]
    counts: dict[str, int] = {}
    for feats, _ in pairs:
        for name in feats:
            counts[name] = counts.get(name, 0) + 1
    kept = [
        {k: v for k, v in feats.items() if k.startswith("n:") or counts[k] >= MIN_ARTICLES}
        for feats, _ in pairs
    ]
    labels = [label for _, label in pairs]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    weights = {str(name): float(w) for name, w in zip(names, model.coef_[0], strict=True)}
    info = {"examples": len(pairs), "positives": sum(labels), "C": c, **(about or {})}
    return Model(weights, float(model.intercept_[0]), threshold, info)


@contextmanager
def trained_on(rows: list[dict[str, Any]]) -> Iterator[Model]:
    """Use a model trained on ``rows`` and the practice texts while the context is open.

    The shipped model's C and threshold are kept, so a fold is scored as the shipped model was
    chosen.
    """
    global _active
    shipped = shipped_model()
    model = train(
        [*rows, *practice_rows()], c=shipped.about.get("C", 1.0), threshold=shipped.threshold
    )
    before = _active
    _active = model
    try:
        yield model
    finally:
        _active = before
