"""The eval command end to end over a slice of the shipped cases: reports, baseline exit codes."""

from __future__ import annotations

import json

from drafter.eval.cases import load_cases
from tests.eval.conftest import invoke_eval


def test_shipped_cases_cover_every_platform_and_language():
    cases = load_cases()
    assert len(cases) >= 300
    assert {c.message.platform.value for c in cases} == {"aliexpress", "amazon", "ebay", "shopify"}
    assert {c.expected.language for c in cases} == {
        "en",
        "es",
        "ru",
        "fr",
        "pt",
        "de",
        "it",
        "pl",
        "nl",
        "tr",
        "ar",
        "ja",
        "ko",
        "zh",
    }
    tags = {t for c in cases for t in c.tags}
    assert {
        "injection",
        "missing_order",
        "legal_threat",
        "chargeback_claim",
        "negative_review_threat",
        "safety_issue",
        "abusive",
    } <= tags


def test_slice_run_writes_both_reports(slice_report_dir):
    report = json.loads((slice_report_dir / "report.json").read_text(encoding="utf-8"))
    assert report["metrics"]["overall"]["cases"] == 28 == len(report["cases"])
    assert report["metrics"]["overall"]["errors"] == 0, [c["error"] for c in report["cases"] if c["error"]]
    assert set(report["metrics"]["latency"]) >= {"classify", "compose", "lint", "route", "total"}
    assert len(report["metrics"]["by_language"]) == 14
    html = (slice_report_dir / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 4 and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    failing = [c["id"] for c in report["cases"] if not c["passed"]]
    for case_id in failing:
        assert f'id="case-{case_id}"' in html


def test_same_run_against_its_own_baseline_exits_zero(slice_report_dir, tmp_path):
    result = invoke_eval(
        "--limit", "28", "--out", str(tmp_path), "--baseline", str(slice_report_dir / "baseline.json")
    )
    assert result.exit_code == 0, result.output
    comparison = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["comparison"]
    assert comparison["ok"] and comparison["broken"] == [] and comparison["fixed"] == []


def test_a_better_baseline_makes_the_run_exit_non_zero(slice_report_dir, tmp_path):
    baseline = json.loads((slice_report_dir / "baseline.json").read_text(encoding="utf-8"))
    overall = baseline["metrics"]["overall"]
    overall["route_accuracy"] += 0.2  # as if routing got worse since the baseline
    path = tmp_path / "better.json"
    path.write_text(json.dumps(baseline), encoding="utf-8")
    result = invoke_eval(
        "--limit", "28", "--out", str(tmp_path / "out"), "--baseline", str(path), "--margin", "0.05"
    )
    assert result.exit_code == 1, result.output
    assert "route_accuracy fell" in result.output


def test_unknown_cases_dir_is_a_usage_error(tmp_path):
    result = invoke_eval("--cases", str(tmp_path / "nowhere"), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "no *.jsonl case files" in result.output


def test_llm_mode_without_composer_or_cassettes_stops_with_a_clear_message(tmp_path):
    result = invoke_eval(
        "--composer",
        "llm",
        "--limit",
        "2",
        "--out",
        str(tmp_path),
        "--cassettes",
        str(tmp_path / "no-cassettes"),
    )
    assert result.exit_code == 2
    assert "composer is not available" in result.output or "no cassettes for these cases" in result.output
    assert not (tmp_path / "report.json").exists()
