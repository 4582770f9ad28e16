"""The scores as a readable text report."""

from __future__ import annotations

from typing import Any

from launchwatch.evaluate.quality import QUALITY_BAR, failures


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.1%}"


def _headline_counts(scores: dict[str, Any]) -> dict[str, str]:
    lr, ev, da = scores["launch_report"], scores["events"], scores["date_accuracy"]
    return {
        "launch_report_f1": f"tp {lr['tp']}  fp {lr['fp']}  fn {lr['fn']}  tn {lr['tn']}",
        "date_accuracy": f"{da['correct']} of {da['n']} resolvable gold events",
        "event_precision": f"{ev['matched']} of {ev['predicted']} predicted events",
        "event_recall": f"{ev['matched']} of {ev['gold']} gold events",
        "field_mean": f"over {sum(1 for f in scores['fields'].values() if f['n'])} fields",
        "field_min": str(scores["field_min_name"] or ""),
    }


def format_scores(scores: dict[str, Any], bar: dict[str, float] = QUALITY_BAR) -> str:
    """Headline figures against the quality bar, the per-field table, then the worst pages."""
    failing = failures(scores, bar)
    counts = _headline_counts(scores)
    lr = scores["launch_report"]
    lines = [
        f"{scores['pages']} pages",
        "",
        f"{'figure':<18}{'score':>7}{'bar':>7}  {'':4}  counts",
    ]
    for name, value in scores["headline"].items():
        minimum = bar.get(name)
        judged = minimum is not None and value is not None
        mark = ("FAIL" if name in failing else "ok") if judged else ""
        shown_bar = "" if minimum is None else f"{minimum:.2f}"
        lines.append(f"{name:<18}{_pct(value):>7}{shown_bar:>7}  {mark:<4}  {counts[name]}")
    lines.append(
        f"(launch_report precision {_pct(lr['precision']).strip()},"
        f" recall {_pct(lr['recall']).strip()};"
        f" events F1 {_pct(scores['events']['f1']).strip()})"
    )
    lines.append("PASS" if not failing else f"FAIL: {', '.join(failing)}")

    lines += ["", f"{'field':<16}{'agree':>7}{'n':>6}"]
    for name, f in scores["fields"].items():
        lines.append(f"{name:<16}{_pct(f['agreement']):>7}{f['n']:>6}")

    errors = scores["launch_report_errors"]
    for label, key in (
        ("false positives", "false_positives_by_kind"),
        ("false negatives", "false_negatives_by_kind"),
    ):
        if errors[key]:
            by_kind = ", ".join(f"{kind} {n}" for kind, n in errors[key].items())
            lines.append(f"\nlaunch_report {label} by kind: {by_kind}")

    if scores["worst"]:
        lines += ["", f"worst {len(scores['worst'])} pages"]
        for page in scores["worst"]:
            lines.append(f"{page['id']}  {page['url']}")
            lines += [f"    {d}" for d in page["differences"]]
    return "\n".join(lines)
