"""The pipeline end to end, in-process: every stage runs and the run record says what it did."""

from __future__ import annotations

import re

from drafter.models import BuyerMessage, RouteName

STAGES = ["language", "classify", "sla", "retrieve", "compose", "lint", "route"]


def test_every_stage_runs_and_is_timed(pipeline, demo_orders):
    order = next(o for o in demo_orders if o.platform == "aliexpress" and o.tracking_number)
    result = pipeline.run(BuyerMessage(platform="aliexpress", store_id="demo-store",
                                       text=f"Hello, where is my order {order.order_id}?"))
    assert [t.stage for t in result.timings] == STAGES
    assert result.retrieval.order_lookup == "found" and result.retrieval.order_id_source == "text"
    assert result.draft.text == "\n\n".join([result.draft.restatement, result.draft.solution, result.draft.commitment])
    assert result.sla.deadline > result.received_at


def test_no_invented_order_facts(pipeline, demo_orders):
    """Every long digit run in a reply comes from the order the message is about."""
    for order in demo_orders[:40]:
        result = pipeline.run(BuyerMessage(platform=order.platform, store_id="demo-store",
                                           text="Where is my package? Tracking has not moved.",
                                           order_id=order.order_id))
        facts = order.model_dump_json()
        for number in re.findall(r"\d{5,}", result.draft.text):
            assert number in facts, (number, result.draft.text)


def test_high_risk_never_auto_sends(pipeline):
    result = pipeline.run(BuyerMessage(platform="amazon", store_id="demo-store",
                                       text="Thanks! But if this happens again I will call my lawyer."))
    assert result.classification.risk == "high"
    assert result.route.route == RouteName.escalate


def test_order_override_is_used_instead_of_the_store(pipeline, demo_orders):
    order = demo_orders[5]
    result = pipeline.run(BuyerMessage(platform=order.platform, store_id="demo-store", text="status?",
                                       order_id="not-this-one"), order=order)
    assert result.retrieval.order == order
