"""Which reports belong together: one cluster of reports per launch occasion.

A pure function of the reports; its cost grows with the number of reports, not with the square
of the number of events, because reports are only ever compared within a block of one
launching state and a few days (or, for an undated report, with the events an index of its
evidence names).

The rules, in order:

1. **Blocking.** Reports are grouped by launching state and local date.
2. **Salvos.** Within one day, reports are split into salvos when their evidence conflicts: stated
   local times three hours or more apart (a morning and an evening launch), launch areas that are
   different sites (``places.same_site``), different known type names, or a cruise against a
   ballistic missile, or being another launch of the same article (its text split the day into
   salvos). A report joins the salvo its evidence matches best; a report that conflicts
   with every salvo starts a new one. A report saying nothing distinctive joins the first salvo.
   A second salvo must then be corroborated: one that rests on a single story and states no
   time is folded back into the day's best-attested salvo (a single article's differing place
   or type is more often a misreading than a second launch), unless it is a cruise salvo beside
   a ballistic one (or the reverse); a salvo whose date is weak is folded only after rule 3 has
   found it no other day.
3. **Weak dates.** A report whose date is only assumed (no launch day in the text, so the
   publication date was taken) or is the date of a statement about the launch may be a day or
   two late. A salvo all of whose reports are dated that way joins a salvo one or two days
   earlier (or, failing that, one day later) of the same state whose evidence does not conflict,
   when exactly one such salvo exists, preferring one whose evidence matches.
4. **Time zones.** A salvo resting on one story (one wire family, ``events.wire``) may be a day
   off: its date was counted from a publication date in another time zone, or is the UTC or US
   date of a Korean launch. It joins a salvo of the day before or after when that salvo is
   better attested (more wire families), its evidence matches (a shared type, site or
   platform) and nothing conflicts, and it is the only such salvo. A launch on the next day
   with its own sources is never folded in: it has more than one family or conflicting
   evidence.
5. **Undated reports.** A report whose date is unresolved joins a dated salvo when its evidence
   points to exactly one: at least two of a shared type, site, platform or missile count (count
   only alongside another match), nothing conflicting, no other salvo as good, and (when the
   article has a publication date) the salvo within the week before it. When the text names the
   day it could not place (its ``date_hint``: "on Wednesday", "July 19" with no year), only
   salvos on such a day are candidates: for a named month and day, the one launch of that state
   on that day of any year (if only one exists and nothing conflicts), failing that a launch
   on the day before whose evidence matches as above (the day named may be that of a statement,
   a day after the launch); for a weekday, as above with the evidence, among salvos on that
   weekday. Evidence here also counts stated times within half an hour, a hypersonic claim, and
   a site near the one named (``places.same_site``). Otherwise it
   forms a provisional salvo of its own (with the wire copies of its story), dated None, to be
   merged when a dated report with matching evidence arrives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from launchwatch.events.model import StoredLaunchReport
from launchwatch.events.places import Site, canonical_type, locate, same_site, same_site_names
from launchwatch.events.wire import are_copies, families
from launchwatch.reports.model import ASSUMED_DATE_REASON, STATEMENT_DATE_REASON
from launchwatch.reports.salvos import SALVO_GAP_MINUTES
from launchwatch.reports.vocab import missile_types

SAME_TIME_MINUTES = 30  # stated launch times this close are evidence of one launch
PUBLICATION_WINDOW_DAYS = 7
UNDATED_MIN_MATCH = 1.5  # a shared type, site or platform, and one more piece of evidence
_WEAK_REASONS = (ASSUMED_DATE_REASON, STATEMENT_DATE_REASON)


@dataclass
class Profile:
    """The evidence of a group of reports: what a new report is compared with."""

    times: set[int] = field(default_factory=set)
    sites: list[Site] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    platforms: set[str] = field(default_factory=set)
    counts: set[int] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    hypersonic: bool = False
    positions: dict[str, set[int]] = field(default_factory=dict)  # article url -> its reports

    def add(self, report: StoredLaunchReport) -> None:
        """Fold one report's evidence in."""
        self.positions.setdefault(report.article_url, set()).add(report.position)
        minutes = _minutes(report.time_local)
        if minutes is not None:
            self.times.add(minutes)
        site = locate(report.values.get("launch_area"))
        if site is not None and site not in self.sites:
            self.sites.append(site)
        known = _known_type(report.values.get("designation"))
        if known:
            self.types.add(known)
        for name, bucket in (("platform", self.platforms), ("missile_count", self.counts)):
            if report.values.get(name) is not None:
                bucket.add(report.values[name])
        if report.values.get("category") in ("ballistic", "cruise"):
            self.categories.add(report.values["category"])
        self.hypersonic = self.hypersonic or bool(report.values.get("hypersonic"))

    def merge(self, other: Profile) -> None:
        """Fold another profile in."""
        self.times |= other.times
        self.sites += [s for s in other.sites if s not in self.sites]
        self.types |= other.types
        self.platforms |= other.platforms
        self.counts |= other.counts
        self.categories |= other.categories
        self.hypersonic = self.hypersonic or other.hypersonic
        for url, positions in other.positions.items():
            self.positions.setdefault(url, set()).update(positions)

    def other_launch_of_an_article(self, other: Profile) -> bool:
        """Whether the two hold different launch reports of one article: one text's salvos (a
        morning and an evening launch) are separate launches."""
        return any(
            self.positions[url] != positions
            for url, positions in other.positions.items()
            if url in self.positions
        )

    def conflicts(self, other: Profile) -> bool:
        """True when the two cannot be one launch occasion (see the module docstring)."""
        if self.other_launch_of_an_article(other):
            return True
        if self.times and other.times:
            gap = min(abs(a - b) for a in self.times for b in other.times)
            if gap >= SALVO_GAP_MINUTES:
                return True
        if (
            self.sites
            and other.sites
            and not any(same_site(a.name, b.name) for a in self.sites for b in other.sites)
        ):
            return True
        if self.types and other.types and not self.types & other.types:
            return True
        return bool(
            len(self.categories) == 1
            and len(other.categories) == 1
            and self.categories != other.categories
        )

    def matches(self, other: Profile) -> float:
        """How much evidence the two share: one each for a type, a site (1¼ for the very same
        place, unless a province), a platform, a stated time (within ``SAME_TIME_MINUTES``)
        and a hypersonic claim; ½ for a count."""
        score = float(bool(self.types & other.types)) + float(
            bool(self.platforms & other.platforms)
        )
        if any(a == b and a.kind != "province" for a in self.sites for b in other.sites):
            score += 1.25  # the same place named: a little more than a nearby one
        elif any(same_site(a.name, b.name) for a in self.sites for b in other.sites):
            score += 1
        if any(abs(a - b) <= SAME_TIME_MINUTES for a in self.times for b in other.times):
            score += 1
        if self.hypersonic and other.hypersonic:
            score += 1
        if self.counts & other.counts:
            score += 0.5
        return score


@dataclass
class Cluster:
    """Reports of one launch occasion, with their date (None: provisional) and evidence."""

    country: str | None
    date: str | None
    reports: list[StoredLaunchReport] = field(default_factory=list)
    profile: Profile = field(default_factory=Profile)
    families: int = 1

    def add(self, report: StoredLaunchReport) -> None:
        """Put one report in."""
        self.reports.append(report)
        self.profile.add(report)

    def absorb(self, other: Cluster) -> None:
        """Take every report of another cluster."""
        self.reports += other.reports
        self.profile.merge(other.profile)
        self.families = _family_count(self.reports)


def cluster_reports(reports: Iterable[StoredLaunchReport]) -> list[Cluster]:
    """The clusters of the reports (rules in the module docstring), dated ones by date first."""
    dated: dict[tuple[str | None, str], list[Cluster]] = defaultdict(list)
    undated: list[StoredLaunchReport] = []
    for report in sorted(reports, key=earliest_first):
        if report.date is None:
            undated.append(report)
        else:
            _place_in_day(dated[(report.country, report.date)], report)
    for day, salvos in dated.items():
        for salvo in salvos:
            salvo.families = _family_count(salvo.reports)
        dated[day] = _settle_day(salvos)
    _join_neighbours(dated)
    for day, salvos in dated.items():  # weak-dated salvos that found no other day stay here
        dated[day] = _settle_day(salvos, weak_too=True)
    provisional = _place_undated(dated, undated)
    ordered = sorted(
        (c for salvos in dated.values() for c in salvos),
        key=lambda c: (c.date or "", c.country or ""),
    )
    return ordered + provisional


def earliest_first(report: StoredLaunchReport) -> tuple[str, str, int]:
    """Sort key: publication date, then first seen by the store, then report id.

    Articles without a publication date count as the latest.
    """
    published = (report.published or "~")[:10]
    return (published, report.first_seen_at, report.report_id)


def _place_in_day(salvos: list[Cluster], report: StoredLaunchReport) -> None:
    evidence = Profile()
    evidence.add(report)
    fitting = [s for s in salvos if not s.profile.conflicts(evidence)]
    if fitting:
        max(fitting, key=lambda s: s.profile.matches(evidence)).add(report)
        return
    salvo = Cluster(report.country, report.date)
    salvo.add(report)
    salvos.append(salvo)


def _settle_day(salvos: list[Cluster], weak_too: bool = False) -> list[Cluster]:
    """Fold salvos that rest on one story and state no time into the day's best-attested one.

    Salvos whose dates are weak are left for rule 3 (unless ``weak_too``: after rule 3, a weak
    salvo that found no other day is folded like the rest), and a cruise salvo is never folded
    into a ballistic one (or the reverse).
    """
    if len(salvos) < 2:
        return salvos
    best = max(salvos, key=lambda s: s.families)  # the earliest among equals
    kept = []
    for salvo in salvos:
        if (
            salvo is not best
            and salvo.families == 1
            and not salvo.profile.times
            and (weak_too or not _is_weak(salvo))
            and not (salvo.profile.categories ^ best.profile.categories) >= {"cruise", "ballistic"}
            and not best.profile.other_launch_of_an_article(salvo.profile)
        ):
            best.absorb(salvo)
        else:
            kept.append(salvo)
    return kept


def _join_neighbours(dated: dict[tuple[str | None, str], list[Cluster]]) -> None:
    """Rules 3 and 4: fold weakly or shiftably dated salvos into a neighbouring day's salvo."""
    for key in sorted(dated, key=lambda k: (k[0] or "", k[1])):
        for salvo in list(dated[key]):
            if _is_weak(salvo):
                offsets = (-1, -2, 1)
            elif salvo.families == 1:
                offsets = (-1, 1)
            else:
                continue
            target = _unique_neighbour(dated, salvo, offsets, need_match=not _is_weak(salvo))
            if target is not None:
                target.absorb(salvo)
                dated[key].remove(salvo)
    for key in [k for k, salvos in dated.items() if not salvos]:
        del dated[key]


def _unique_neighbour(
    dated: dict[tuple[str | None, str], list[Cluster]],
    salvo: Cluster,
    offsets: tuple[int, ...],
    need_match: bool,
) -> Cluster | None:
    """The one better-attested, non-conflicting salvo at the nearest offset that has one."""
    assert salvo.date is not None
    for offset in offsets:
        day = (date.fromisoformat(salvo.date) + timedelta(days=offset)).isoformat()
        candidates = [
            c
            for c in dated.get((salvo.country, day), ())
            if not c.profile.conflicts(salvo.profile) and _strength(c) > _strength(salvo)
        ]
        if need_match:
            candidates = [c for c in candidates if c.profile.matches(salvo.profile) >= 1]
        elif len(candidates) > 1:
            best = max(c.profile.matches(salvo.profile) for c in candidates)
            candidates = [c for c in candidates if c.profile.matches(salvo.profile) == best]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            return None  # ambiguous: leave it where its own date puts it
    return None


def _place_undated(
    dated: dict[tuple[str | None, str], list[Cluster]], undated: list[StoredLaunchReport]
) -> list[Cluster]:
    """Rule 5: attach each undated report to the one salvo its evidence names, else keep it."""
    index: dict[tuple[str | None, str, object], list[Cluster]] = defaultdict(list)
    for salvos in dated.values():
        for salvo in salvos:
            for kind, values in _index_keys(salvo.profile, stored=True):
                for value in values:
                    index[(salvo.country, kind, value)].append(salvo)
    by_day: dict[tuple[str | None, int, int], list[Cluster]] = defaultdict(list)
    for salvos in dated.values():
        for salvo in salvos:
            when = date.fromisoformat(salvo.date) if salvo.date else None
            if when is not None:
                by_day[(salvo.country, when.month, when.day)].append(salvo)
    provisional: list[Cluster] = []
    for report in undated:
        evidence = Profile()
        evidence.add(report)
        candidates = {
            id(c): c
            for kind, values in _index_keys(evidence)
            for value in values
            for c in index.get((report.country, kind, value), ())
            if _in_window(c.date, report.published)
        }
        hint = report.values.get("date_hint")
        if hint and "month" in hint:
            named = by_day.get((report.country, hint["month"], hint["day"]), [])
            named = [c for c in named if _on_named_day(c.date, hint)]
            target = _best_match(evidence, named, minimum=0.0)
            if target is None:  # the day named may be the statement's, a day after the launch
                before = [
                    c
                    for month, day in _days_before(hint["month"], hint["day"])
                    for c in by_day.get((report.country, month, day), [])
                    if _on_named_day(_next_day(c.date), hint)
                ]
                target = _best_match(evidence, before)
        elif hint:
            named = [c for c in candidates.values() if _on_named_day(c.date, hint)]
            target = _best_match(evidence, named)
        else:
            target = _best_match(evidence, list(candidates.values()))
        if target is None:
            target = next(
                (
                    p
                    for p in provisional
                    if p.country == report.country
                    and _copies(p, report)
                    and not p.profile.other_launch_of_an_article(evidence)
                ),
                None,
            )
        if target is None:
            target = Cluster(report.country, None)
            provisional.append(target)
        target.add(report)
    for cluster in provisional:
        cluster.families = _family_count(cluster.reports)
    return provisional


def _index_keys(profile: Profile, stored: bool = False) -> list[tuple[str, Iterable[object]]]:
    """The keys a salvo is indexed under (``stored``), or an undated report looks up: its type
    names, platforms, sites (a salvo also under every place that is the same site) and stated
    times (by half hour: a report looks in its own and both neighbouring half hours)."""
    slots = [t // SAME_TIME_MINUTES for t in profile.times]
    return [
        ("type", profile.types),
        (
            "site",
            {n for s in profile.sites for n in same_site_names(s.name)}
            if stored
            else [s.name for s in profile.sites],
        ),
        ("platform", profile.platforms),
        ("time", slots if stored else {slot + d for slot in slots for d in (-1, 0, 1)}),
    ]


def _days_before(month: int, day: int) -> set[tuple[int, int]]:
    """The (month, day) before a month and day, in leap and common years."""
    found = set()
    for year in (2000, 2001):
        try:
            before = date(year, month, day) - timedelta(days=1)
        except ValueError:
            continue
        found.add((before.month, before.day))
    return found


def _next_day(day: str | None) -> str | None:
    return None if day is None else (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def _on_named_day(day: str | None, hint: dict[str, int]) -> bool:
    """Whether a salvo's date is the weekday and/or month and day an undated report names."""
    if day is None:
        return False
    when = date.fromisoformat(day)
    if "weekday" in hint and when.weekday() != hint["weekday"]:
        return False
    return "month" not in hint or (when.month, when.day) == (hint["month"], hint["day"])


def _best_match(
    evidence: Profile, candidates: list[Cluster], minimum: float = UNDATED_MIN_MATCH
) -> Cluster | None:
    scored = [
        (c.profile.matches(evidence), c) for c in candidates if not c.profile.conflicts(evidence)
    ]
    scored = [(score, c) for score, c in scored if score >= minimum]
    if not scored:
        return None
    best = max(score for score, _ in scored)
    winners = [c for score, c in scored if score == best]
    return winners[0] if len(winners) == 1 else None


def _in_window(day: str | None, published: str | None) -> bool:
    if day is None or not published:
        return True
    try:
        anchor = date.fromisoformat(published[:10])
    except ValueError:
        return True
    gap = (anchor - date.fromisoformat(day)).days
    return -1 <= gap <= PUBLICATION_WINDOW_DAYS


def _copies(cluster: Cluster, report: StoredLaunchReport) -> bool:
    return any(are_copies(r.fingerprint, report.fingerprint) for r in cluster.reports)


def _family_count(reports: list[StoredLaunchReport]) -> int:
    return len(set(families([r.fingerprint or frozenset({r.report_id}) for r in reports])))


def _strength(salvo: Cluster) -> tuple[int, bool, int]:
    """How well a salvo's date is attested: more stories, then a date that is not only assumed,
    then (among assumed dates, which are publication dates) the earlier, and (among stated
    dates, of which a US or UTC one lags the Korean local date) the later."""
    assert salvo.date is not None
    weak = _is_weak(salvo)
    day = date.fromisoformat(salvo.date).toordinal()
    return (salvo.families, not weak, -day if weak else day)


def _is_weak(salvo: Cluster) -> bool:
    return all((r.date_reason or "").startswith(_WEAK_REASONS) for r in salvo.reports)


def _known_type(designation: str | None) -> str | None:
    """The canonical name of a type the vocabulary knows; free-text names are not compared."""
    name = canonical_type(designation)
    return name if name in _type_names() else None


@cache
def _type_names() -> frozenset[str]:
    return frozenset(t.name for t in missile_types())


def _minutes(time_local: str | None) -> int | None:
    if not time_local or ":" not in time_local:
        return None
    hours, _, minutes = time_local.partition(":")
    try:
        return int(hours) * 60 + int(minutes[:2])
    except ValueError:
        return None
