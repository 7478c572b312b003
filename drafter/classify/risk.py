"""Risk level from intent, flags and platform (the rules in the classification issue).

Counterfeit claims ("this is fake", "not original"): on the marketplaces a buyer's counterfeit claim is a
dispute in the making (AliExpress "not as described" / fake-brand disputes, Amazon's inauthentic-item
complaints and A-to-z claims, eBay's not-as-described cases and VeRO), and it touches the seller's
account health, so it is high risk there and is escalated. On Shopify the store is the seller's own and
there is no marketplace case to lose: a person still answers it (medium, review), but it is not escalated.
"""

from __future__ import annotations

from collections.abc import Iterable

from drafter.models import Flag, Intent, Platform, Risk

_MEDIUM = {
    Intent.item_problem,
    Intent.return_request,
    Intent.cancel_order,
    Intent.address_change,
    Intent.refund_request,
}
_ALIEXPRESS_ESCALATE = {Intent.return_request, Intent.refund_request}
# Flags that raise the risk to high only on the platforms where the claim becomes a marketplace case.
_DISPUTE_PLATFORM_FLAGS = {Flag.counterfeit: {Platform.aliexpress, Platform.amazon, Platform.ebay}}


def risk_level(
    *, platform: Platform, intent: Intent, flags: Iterable[Flag], secondary: Iterable[Intent] = ()
) -> Risk:
    flags = list(flags)
    if any(platform in _DISPUTE_PLATFORM_FLAGS.get(flag, set(Platform)) for flag in flags):
        return Risk.high
    intents = {intent, *secondary}
    # AliExpress rules require returns and refunds to reach a senior agent within 2 h.
    if platform == Platform.aliexpress and intents & _ALIEXPRESS_ESCALATE:
        return Risk.high
    if flags or intents & _MEDIUM:
        return Risk.medium
    return Risk.low
