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
from drafter.platforms import PlatformRules, platform_rules

_MEDIUM = {
    Intent.item_problem,
    Intent.return_request,
    Intent.cancel_order,
    Intent.address_change,
    Intent.refund_request,
}


def risk_level(
    *,
    platform: Platform,
    intent: Intent,
    flags: Iterable[Flag],
    secondary: Iterable[Intent] = (),
    rules: PlatformRules | None = None,
) -> Risk:
    rules = rules or platform_rules(platform)
    flags = list(flags)
    # A flag is high risk unless the platform has no marketplace case to lose over it (medium_risk_flags).
    if any(flag not in rules.medium_risk_flags for flag in flags):
        return Risk.high
    intents = {intent, *secondary}
    # Intents the platform requires a senior agent for within hours (AliExpress: returns and refunds).
    if rules.escalation and intents & rules.escalation.intents:
        return Risk.high
    if flags or intents & _MEDIUM:
        return Risk.medium
    return Risk.low
