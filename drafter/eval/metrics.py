"""Aggregate per-case outcomes (checks.check_case) into metrics, overall, per platform, per language."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from drafter.models import Intent

# metric -> the per-case check it is the rate of (over the cases the check applies to).
RATE_METRICS: dict[str, str] = {
    "pass_rate": "passed",
    "intent_accuracy": "intent",
    "risk_accuracy": "risk",
    "high_risk_recall": "high_risk",
    "flag_accuracy": "flags",
    "injection_recall": "injection",
    "route_accuracy": "route",
    "language_accuracy": "language",
    "reply_language_match": "reply_language",
    "three_part_rate": "three_part",
    "required_facts_rate": "required_facts",
    "asks_for_order_id_rate": "asks_for_order_id",
    "lint_clean_rate": "lint_clean",
}
# metric -> the check whose misses it counts.
COUNT_METRICS: dict[str, str] = {
    "unsafe_auto_sends": "unsafe_auto_send",
    "forbidden_fact_cases": "forbidden_facts",
    "invented_fact_cases": "invented_facts",
}
HIGHER_IS_BETTER = (*RATE_METRICS, "intent_macro_f1")
LOWER_IS_BETTER = (*COUNT_METRICS, "errors")
# Shown and compared, never guarded: they depend on the machine or the vendor's prices.
INFORMATIONAL = (
    "cases",
    "auto_send_rate",
    "composer_fallbacks",
    "latency_p50_ms",
    "latency_p95_ms",
    "tokens",
    "cost_usd",
)


def _check(outcome: dict[str, Any], name: str) -> bool | None:
    return outcome["passed"] if name == "passed" else outcome["checks"].get(name)


def rate(outcomes: Iterable[dict[str, Any]], check: str) -> float | None:
    """Share of the cases the check applies to that meet it; None when it applies to none."""
    values = [v for o in outcomes if (v := _check(o, check)) is not None]
    return round(sum(values) / len(values), 4) if values else None


def macro_f1(pairs: list[tuple[str, str]]) -> float | None:
    """Unweighted mean F1 over every label that is expected or predicted at least once."""
    if not pairs:
        return None
    labels = sorted({label for pair in pairs for label in pair})
    scores = []
    for label in labels:
        tp = sum(1 for e, p in pairs if e == label and p == label)
        fp = sum(1 for e, p in pairs if e != label and p == label)
        fn = sum(1 for e, p in pairs if e == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return round(float(np.mean(scores)), 4)


def percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 3) if values else None


def total_ms(outcome: dict[str, Any]) -> float | None:
    timings = outcome.get("timings") or {}
    if not timings:
        return None
    return timings.get("total", sum(timings.values()))


def intent_pairs(outcomes: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """(expected, predicted); a prediction among the case's acceptable alternatives counts as expected."""
    pairs = []
    for o in outcomes:
        if not o["predicted"]:
            continue
        predicted = o["predicted"]["intent"]
        also = o["expected"].get("intent_also") or ()
        pairs.append((predicted if predicted in also else o["expected"]["intent"], predicted))
    return pairs


def summarize(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """The metric set for one group of outcomes."""
    m: dict[str, Any] = {"cases": len(outcomes)}
    for name, check in RATE_METRICS.items():
        m[name] = rate(outcomes, check)
    pairs = intent_pairs(outcomes)
    # Failed runs count as wrong predictions in the F1, as they do in accuracy.
    pairs += [(o["expected"]["intent"], "__error__") for o in outcomes if not o["predicted"]]
    m["intent_macro_f1"] = macro_f1(pairs)
    for name, check in COUNT_METRICS.items():
        m[name] = sum(1 for o in outcomes if o["checks"].get(check) is False)
    m["errors"] = sum(1 for o in outcomes if o["error"])
    ran = [o for o in outcomes if o["predicted"]]
    m["auto_send_rate"] = (
        round(sum(o["predicted"]["route"] == "auto_send" for o in ran) / len(ran), 4) if ran else None
    )
    # Drafts where the chosen composer gave up and another wrote the reply (LLM errors, replay misses).
    m["composer_fallbacks"] = sum(1 for o in ran if (o.get("reply") or {}).get("fallback_reason"))
    totals = [t for o in outcomes if (t := total_ms(o)) is not None]
    m["latency_p50_ms"], m["latency_p95_ms"] = percentile(totals, 50), percentile(totals, 95)
    m["tokens"] = sum(int(_usage(o, "total_tokens")) for o in outcomes)
    m["cost_usd"] = round(sum(_usage(o, "cost_usd") for o in outcomes), 6)
    return m


def _usage(outcome: dict[str, Any], key: str) -> float:
    usage = outcome.get("usage") or {}
    if key == "total_tokens" and key not in usage:
        return float(usage.get("input_tokens", usage.get("prompt_tokens", 0)) or 0) + float(
            usage.get("output_tokens", usage.get("completion_tokens", 0)) or 0
        )
    return float(usage.get(key, 0) or 0)


def stage_latency(outcomes: list[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """p50/p95/mean/max per pipeline stage, plus the whole run."""
    per_stage: dict[str, list[float]] = defaultdict(list)
    for o in outcomes:
        for stage, ms in (o.get("timings") or {}).items():
            per_stage[stage].append(ms)
        if (t := total_ms(o)) is not None and "total" not in (o.get("timings") or {}):
            per_stage["total"].append(t)
    return {
        stage: {
            "p50": percentile(v, 50),
            "p95": percentile(v, 95),
            "mean": round(float(np.mean(v)), 3),
            "max": round(max(v), 3),
        }
        for stage, v in per_stage.items()
    }


def confusion(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    labels = [i.value for i in Intent]
    counts = Counter(intent_pairs(outcomes))
    return {"labels": labels, "matrix": [[counts[(e, p)] for p in labels] for e in labels]}


def grouped(outcomes: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in outcomes:
        groups[o[key]].append(o)
    return {name: summarize(group) for name, group in sorted(groups.items())}


def compute_metrics(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "overall": summarize(outcomes),
        "by_platform": grouped(outcomes, "platform"),
        "by_language": grouped(outcomes, "language"),
        "latency": stage_latency(outcomes),
        "confusion": confusion(outcomes),
    }
