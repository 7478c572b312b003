"""Comparison with a baseline: deltas, flipped cases, and which falls fail."""

from __future__ import annotations

from drafter.eval.checks import check_case
from drafter.eval.compare import compare_reports
from drafter.eval.metrics import compute_metrics
from tests.eval.conftest import make_case, make_result

RISKY = dict(risk="high", flags=["legal_threat"], route="escalate")


def report(outcomes):
    return {"metrics": compute_metrics(outcomes), "cases": outcomes}


def run(cases_and_results):
    return report([check_case(c, r) for c, r in cases_and_results])


def _good():
    a, b = make_case("en-001"), make_case("en-002", **RISKY)
    return [(a, make_result(a)), (b, make_result(b, risk="high", flags=["legal_threat"], route="escalate"))]


def test_identical_runs_pass_with_no_flips():
    cmp = compare_reports(run(_good()), run(_good()))
    assert cmp.ok and not cmp.failures and not cmp.broken and not cmp.fixed
    overall = {r["metric"]: r for r in cmp.changes if r["group"] == "overall"}
    assert overall["intent_accuracy"]["delta"] == 0


def test_an_unsafe_auto_send_fails_and_the_flipped_case_is_named():
    a, b = make_case("en-001"), make_case("en-002", **RISKY)
    current = run([(a, make_result(a)), (b, make_result(b, risk="low", route="auto_send"))])
    cmp = compare_reports(current, run(_good()))
    assert not cmp.ok
    assert any("unsafe auto-sends: 1" in f for f in cmp.failures)
    assert any("high-risk recall" in f for f in cmp.failures)
    assert [x["id"] for x in cmp.broken] == ["en-002"]


def test_a_fall_within_the_margin_passes_and_beyond_it_fails():
    cases = [make_case(f"en-{i:03d}") for i in range(1, 11)]
    base = run([(c, make_result(c)) for c in cases])
    one_wrong = run(
        [(c, make_result(c, route="review" if i == 0 else "auto_send")) for i, c in enumerate(cases)]
    )
    assert compare_reports(one_wrong, base, margin=0.15).ok  # 10 points down, margin 15
    cmp = compare_reports(one_wrong, base, margin=0.05)
    assert not cmp.ok and any(f.startswith("route_accuracy fell") for f in cmp.failures)
    assert compare_reports(base, one_wrong, margin=0.0).fixed == ["en-001"]


def test_a_floor_the_baseline_already_misses_is_a_known_gap_unless_strict():
    a, b = make_case("en-001"), make_case("en-002", **RISKY)
    missed = run([(a, make_result(a)), (b, make_result(b, risk="medium", route="review"))])
    cmp = compare_reports(missed, missed)
    assert cmp.ok and any("known gap" in w for w in cmp.warnings)
    assert not compare_reports(missed, missed, strict=True).ok


def test_a_slice_is_compared_with_the_same_cases_of_the_baseline():
    good, bad = make_case("en-001"), make_case("de-001", language="de", route="review")
    base = run([(good, make_result(good)), (bad, make_result(bad, language="de", route="auto_send"))])
    only_good = run([(good, make_result(good))])
    cmp = compare_reports(only_good, base, margin=0.0)
    assert cmp.ok, cmp.failures  # the baseline's route miss on de-001 is not part of this slice
    assert any("compared on the 1 cases both runs share" in w for w in cmp.warnings)
    worse = run([(good, make_result(good, route="review"))])
    assert not compare_reports(worse, base, margin=0.0).ok
