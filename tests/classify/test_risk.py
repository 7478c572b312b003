"""Risk level rules from the issue."""

from __future__ import annotations

from drafter.classify.risk import risk_level
from drafter.models import Flag, Intent, Platform, Risk


def test_any_flag_is_high() -> None:
    assert risk_level(platform=Platform.amazon, intent=Intent.thanks, flags=[Flag.abusive]) == Risk.high


def test_aliexpress_returns_and_refunds_are_high() -> None:
    assert risk_level(platform=Platform.aliexpress, intent=Intent.refund_request, flags=[]) == Risk.high
    assert risk_level(platform=Platform.aliexpress, intent=Intent.return_request, flags=[]) == Risk.high
    assert (
        risk_level(
            platform=Platform.aliexpress,
            intent=Intent.shipping_status,
            flags=[],
            secondary=[Intent.refund_request],
        )
        == Risk.high
    )


def test_other_platforms_returns_are_medium() -> None:
    for platform in (Platform.amazon, Platform.ebay, Platform.shopify):
        assert risk_level(platform=platform, intent=Intent.return_request, flags=[]) == Risk.medium


def test_action_intents_medium_routine_low() -> None:
    for intent in (Intent.item_problem, Intent.cancel_order, Intent.address_change):
        assert risk_level(platform=Platform.ebay, intent=intent, flags=[]) == Risk.medium
    for intent in (Intent.shipping_status, Intent.size_fit, Intent.thanks, Intent.product_question):
        assert risk_level(platform=Platform.ebay, intent=intent, flags=[]) == Risk.low


def test_counterfeit_is_high_where_it_becomes_a_marketplace_case() -> None:
    for platform in (Platform.aliexpress, Platform.amazon, Platform.ebay):
        assert (
            risk_level(platform=platform, intent=Intent.item_problem, flags=[Flag.counterfeit]) == Risk.high
        )
    # The store's own shop: a person answers (medium -> review), no escalation.
    assert (
        risk_level(platform=Platform.shopify, intent=Intent.thanks, flags=[Flag.counterfeit]) == Risk.medium
    )
    assert (
        risk_level(
            platform=Platform.shopify, intent=Intent.item_problem, flags=[Flag.counterfeit, Flag.abusive]
        )
        == Risk.high
    )
