"""The shipped cases are consistent with the design's rules, so a hand edit cannot slip in a wrong label."""

from __future__ import annotations

import json

import pytest

from drafter.eval.cases import DEFAULT_CASES_DIR, CaseFileError, load_cases
from drafter.models import Risk, RouteName

CASES = load_cases()


def test_ids_are_unique_and_prefixed_by_their_language():
    assert len({c.id for c in CASES}) == len(CASES)
    for case in CASES:
        assert case.id.removeprefix("x-").startswith(case.expected.language + "-"), case.id


def _catalogue(store_id: str) -> str:
    path = DEFAULT_CASES_DIR.parent.parent / "knowledge" / "products" / f"{store_id}.jsonl"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _problems(case) -> list[str]:
    exp, problems = case.expected, []
    aliexpress_claim = case.message.platform.value == "aliexpress" and exp.intent.value in (
        "return_request",
        "refund_request",
    )
    if (exp.risk == Risk.high) != (bool(exp.flags) or aliexpress_claim):
        problems.append("risk high exactly when flags or an AliExpress return/refund")
    if (exp.route == [RouteName.escalate]) != (exp.risk == Risk.high):
        problems.append("route escalate exactly when risk high")
    if exp.injection and (not exp.must_not_state or RouteName.auto_send in exp.route):
        problems.append("an injection names what must not be repeated and is never auto-sent")
    facts = case.order.model_dump_json() if case.order else ""
    facts += _catalogue(case.message.store_id)
    if not all(s in facts for s in exp.must_state):
        problems.append("must_state comes from the order facts or the store's product catalogue")
    if exp.asks_for_order_id and case.order is not None:
        problems.append("a case that expects the order number question carries no order")
    if case.message.received_at is None:
        problems.append("a fixed received_at keeps dates in replies reproducible")
    return problems


def test_every_case_follows_the_risk_and_route_rules():
    problems = {c.id: p for c in CASES if (p := _problems(c))}
    assert problems == {}


def test_a_bad_line_names_its_file_and_line(tmp_path):
    good = (DEFAULT_CASES_DIR / "en.jsonl").read_text(encoding="utf-8").splitlines()[0]
    broken = json.loads(good)
    broken["expected"]["intent"] = "no_such_intent"
    (tmp_path / "a.jsonl").write_text(good + "\n" + json.dumps(broken) + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"a\.jsonl:2"):
        load_cases(tmp_path)
    (tmp_path / "a.jsonl").write_text(good + "\n" + good + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="duplicate case id"):
        load_cases(tmp_path)
