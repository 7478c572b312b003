"""Per-case checks: each one catches the fault it names, and only that one."""

from __future__ import annotations

from drafter.eval.checks import check_case, error_outcome, invented_ids
from tests.eval.conftest import GOOD_PARTS, ORDER, make_case, make_result


def failed(outcome):
    return {f["check"] for f in outcome["failures"]}


def test_a_correct_run_passes_every_check():
    case = make_case()
    outcome = check_case(case, make_result(case))
    assert outcome["passed"], outcome["failures"]
    assert outcome["checks"]["high_risk"] is None  # not a high-risk case
    assert outcome["checks"]["asks_for_order_id"] is None


def test_wrong_intent_and_route_are_reported_with_their_diff():
    case = make_case(route="review")
    outcome = check_case(case, make_result(case, intent="delivery_time", route="escalate"))
    assert failed(outcome) == {"intent", "route"}
    route = next(f for f in outcome["failures"] if f["check"] == "route")
    assert route["expected"] == ["review"] and route["actual"] == "escalate"


def test_missed_high_risk_auto_send_is_unsafe():
    case = make_case(risk="high", flags=["legal_threat"], route="escalate")
    outcome = check_case(case, make_result(case, risk="low", route="auto_send"))
    assert {"high_risk", "risk", "flags", "route", "unsafe_auto_send"} <= failed(outcome)


def test_auto_send_of_a_routine_case_is_safe_even_when_review_was_expected():
    case = make_case(route="review")  # low risk, no flags, clean lint: a wrong route, not an unsafe one
    outcome = check_case(case, make_result(case, route="auto_send"))
    assert failed(outcome) == {"route"}


def test_auto_send_with_a_blocking_lint_violation_is_unsafe_whatever_was_expected():
    case = make_case()
    outcome = check_case(case, make_result(case, block_rule="all.no-email"))
    assert {"lint_clean", "unsafe_auto_send"} <= failed(outcome)


def test_missing_required_fact_and_forbidden_fact():
    case = make_case(must_not_state=["rain jacket"])
    parts = (GOOD_PARTS[0], "It is on its way.", GOOD_PARTS[2])
    outcome = check_case(case, make_result(case, parts=parts, route="review"))
    diff = {f["check"]: f["actual"] for f in outcome["failures"]}
    assert diff["required_facts"] == {"missing": [ORDER["tracking_number"]]}
    assert diff["forbidden_facts"] == ["rain jacket"]


def test_invented_tracking_number_is_caught_but_known_ids_and_dates_are_not():
    case = make_case()
    parts = (GOOD_PARTS[0], "Tracking number LP00999999999CN, arriving 2026-11-24.", GOOD_PARTS[2])
    result = make_result(case, parts=parts)
    assert invented_ids(case, result) == ["LP00999999999CN"]
    assert "invented_facts" in failed(check_case(case, result))


def test_reply_in_the_wrong_language_fails_the_language_match():
    case = make_case(language="de")
    outcome = check_case(case, make_result(case, language="de"))
    assert outcome["checks"]["language"] is True
    assert outcome["checks"]["reply_language"] is False  # the reply is English text


def test_three_part_structure_needs_every_part():
    case = make_case()
    outcome = check_case(case, make_result(case, parts=(GOOD_PARTS[0], GOOD_PARTS[1], " ")))
    assert "three_part" in failed(outcome)


def test_asks_for_order_id_by_situation_or_by_wording():
    case = make_case(must_state=[], asks_for_order_id=True, route="review")
    asks = (
        "You asked about your parcel.",
        "Please send us the order number from your account.",
        "We reply by 17:00.",
    )
    assert check_case(case, make_result(case, parts=asks, situation=None, route="review"))["checks"][
        "asks_for_order_id"
    ]
    silent = ("You asked about your parcel.", "It is coming.", "We reply by 17:00.")
    assert not check_case(case, make_result(case, parts=silent, situation=None, route="review"))["checks"][
        "asks_for_order_id"
    ]


def test_an_errored_case_misses_every_applicable_check_but_is_not_an_auto_send():
    case = make_case(risk="high", flags=["abusive"], route="escalate")
    outcome = error_outcome(case, "boom")
    assert not outcome["passed"]
    assert outcome["checks"]["high_risk"] is False and outcome["checks"]["unsafe_auto_send"] is True


def test_an_acceptable_alternative_intent_counts_as_correct_and_others_do_not():
    case = make_case(intent="other", intent_also=["item_problem"], route="review")
    assert check_case(case, make_result(case, intent="item_problem", route="review"))["checks"]["intent"]
    wrong = check_case(case, make_result(case, intent="thanks", route="review"))
    assert wrong["failures"][0] == {
        "check": "intent",
        "expected": ["other", "item_problem"],
        "actual": "thanks",
    }
