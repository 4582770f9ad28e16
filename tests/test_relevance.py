"""The learned relevance step: its model file, its features, its training and its veto."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from launchwatch.articles import Article
from launchwatch.reports import relevance
from launchwatch.reports.extract import extract_report
from launchwatch.reports.reading import read_news

NEWS = (
    "North Korea fires two ballistic missiles into the sea, Seoul says\n\n"
    "North Korea fired two short-range ballistic missiles off its east coast on Tuesday morning, "
    "South Korea's Joint Chiefs of Staff said, the second launch this month.\n\n"
    "The missiles flew about 400 km, the JCS said. Japan's defence ministry said they fell "
    "outside its exclusive economic zone."
)
TIMELINE = (
    "Timeline: a decade of North Korean missile launches\n\n"
    "Pyongyang has tested missiles of every range. These are the launches that mattered.\n\n"
    "2016: North Korea fires a Musudan missile that flies 400 km after five failures.\n"
    "2017: A Hwasong-14 is fired on a lofted trajectory on July 4.\n"
    "2017: The Hwasong-15 is launched on November 29 and reaches 4,500 km.\n"
    "2022: North Korea fires a Hwasong-17 on March 24 after a four-year pause.\n"
    "2023: The solid-fuel Hwasong-18 is launched on April 13.\n"
    "2024: A Hwasong-19 is fired on October 31 and flies for 86 minutes.\n"
)


def reading_of(text: str, published: str = "2024-03-20") -> Any:
    reading = read_news(Article(text=text, url="test:fixture", published=published))
    assert reading is not None
    return reading


def test_the_shipped_model_loads_and_says_how_it_was_chosen() -> None:
    model = relevance.shipped_model()
    assert model.weights and 0 < model.threshold < 1
    held_out = model.about["held_out"]
    assert {"rules_alone", "with_model"} <= held_out.keys()
    assert model.about["examples"] > 300


def test_a_model_survives_its_json_form() -> None:
    model = relevance.Model({"h:fires": 1.5, "n:mentions": -0.25}, 0.1, 0.3, {"C": 1.0})
    again = relevance.Model.from_json(json.loads(json.dumps(model.to_json())))
    features = {"h:fires": 1.0, "n:mentions": 0.5, "w:unknown": 1.0}
    assert again.probability(features) == pytest.approx(model.probability(features))
    assert again.threshold == 0.3 and again.about == {"C": 1.0}


def test_probability_follows_the_weights() -> None:
    model = relevance.Model({"h:fires": 2.0, "h:timeline": -2.0}, 0.0, 0.5)
    assert model.probability({"h:fires": 1.0}) > 0.85
    assert model.probability({"h:timeline": 1.0}) < 0.15
    assert model.probability({}) == pytest.approx(0.5)


def test_features_see_the_headline_the_lead_and_the_shape_of_a_list() -> None:
    news = relevance.features(reading_of(NEWS))
    timeline = relevance.features(reading_of(TIMELINE))
    assert news["h:fires"] > 0 and "h:timeline" not in news
    assert timeline["h:timeline"] > 0
    assert news["w:joint chiefs"] > 0
    # the headline's words (and the lead's) weigh as much together in a long text as in a short
    assert sum(v * v for k, v in news.items() if k.startswith("h:")) == pytest.approx(1.0)
    assert timeline["n:years named"] > news["n:years named"]
    assert timeline["n:listed lines"] > 0.5 > news["n:listed lines"]
    assert all(0.0 <= v <= 1.0 for k, v in timeline.items() if k.startswith("n:"))


def test_a_model_trained_on_examples_separates_them() -> None:
    rows = [
        {"id": f"n{i}", "text": NEWS.replace("Tuesday", day), "launch_report": True}
        for i, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday"])
    ] + [
        {"id": f"t{i}", "text": TIMELINE.replace("decade", word), "launch_report": False}
        for i, word in enumerate(["decade", "history", "record", "chronicle"])
    ]
    model = relevance.train(rows, c=1.0)
    assert model.about["examples"] == 8 and model.about["positives"] == 4
    assert model.probability(relevance.features(reading_of(NEWS))) > 0.5
    assert model.probability(relevance.features(reading_of(TIMELINE))) < 0.5


def test_trained_on_replaces_the_model_only_inside_the_context() -> None:
    shipped = relevance.active_model()
    rows = [{"id": "n", "text": NEWS, "launch_report": True}]
    with relevance.trained_on(rows) as model:
        assert relevance.active_model() is model
        assert model.about["examples"] > len(relevance.practice_rows()) // 2
    assert relevance.active_model() is shipped


def test_the_shipped_model_keeps_news_and_vetoes_a_timeline() -> None:
    news = extract_report(Article(text=NEWS, url="test:news", published="2024-03-20"))
    assert news.launch_report and news.relevance_score >= relevance.shipped_model().threshold
    timeline = extract_report(Article(text=TIMELINE, url="test:list", published="2024-03-20"))
    assert not timeline.launch_report


def test_practice_texts_are_labelled_in_the_corpus_shape() -> None:
    rows = relevance.practice_rows()
    assert len({r["id"] for r in rows}) == len(rows) >= 100
    assert {True, False} == {r["launch_report"] for r in rows}
    assert all(r["text"] and r["url"].startswith("practice:") for r in rows)


def test_a_page_scores_the_same_in_every_process() -> None:
    script = (
        "from launchwatch.articles import Article;"
        "from launchwatch.reports.extract import extract_report;"
        f"print(repr(extract_report(Article(text={NEWS!r}, url='t')).relevance_score))"
    )
    scores = {
        subprocess.run(
            [sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert len(scores) == 1, scores
