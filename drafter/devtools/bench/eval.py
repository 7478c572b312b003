"""`drafter bench` section: how long the evaluation over every shipped case takes (target < 60 s)."""

from __future__ import annotations

from typing import Any

from drafter.config import Settings
from drafter.eval.cases import load_cases
from drafter.eval.runner import run_eval


def bench_eval(settings: Settings) -> dict[str, Any]:
    # The eval makes its own throw-away data dir; `settings` is the bench's and is not needed.
    cases = load_cases()
    report = run_eval(cases)
    overall = report["metrics"]["overall"]
    return {
        "cases": overall["cases"],
        "duration_s": report["duration_s"],
        "setup_s": report["setup_s"],
        "per_case_p50_ms": overall["latency_p50_ms"],
        "per_case_p95_ms": overall["latency_p95_ms"],
        "target_s": 60,
        "within_target": report["duration_s"] < 60,
    }
