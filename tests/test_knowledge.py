"""knowledge/: store policies layer correctly, demo orders are realistic, FAQ entries are complete and clean."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from drafter.compose.policy_facts import policy_facts
from drafter.config import Settings
from drafter.knowledge import effective_policy, known_store_ids, load_demo_orders, load_faq, store_profile
from drafter.language import detect_language
from drafter.lint import lint_text
from drafter.models import SUPPORTED_LANGUAGES, OrderStatus, Platform
from drafter.platforms import load_platform_rules

KNOWLEDGE = Settings().knowledge_dir
DEMO_TODAY = date(2026, 11, 20)
TOPICS = {
    "shipping",
    "customs",
    "returns",
    "refunds",
    "sizes",
    "invoices",
    "payment",
    "warranty",
    "product_care",
}


@pytest.fixture(scope="module")
def orders():
    return load_demo_orders(KNOWLEDGE)


@pytest.fixture(scope="module")
def faq():
    return load_faq(KNOWLEDGE)


def test_policy_layers_defaults_then_platform_then_store_then_store_platform():
    demo = store_profile(KNOWLEDGE, "demo-store")
    assert effective_policy(demo, "aliexpress").buyer_protection_days == 60  # platform default
    assert effective_policy(demo, "amazon").buyer_protection_days is None
    assert effective_policy(demo, "amazon").warranty_months == 24  # the store's own policy
    assert effective_policy(demo, "shopify").return_window_days == 60  # the store's platform_policy
    assert effective_policy(demo, "ebay").return_shipping_paid_by == "buyer"  # eBay default kept
    unknown = store_profile(KNOWLEDGE, "no-such-store")
    assert effective_policy(unknown, "amazon").warranty_months == 12
    assert effective_policy(unknown, Platform.aliexpress).return_window_days == 15
    assert demo.timezone == "Europe/Berlin" and "demo-store" in known_store_ids(KNOWLEDGE)


def test_demo_store_has_size_charts_and_carrier_transit_times():
    policy = effective_policy(store_profile(KNOWLEDGE, "demo-store"), "amazon")
    assert policy.size_charts["SKU-JK-02"].sizes["L"]["chest"] == 112
    assert policy.transit_days["DHL"]["DE"] == (1, 3)
    assert policy.commitments.recheck_time == "17:00"


def test_demo_orders_cover_every_platform_and_status(orders):
    assert len(orders) >= 300
    pairs = Counter((o.platform, o.status) for o in orders)
    for platform in Platform:
        for status in OrderStatus:
            assert pairs[(platform, status)] >= 1, (platform, status)


def test_demo_order_ids_and_dates_are_realistic(orders):
    assert len({(o.store_id, o.order_id) for o in orders}) == len(orders)
    for o in orders:
        assert load_platform_rules(KNOWLEDGE)[o.platform].order_id.fullmatch(o.order_id), o.order_id
        if o.shipped_at:
            assert o.carrier and o.tracking_number and o.estimated_delivery and o.tracking_events
            assert o.ordered_at <= o.shipped_at <= DEMO_TODAY, o.order_id
            assert all(e.at.date() <= DEMO_TODAY for e in o.tracking_events), o.order_id
        if o.delivered_at:
            assert o.shipped_at <= o.delivered_at <= DEMO_TODAY


def test_demo_orders_include_late_customs_and_old_deliveries(orders):
    late = [
        o
        for o in orders
        if o.status in (OrderStatus.shipped, OrderStatus.in_transit) and o.estimated_delivery < DEMO_TODAY
    ]
    customs = [o for o in orders if o.status == OrderStatus.in_customs]
    old = [o for o in orders if o.delivered_at and (DEMO_TODAY - o.delivered_at).days > 30]
    assert len(late) >= 10 and len(customs) >= 10 and len(old) >= 5


def test_faq_has_every_topic_in_every_language(faq):
    for language in SUPPORTED_LANGUAGES:
        shared = {e.topic for e in faq if e.language == language and e.store_id is None}
        assert shared == TOPICS, language
    keys = [(e.store_id, e.id, e.language) for e in faq]
    assert len(keys) == len(set(keys))


def test_faq_facts_match_the_policy_they_describe(faq):
    for entry in faq:
        profile = store_profile(KNOWLEDGE, entry.store_id or "no-such-store")
        platform = entry.platform if entry.platform != "*" else "shopify"
        assert entry.facts == policy_facts(entry.topic, effective_policy(profile, platform)), entry.id


def test_faq_answers_are_clean_grounded_and_in_their_language(faq):
    for entry in faq:
        text = f"{entry.question}\n{entry.answer}"
        assert not re.search(r"[{}]", text), entry.id
        numbers = set(re.findall(r"\d+", entry.answer))
        allowed = set(re.findall(r"\d+", str(entry.facts)))
        assert numbers <= allowed, (entry.id, entry.language, numbers - allowed)
        assert detect_language(entry.answer).language == entry.language, (entry.id, entry.language)
        platforms = list(Platform) if entry.platform == "*" else [Platform(entry.platform)]
        for platform in platforms:
            result = lint_text(entry.answer, platform=platform, language=entry.language)
            assert result.ok, (entry.id, entry.language, platform, [v.rule_id for v in result.violations])
