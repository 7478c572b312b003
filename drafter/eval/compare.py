"""Compare a report with a baseline report: metric changes, flipped cases, guarded regressions.

Guards (any one fails the comparison):
- unsafe auto-sends above 0, and high-risk recall below 1.0. When the baseline itself misses such a
  floor, the miss is reported as a known gap and only a further fall fails, unless strict=True.
- any overall quality metric (metrics.HIGHER_IS_BETTER / LOWER_IS_BETTER) worse than the baseline
  by more than `margin` (absolute: 0.02 = two points of a rate; for counts, any increase above margin).
Latency, tokens and cost are shown, never guarded: they depend on the machine and the vendor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drafter.eval.metrics import HIGHER_IS_BETTER, INFORMATIONAL, LOWER_IS_BETTER, compute_metrics

DEFAULT_MARGIN = 0.02


@dataclass
class Comparison:
    ok: bool
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)  # every metric in every group
    fixed: list[str] = field(default_factory=list)  # failed in the baseline, pass now
    broken: list[dict[str, Any]] = field(default_factory=list)  # passed in the baseline, fail now
    missing: list[str] = field(default_factory=list)  # in the baseline, not in this run

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _groups(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    m = report["metrics"]
    out = {"overall": m["overall"]}
    out |= {f"platform:{k}": v for k, v in m["by_platform"].items()}
    out |= {f"language:{k}": v for k, v in m["by_language"].items()}
    return out


def _worse_by(metric: str, old: float, new: float) -> float:
    return old - new if metric in HIGHER_IS_BETTER else new - old


def _restrict(report: dict[str, Any], ids: set[str]) -> dict[str, Any]:
    cases = [c for c in report["cases"] if c["id"] in ids]
    return {**report, "cases": cases, "metrics": compute_metrics(cases)}


def _same_cases(current: dict[str, Any], baseline: dict[str, Any], cmp: Comparison) -> tuple[dict, dict]:
    """A run over a slice (--lang, --limit) or over a changed case set is compared on the cases both
    runs share, recomputing both sides' metrics, so the figures are like for like."""
    cur_ids = {c["id"] for c in current.get("cases", [])}
    base_ids = {c["id"] for c in baseline.get("cases", [])}
    if cur_ids == base_ids or not base_ids:
        return current, baseline
    shared = cur_ids & base_ids
    if not shared or not all("checks" in c for c in baseline["cases"]):
        cmp.warnings.append(
            f"case sets differ (baseline {len(base_ids)}, now {len(cur_ids)}); compared as they are"
        )
        return current, baseline
    cmp.warnings.append(
        f"compared on the {len(shared)} cases both runs share "
        f"({len(cur_ids - shared)} new, {len(base_ids - shared)} not run)"
    )
    return _restrict(current, shared), _restrict(baseline, shared)


def compare_reports(
    current: dict[str, Any], baseline: dict[str, Any], *, margin: float = DEFAULT_MARGIN, strict: bool = False
) -> Comparison:
    cmp = Comparison(ok=True)
    full_current, full_baseline = current, baseline
    current, baseline = _same_cases(current, baseline, cmp)
    base_groups, cur_groups = _groups(baseline), _groups(current)
    for group, metrics in cur_groups.items():
        old_metrics = base_groups.get(group, {})
        for metric, new in metrics.items():
            old = old_metrics.get(metric)
            delta = None if old is None or new is None else round(new - old, 6)
            cmp.changes.append(
                {"group": group, "metric": metric, "baseline": old, "current": new, "delta": delta}
            )
    overall, base_overall = current["metrics"]["overall"], baseline["metrics"]["overall"]

    def floor(metric: str, bad: bool, fell: bool, text: str) -> None:
        if not bad:
            return
        if strict or fell or base_overall.get(metric) is None:
            cmp.failures.append(text)
        else:
            cmp.warnings.append(f"known gap (baseline has it too): {text}")

    unsafe, base_unsafe = overall["unsafe_auto_sends"], base_overall.get("unsafe_auto_sends") or 0
    floor("unsafe_auto_sends", unsafe > 0, unsafe > base_unsafe, f"unsafe auto-sends: {unsafe} (must be 0)")
    recall, base_recall = overall["high_risk_recall"], base_overall.get("high_risk_recall")
    if recall is not None:
        fell = base_recall is not None and recall < base_recall
        floor("high_risk_recall", recall < 1.0, fell, f"high-risk recall: {recall:.4f} (must be 1.0)")
    for metric in (*HIGHER_IS_BETTER, *LOWER_IS_BETTER):
        old, new = base_overall.get(metric), overall.get(metric)
        if old is None or new is None or metric in ("unsafe_auto_sends", "high_risk_recall"):
            continue
        if _worse_by(metric, old, new) > margin + 1e-9:
            cmp.failures.append(f"{metric} fell from {old} to {new} (margin {margin})")
    _flips(cmp, full_current, full_baseline)
    cmp.ok = not cmp.failures
    return cmp


def _flips(cmp: Comparison, current: dict[str, Any], baseline: dict[str, Any]) -> None:
    base_cases = {c["id"]: c for c in baseline.get("cases", [])}
    seen = set()
    for case in current.get("cases", []):
        seen.add(case["id"])
        old = base_cases.get(case["id"])
        if old is None:
            continue
        if old["passed"] and not case["passed"]:
            cmp.broken.append({"id": case["id"], "failures": case["failures"]})
        elif not old["passed"] and case["passed"]:
            cmp.fixed.append(case["id"])
    cmp.missing = sorted(set(base_cases) - seen)


def changed_metrics(cmp: Comparison, *, group_prefix: str | None = None) -> list[dict[str, Any]]:
    """The changes worth printing: nonzero deltas, and every overall metric."""
    rows = []
    for row in cmp.changes:
        if group_prefix and not row["group"].startswith(group_prefix):
            continue
        if row["group"] == "overall" or (
            row["delta"] not in (None, 0) and row["metric"] not in INFORMATIONAL
        ):
            rows.append(row)
    return rows
