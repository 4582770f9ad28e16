"""Fill: one launch's fields read from its sentences, the news sentences first.

Each field reader lives in ``fields`` (counts, types, platform, places, figures, times, sources);
this step decides which sentences each reader sees (those about this launch rather than the
programme's history, captions for the place) and reads category, range class and hypersonic
from cue words. Every value comes with its claim: the evidence span and whom it is credited to.
"""

from __future__ import annotations

import re

from launchwatch.reports import fields
from launchwatch.reports.mentions import BACKGROUND
from launchwatch.reports.model import Claim, LaunchReport
from launchwatch.reports.text import Sentence, on_folded
from launchwatch.reports.vocab import MISSILE_PROGRAMME_SPACE, missile_types

_CATEGORY_CUES = (
    (
        "space_launch",
        re.compile(
            r"\b(?:satellite launch|launch(?:ed|es|ing)? (?:of )?(?:a |an |its |the )?"
            r"(?:[\w-]+ ){0,3}satellite|"
            r"(?:carrying|carried|put|place[ds]?|placing) (?:a |an |its |the )?"
            r"(?:[\w-]+ ){0,3}satellite|"
            r"space launch vehicle|carrier rocket|space rocket|launch vehicle carrying|into orbit)",
            re.I,
        ),
    ),
    ("cruise", re.compile(r"\bcruise missiles?\b", re.I)),
    (
        "ballistic",
        re.compile(r"\b(?:ballistic|ICBMs?|SRBMs?|IRBMs?|MRBMs?|SLBMs?|hypersonic)\b", re.I),
    ),
)
# A range class names the missile: "short-range ballistic missile", not "medium range of 250 km".
_MISSILE_AFTER = (
    r"(?:[\s‘’'\"“”-]+[\w-]+){0,3}?[\s‘’'\"“”-]+"
    r"(?:ballistic )?(?:missiles?|projectiles?|rockets?|weapons?|variety|kind|class)\b"
)
_RANGE_CLASS = (
    (
        "ICBM",
        re.compile(
            r"\b(?:ICBMs?|(?:intercontinental|inter-continental)\b" + _MISSILE_AFTER + ")", re.I
        ),
    ),
    ("IRBM", re.compile(r"\b(?:IRBMs?|intermediate[- ]range" + _MISSILE_AFTER + ")", re.I)),
    ("MRBM", re.compile(r"\b(?:MRBMs?|(?:medium|mid)[- ]range" + _MISSILE_AFTER + ")", re.I)),
    ("SRBM", re.compile(r"\b(?:SRBMs?|(?:short|close)[- ]range" + _MISSILE_AFTER + ")", re.I)),
)
_HYPERSONIC = re.compile(r"\bhypersonic\b", re.I)
# The cues as _first_cue runs them: case-sensitive twins on folded text (see ``on_folded``).
_CATEGORY_TWINS = tuple((label, on_folded(p)) for label, p in _CATEGORY_CUES)
_RANGE_CLASS_TWINS = tuple((label, on_folded(p)) for label, p in _RANGE_CLASS)
_HYPERSONIC_TWINS = (("hypersonic", on_folded(_HYPERSONIC)),)
# A word every cue of a field contains: sentences without one are skipped cheaply.
_CUE_WORDS = {
    "category": ("satellite", "launch vehicle", "rocket", "orbit", "cruise", "ballistic", "icbm",
                 "srbm", "irbm", "mrbm", "slbm", "hypersonic"),
    "range_class": ("range", "icbm", "irbm", "mrbm", "srbm", "continental"),
    "hypersonic": ("hypersonic",),
}  # fmt: skip

_DIGIT = re.compile(r"\d")

_BACKGROUND_WORDS = (
    "last ", "earlier this ", "day", "week", "month", "previous", "prior", "since", "came ",
    "come", "follow", "in 19", "in 20", "have fired", "has fired", "this year", "record",
    "in recent",
)  # fmt: skip
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth")


def _background(sentence: Sentence) -> bool:
    """Whether BACKGROUND matches the sentence (skipped where none of its words occur)."""
    lower = sentence.folded
    if not any(w in lower for w in _BACKGROUND_WORDS) and not (
        ("launch" in lower or "test" in lower)
        and (any(w in lower for w in _ORDINAL_WORDS) or _DIGIT.search(lower))
    ):
        return False
    return bool(BACKGROUND.search(sentence.text))


def fill_launch(
    news_sentences: list[Sentence],
    event_sentences: list[Sentence],
    country: str | None,
    captions: list[Sentence],
    launch_sentences: set[Sentence],
    several_days: bool = False,
) -> LaunchReport:
    """Read each field from the launch's sentences: the news first, then the rest of the event's
    (``launch_sentences``: those that speak of a launch by the same state, for its clock time)."""
    event = LaunchReport(country=country)
    in_news = set(news_sentences)
    ordered = news_sentences + [s for s in event_sentences if s not in in_news]
    # Sentences about this launch rather than the programme's history.
    focused = [s for s in ordered if s in in_news or not _background(s)]
    claims: list[Claim] = []

    def take(claim: Claim | None) -> object:
        if claim is None:
            return None
        claims.append(claim)
        return claim.value

    count_claim = fields.missile_count(focused) or fields.singular_launch(news_sentences)
    if several_days and count_claim is not None and count_claim.value == 1:
        # "test-fired a new missile on Saturday and Sunday": the singular names the type; how
        # many flew each day is not said.
        count_claim = None
    count = take(count_claim)
    event.missile_count = count  # type: ignore[assignment]
    designation_claim, canonical = fields.missile_type(ordered, country)
    event.designation = take(designation_claim)  # type: ignore[assignment]
    event.category = _category(news_sentences, ordered, canonical, country, claims)
    event.range_class = (
        None
        if event.category == "cruise"
        else _first_cue(
            _RANGE_CLASS_TWINS, news_sentences + focused, "range_class", claims, local=True
        )
    )
    hyper = _first_cue(_HYPERSONIC_TWINS, focused, "hypersonic", claims, local=True)
    event.hypersonic = hyper is not None
    if event.hypersonic:
        claims[-1] = Claim(
            "hypersonic",
            True,
            claims[-1].start,
            claims[-1].end,
            claims[-1].source,
            claims[-1].hedge,
            claims[-1].confidence,
        )
    event.platform = take(fields.platform(focused))  # type: ignore[assignment]
    # Photo captions often carry the launch place the body leaves out.
    area_claim = fields.launch_area(ordered, country)[0] or fields.launch_area(captions, country)[0]
    event.launch_area = take(area_claim)  # type: ignore[assignment]
    event.range_km = take(fields.flight_range(ordered))  # type: ignore[assignment]
    event.apogee_km = take(fields.apogee(ordered))  # type: ignore[assignment]
    timed = news_sentences or ordered
    time_claim = fields.launch_time(timed) or fields.launch_time(
        s for s in ordered if s in launch_sentences and s not in timed
    )
    event.time_local = take(time_claim)  # type: ignore[assignment]
    event.landing = take(fields.landing(ordered))  # type: ignore[assignment]
    event.sources, source_claims = fields.sources(ordered, country)
    claims.extend(source_claims)
    event.claims = claims
    return event


def _category(
    news_sentences: list[Sentence],
    ordered: list[Sentence],
    canonical: str | None,
    country: str | None,
    claims: list[Claim],
) -> str:
    found = _first_cue(
        _CATEGORY_TWINS, news_sentences, "category", claims, local=True
    ) or _first_cue(_CATEGORY_TWINS, ordered, "category", claims, local=True)
    if found == "space_launch" and country not in MISSILE_PROGRAMME_SPACE:
        claims.pop()
        found = None
    if found is None and canonical is not None:
        found = next(t.category for t in missile_types() if t.name == canonical)
    return found or "unknown"


def _first_cue(
    cues, sentences: list[Sentence], field: str, claims: list[Claim], local: bool = False
) -> str | None:
    """The first cue found, in sentence order; ``local`` skips cues inside a background clause.

    The cues are case-sensitive twins of their patterns, run on the folded sentence.
    """
    words = _CUE_WORDS[field]
    for sentence in sentences:
        if not any(w in sentence.lower for w in words):
            continue
        best = None
        for label, pattern in cues:
            for m in pattern.finditer(sentence.folded):
                if local and (
                    fields.in_background_clause(sentence.text, m.start())
                    or fields.named_as_other(sentence.text, m.start())
                ):
                    continue
                if best is None or m.start() < best[1].start():
                    best = (label, m)
                break
        if best is not None:
            label, m = best
            claims.append(
                Claim(
                    field,
                    label,
                    sentence.start + m.start(),
                    sentence.start + m.end(),
                    fields.attribution(sentence),
                )
            )
            return label
    return None
