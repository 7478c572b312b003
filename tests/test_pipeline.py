"""The pipeline end to end, in-process: every stage runs and the run record says what it did."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from drafter.models import BuyerMessage, RouteName

STAGES = ["language", "classify", "details", "sla", "retrieve", "facts", "compose", "lint", "route"]


def test_every_stage_runs_and_is_timed(pipeline, demo_orders):
    order = next(o for o in demo_orders if o.platform == "aliexpress" and o.tracking_number)
    result = pipeline.run(
        BuyerMessage(
            platform="aliexpress", store_id="demo-store", text=f"Hello, where is my order {order.order_id}?"
        )
    )
    assert [t.stage for t in result.timings] == STAGES
    assert result.retrieval.order_lookup == "found" and result.retrieval.order_id_source == "text"
    assert result.draft.text == "\n\n".join(
        [result.draft.restatement, result.draft.solution, result.draft.commitment]
    )
    assert result.sla.deadline > result.received_at


def test_no_invented_order_facts(pipeline, demo_orders):
    """Every long digit run in a reply comes from the order the message is about."""
    for order in demo_orders[:40]:
        result = pipeline.run(
            BuyerMessage(
                platform=order.platform,
                store_id="demo-store",
                text="Where is my package? Tracking has not moved.",
                order_id=order.order_id,
            )
        )
        facts = order.model_dump_json()
        for number in re.findall(r"\d{5,}", result.draft.text):
            assert number in facts, (number, result.draft.text)


def test_high_risk_never_auto_sends(pipeline):
    result = pipeline.run(
        BuyerMessage(
            platform="amazon",
            store_id="demo-store",
            text="Thanks! But if this happens again I will call my lawyer.",
        )
    )
    assert result.classification.risk == "high"
    assert result.route.route == RouteName.escalate


def test_order_override_is_used_instead_of_the_store(pipeline, demo_orders):
    order = demo_orders[5]
    result = pipeline.run(
        BuyerMessage(platform=order.platform, store_id="demo-store", text="status?", order_id="not-this-one"),
        order=order,
    )
    assert result.retrieval.order == order


def _mixed_messages(demo_orders) -> list[BuyerMessage]:
    """Several languages, platforms and stores; ids in the text, in the request, unknown, and none."""
    received = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    texts = (
        "Where is my order {oid}? Tracking has not moved.",
        "¿Dónde está mi pedido {oid}?",
        "Где мой заказ {oid}? Жду две недели.",
        "Wo bleibt meine Bestellung {oid}?",
        "注文{oid}はいつ届きますか？",
        "Thank you, everything arrived fine! Next time faster please.",
    )
    messages = [
        BuyerMessage(
            platform=o.platform,
            store_id=o.store_id,
            text=texts[i % len(texts)].format(oid=o.order_id),
            received_at=received,
        )
        for i, o in enumerate(demo_orders[::23])
    ]
    first = demo_orders[0]
    messages += [
        BuyerMessage(
            platform=first.platform,
            store_id=first.store_id,
            text="status please?",
            order_id=first.order_id,
            received_at=received,
        ),
        BuyerMessage(
            platform="shopify", store_id="demo-store", text="Where is order #99999?", received_at=received
        ),
        BuyerMessage(
            platform="ebay", store_id="demo-asia", text="Do you ship to Norway?", received_at=received
        ),
    ]
    return messages


def test_run_many_gives_what_run_gives_message_by_message(pipeline, demo_orders):
    messages = _mixed_messages(demo_orders)
    override = [None] * (len(messages) - 1) + [demo_orders[7]]
    one_by_one = [pipeline.run(m, order=o) for m, o in zip(messages, override)]
    batched = pipeline.run_many(messages, orders=override)
    assert len(batched) == len(messages)
    for single, many in zip(one_by_one, batched):
        assert many.model_dump(exclude={"timings"}) == single.model_dump(exclude={"timings"})
        assert [t.stage for t in many.timings] == STAGES
    assert {r.retrieval.order_lookup for r in batched} == {"found", "not_found", "not_given"}
    assert len({r.language.language for r in batched}) >= 5


def test_run_many_isolates_a_failing_message(pipeline, demo_orders, monkeypatch):
    messages = _mixed_messages(demo_orders)[:6]
    real_compose = pipeline.composer.compose

    def compose(request):  # noqa: ANN001, ANN202
        if request.message is messages[2]:
            raise ValueError("cannot compose this one")
        return real_compose(request)

    monkeypatch.setattr(pipeline.composer, "compose", compose)
    results = pipeline.run_many(messages, return_exceptions=True)
    assert isinstance(results[2], ValueError)
    assert all(r.draft.text for i, r in enumerate(results) if i != 2)
    with pytest.raises(ValueError, match="cannot compose"):
        pipeline.run_many(messages)


def test_run_many_finds_the_failing_message_when_the_shared_work_fails(pipeline, demo_orders, monkeypatch):
    """A message that breaks the batched preparation (here: language detection) fails alone."""
    from drafter import language

    messages = _mixed_messages(demo_orders)[:5]
    real_detect = language.detect_language

    def detect(text: str, **kwargs):  # noqa: ANN202
        if text == messages[1].text:
            raise RuntimeError("undecodable")
        return real_detect(text, **kwargs)

    monkeypatch.setattr(language, "detect_language", detect)
    results = pipeline.run_many(messages, return_exceptions=True)
    assert isinstance(results[1], RuntimeError)
    assert [type(r).__name__ for i, r in enumerate(results) if i != 1] == ["PipelineResult"] * 4


@pytest.mark.parametrize("platform", ["amazon", "ebay", "shopify"])
def test_an_ordinary_german_cancellation_is_medium_and_not_escalated(pipeline, platform):
    result = pipeline.run(
        BuyerMessage(
            platform=platform,
            store_id="demo-store",
            text="Guten Tag, bitte stornieren Sie meine Bestellung, ich brauche sie nicht mehr.",
        )
    )
    assert result.classification.intent == "cancel_order"
    assert result.classification.flags == [] and result.classification.risk == "medium"
    assert result.route.route == RouteName.review


def test_russian_in_latin_letters_is_answered_in_russian_and_said_so(pipeline):
    result = pipeline.run(
        BuyerMessage(
            platform="aliexpress",
            store_id="demo-store",
            text="dobryi den, kogda pridet moya posylka? uzhe tri nedeli zhdu",
        )
    )
    assert result.language.language == "ru" and result.language.transliterated
    assert result.classification.transliterated and result.classification.intent == "shipping_status"
    assert "language_transliterated" in result.warnings
    assert re.search(r"[а-яА-Я]", result.draft.text)


def test_the_reply_answers_what_the_buyer_wrote(pipeline, demo_orders):
    """Measurements given are used (never asked again); an action the team must take goes to a person."""
    order = next(
        o
        for o in demo_orders
        if o.store_id == "demo-store"
        and o.platform == "amazon"
        and any(i.sku == "SKU-JK-02" for i in o.items)
    )
    result = pipeline.run(
        BuyerMessage(
            platform="amazon",
            store_id="demo-store",
            order_id=order.order_id,
            text="I'm 171 cm and 67 kg, which size of the rain jacket should I get?",
        )
    )
    assert result.draft.situation == "size_advice", result.draft.text
    assert "size M" in result.draft.text and "106 cm" in result.draft.text
    assert "send us your measurements" not in result.draft.text.lower()
    delivered = next(
        o
        for o in demo_orders
        if o.store_id == "demo-store" and o.platform == "amazon" and o.status == "delivered"
    )
    result = pipeline.run(
        BuyerMessage(
            platform="amazon",
            store_id="demo-store",
            order_id=delivered.order_id,
            text="Tracking says delivered but I never received anything.",
        )
    )
    assert result.draft.situation == "delivered_not_received"
    assert result.route.route != RouteName.auto_send
