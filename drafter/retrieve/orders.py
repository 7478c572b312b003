"""Find the order a message is about: the request's order_id, else an id in the text or the thread."""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafter.models import Platform, ThreadMessage

# Each platform's order-number format; searched in the message when the request names no order.
ORDER_ID_PATTERNS: dict[Platform, re.Pattern[str]] = {
    Platform.aliexpress: re.compile(r"(?<!\d)(\d{16})(?!\d)"),
    Platform.amazon: re.compile(r"(?<!\d)(\d{3}-\d{7}-\d{7})(?!\d)"),
    Platform.ebay: re.compile(r"(?<!\d)(\d{2}-\d{5}-\d{5})(?!\d)"),
    Platform.shopify: re.compile(r"(#\d{4,6})(?!\d)"),
}


def order_ids_in_text(text: str, *, platform: Platform) -> list[str]:
    return list(dict.fromkeys(ORDER_ID_PATTERNS[platform].findall(text)))


def candidate_order_id(
    *, platform: Platform, text: str, thread: Sequence[ThreadMessage]
) -> tuple[str | None, str]:
    """(order id, where it came from): the newest mention wins, the message before its thread."""
    found = order_ids_in_text(text, platform=platform)
    if found:
        return found[0], "text"
    for earlier in reversed(thread):
        found = order_ids_in_text(earlier.text, platform=platform)
        if found:
            return found[0], "thread"
    return None, "none"
