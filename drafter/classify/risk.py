"""Risk level from intent, flags and platform (the rules in the classification issue)."""

from __future__ import annotations

from collections.abc import Iterable

from drafter.models import Flag, Intent, Platform, Risk

_MEDIUM = {Intent.item_problem, Intent.return_request, Intent.cancel_order, Intent.address_change, Intent.refund_request}
_ALIEXPRESS_ESCALATE = {Intent.return_request, Intent.refund_request}


def risk_level(
    *, platform: Platform, intent: Intent, flags: Iterable[Flag], secondary: Iterable[Intent] = ()
) -> Risk:
    if list(flags):
        return Risk.high
    intents = {intent, *secondary}
    # AliExpress rules require returns and refunds to reach a senior agent within 2 h.
    if platform == Platform.aliexpress and intents & _ALIEXPRESS_ESCALATE:
        return Risk.high
    if intents & _MEDIUM:
        return Risk.medium
    return Risk.low
