"""check_grounding: facts in a draft must come from the order, the FAQ or the store policy."""

from __future__ import annotations

import pytest

from drafter.config import Settings
from drafter.knowledge import store_profile
from drafter.lint.grounding import RULE_ID, check_grounding
from drafter.models import FaqHit, Severity


@pytest.fixture
def store():
    return store_profile(Settings().knowledge_dir, "demo-store")


def _excerpts(text, order, store, **kw):
    violations = check_grounding(text, order=order, faq=kw.pop("faq", []), store=store, **kw)
    assert all(v.rule_id == RULE_ID and v.severity == Severity.block for v in violations)
    for v in violations:
        assert text[v.span[0] : v.span[1]] == v.excerpt
    return [v.excerpt for v in violations]


def test_facts_from_the_order_pass_in_any_format(order, store):
    text = (
        "Order 49-95566-97648 left with USPS (tracking JJD677179516175412) on 5 November; "
        "expected 12.11.2026, that is November 12. You paid 39,90 $ (USD 39.9)."
    )
    assert _excerpts(text, order, store) == []


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Your tracking number is LP99999999999CN.", "LP99999999999CN"),
        ("It travels with DHL.", "DHL"),
        ("It arrives on 2026-11-15.", "2026-11-15"),
        ("It arrives on 15 de noviembre.", "15 de noviembre"),
        ("We add a $50 gift card.", "$50"),
        ("We refund 12,50 € today.", "12,50 €"),
        ("About order 8824591510225522:", "8824591510225522"),
    ],
)
def test_invented_facts_block(text, bad, order, store):
    assert _excerpts(text, order, store) == [bad]


def test_buyer_may_supply_ids_and_dates_but_not_amounts(order, store):
    buyer = "I ordered on 3 November, my other order is 1234567890 and I want 100 EUR back."
    text = "You asked about order 1234567890 placed on November 3. We cannot send 100 EUR."
    assert _excerpts(text, order, store, message_text=buyer) == ["100 EUR"]


def test_faq_and_policy_facts_count(order, store):
    faq = [
        FaqHit(
            id="faq-carriers",
            topic="shipping",
            language="en",
            question="Which carriers?",
            answer="We ship with Cainiao or YunExpress; delivery 7 to 15 days.",
            facts={},
            score=0.8,
        )
    ]
    text = "We ship with YunExpress; returns are free within 30 days and refunds take 5 days."
    assert _excerpts(text, order, store, faq=faq) == []
    assert _excerpts("We ship with YunExpress.", order, store) == ["YunExpress"]


def test_the_promised_check_time_is_allowed_when_the_caller_says_so(order, store):
    text = "We will check again on 2026-11-22 at 17:00."
    assert _excerpts(text, order, store) == ["2026-11-22"]
    assert _excerpts(text, order, store, allowed=["2026-11-22 17:00"]) == []


def test_no_order_means_no_order_facts(store):
    assert _excerpts("Your parcel with UPS arrives 2026-11-20.", None, store) == ["UPS", "2026-11-20"]
    assert _excerpts("Please send us the order number shown in your account.", None, store) == []


def test_numbers_inside_cjk_text_are_read_whole(order, store):
    text = "ご注文49-95566-97648は2026年11月12日にお届け予定です。追跡番号JJD677179516175412。"
    assert _excerpts(text, order, store) == []
    assert _excerpts("ご注文49-95566-99999について", order, store) == ["49-95566-99999"]
