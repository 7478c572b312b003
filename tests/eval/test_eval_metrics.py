"""Metrics: hand-checked values on small outcome sets."""

from __future__ import annotations

import pytest

from drafter.eval.checks import check_case, error_outcome
from drafter.eval.metrics import compute_metrics, macro_f1, percentile, rate
from tests.eval.conftest import make_case, make_result


def test_macro_f1_matches_a_hand_computed_value():
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("c", "b")]
    # a: P=1 R=.5 F=.667; b: P=1/3 R=1 F=.5; c: 0  -> mean .3889
    assert macro_f1(pairs) == pytest.approx(0.3889, abs=1e-4)
    assert macro_f1([("a", "a")]) == 1.0
    assert macro_f1([]) is None


def test_rate_ignores_cases_a_check_does_not_apply_to():
    outcomes = [
        {"passed": True, "checks": {"x": True}},
        {"passed": False, "checks": {"x": None}},
        {"passed": False, "checks": {"x": False}},
    ]
    assert rate(outcomes, "x") == 0.5
    assert rate(outcomes, "passed") == pytest.approx(0.3333, abs=1e-4)
    assert rate(outcomes, "missing") is None


def test_percentile_interpolates():
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([], 95) is None


def _outcomes():
    good_en = make_case("en-001")
    risky_de = make_case("de-001", language="de", risk="high", flags=["legal_threat"], route="escalate")
    other = make_case("en-002", intent="thanks", route="auto_send")
    return [
        check_case(good_en, make_result(good_en, timings={"classify": 2.0, "compose": 4.0})),
        check_case(risky_de, make_result(risky_de, language="de", risk="low", route="auto_send")),
        check_case(other, make_result(other, intent="thanks")),
        error_outcome(make_case("en-003"), "ValueError: broken"),
    ]


def test_overall_and_grouped_metrics():
    m = compute_metrics(_outcomes())
    overall = m["overall"]
    assert overall["cases"] == 4
    assert overall["intent_accuracy"] == 0.75  # the errored case counts as a miss
    assert overall["high_risk_recall"] == 0.0
    assert overall["unsafe_auto_sends"] == 1
    assert overall["errors"] == 1
    assert overall["pass_rate"] == 0.5
    assert set(m["by_language"]) == {"en", "de"} and set(m["by_platform"]) == {"aliexpress"}
    assert m["by_language"]["en"]["unsafe_auto_sends"] == 0
    assert m["by_language"]["de"]["unsafe_auto_sends"] == 1
    assert m["latency"]["compose"]["max"] == 4.0
    assert m["latency"]["total"]["p50"] == 3.0  # per-case sums 6, 3, 3


def test_confusion_matrix_counts_expected_against_predicted():
    m = compute_metrics(_outcomes())
    labels, matrix = m["confusion"]["labels"], m["confusion"]["matrix"]
    ship, thanks = labels.index("shipping_status"), labels.index("thanks")
    assert matrix[ship][ship] == 2 and matrix[thanks][thanks] == 1
    assert sum(map(sum, matrix)) == 3  # the errored case has no prediction


def test_alternative_intent_lands_on_the_diagonal_of_the_confusion_matrix():
    case = make_case(intent="other", intent_also=["item_problem"], route="review")
    m = compute_metrics([check_case(case, make_result(case, intent="item_problem", route="review"))])
    labels, matrix = m["confusion"]["labels"], m["confusion"]["matrix"]
    i = labels.index("item_problem")
    assert matrix[i][i] == 1 and m["overall"]["intent_macro_f1"] == 1.0
