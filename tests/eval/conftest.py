"""Builders for eval tests: real cases and real PipelineResult objects, shaped per test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from drafter.eval.cases import EvalCase
from drafter.models import (
    Classification,
    Draft,
    LanguageResult,
    LintResult,
    PipelineResult,
    Retrieval,
    RouteDecision,
    Severity,
    SlaResult,
    StageTiming,
    Violation,
)

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
ORDER = {
    "order_id": "8123456789012345",
    "store_id": "demo-store",
    "platform": "aliexpress",
    "status": "in_transit",
    "items": [{"sku": "S1", "title": "rain jacket"}],
    "carrier": "Cainiao",
    "tracking_number": "LP00123456789CN",
    "estimated_delivery": "2026-11-24",
}


def make_case(case_id: str = "en-001", **expected) -> EvalCase:
    exp = {
        "intent": "shipping_status",
        "risk": "low",
        "flags": [],
        "route": "auto_send",
        "language": "en",
        "must_state": [ORDER["order_id"], ORDER["tracking_number"]],
        **expected,
    }
    return EvalCase.model_validate(
        {
            "id": case_id,
            "message": {
                "platform": "aliexpress",
                "store_id": "demo-store",
                "text": "Where is my parcel?",
                "order_id": ORDER["order_id"],
                "received_at": AT.isoformat(),
            },
            "order": ORDER,
            "expected": exp,
        }
    )


GOOD_PARTS = (
    f"You asked about the delivery of order {ORDER['order_id']} (rain jacket).",
    f"It was shipped with Cainiao, tracking number {ORDER['tracking_number']}; the estimated delivery date is 2026-11-24.",
    "We will check the tracking again by 2026-11-21 17:00 and write to you here.",
)


def make_result(
    case: EvalCase,
    *,
    intent="shipping_status",
    risk="low",
    flags=(),
    route="auto_send",
    language="en",
    parts=GOOD_PARTS,
    situation="order_tracking",
    block_rule=None,
    injection=False,
    timings=None,
) -> PipelineResult:
    violations = []
    if block_rule:
        violations.append(Violation(rule_id=block_rule, severity=Severity.block, span=(0, 1), message="x"))
    return PipelineResult(
        message=case.message,
        received_at=AT,
        classification=Classification(
            language=language,
            intent=intent,
            confidence=0.9,
            risk=risk,
            flags=list(flags),
            injection=injection,
        ),
        language=LanguageResult(language=language, confidence=0.99, method="langdetect"),
        sla=SlaResult(deadline=AT),
        retrieval=Retrieval(order=case.order, order_lookup="found" if case.order else "not_given"),
        draft=Draft(
            restatement=parts[0],
            solution=parts[1],
            commitment=parts[2],
            text=Draft.join(*parts),
            language=language,
            composer="template",
            situation=situation,
        ),
        lint=LintResult.from_violations(violations),
        route=RouteDecision(route=route, reasons=["test"]),
        timings=[
            StageTiming(stage=s, ms=ms) for s, ms in (timings or {"classify": 2.0, "compose": 1.0}).items()
        ],
    )


@pytest.fixture
def case_factory():
    return make_case


@pytest.fixture
def result_factory():
    return make_result


def eval_app():
    """The `drafter` app with only the eval command, so tests invoke `eval ...` as users do."""
    import typer

    from drafter.cli import eval_cmds

    app = typer.Typer()

    @app.callback()
    def _root() -> None:  # keeps `eval` a subcommand even when it is the only one
        pass

    eval_cmds.register(app)
    return app


def invoke_eval(*args: str):
    from typer.testing import CliRunner

    return CliRunner().invoke(eval_app(), ["eval", *args])


@pytest.fixture(scope="session")
def slice_report_dir(tmp_path_factory):
    """One evaluation over an evenly spaced slice of the shipped cases, shared by the report tests."""
    pytest.importorskip("drafter.pipeline", reason="drafter.pipeline is not in this checkout yet")
    out = tmp_path_factory.mktemp("eval-slice")
    result = invoke_eval("--limit", "28", "--out", str(out), "--save-baseline", str(out / "baseline.json"))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return out
