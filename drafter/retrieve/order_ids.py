"""Find the order a message is about: the request's order_id, else an id in the text or the thread.

Each platform's order-number format is data (order_id in knowledge/stores/_platforms/<platform>.yaml)."""

from __future__ import annotations

from collections.abc import Sequence

from drafter.models import Platform, ThreadMessage
from drafter.platforms import PlatformRules, platform_rules


def order_ids_in_text(text: str, *, platform: Platform, rules: PlatformRules | None = None) -> list[str]:
    pattern = (rules or platform_rules(platform)).order_id
    return list(dict.fromkeys(pattern.findall(text)))


def candidate_order_id(
    *, platform: Platform, text: str, thread: Sequence[ThreadMessage], rules: PlatformRules | None = None
) -> tuple[str | None, str]:
    """(order id, where it came from): the newest mention wins, the message before its thread."""
    rules = rules or platform_rules(platform)
    found = order_ids_in_text(text, platform=platform, rules=rules)
    if found:
        return found[0], "text"
    for earlier in reversed(thread):
        found = order_ids_in_text(earlier.text, platform=platform, rules=rules)
        if found:
            return found[0], "thread"
    return None, "none"
