from __future__ import annotations

import pytest

from drafter.models import Platform, ThreadMessage
from drafter.retrieve.order_ids import candidate_order_id, order_ids_in_text


@pytest.mark.parametrize(
    ("platform", "text", "expected"),
    [
        (Platform.aliexpress, "order 8123456789012345 not here", ["8123456789012345"]),
        (Platform.aliexpress, "tracking LP00123456789012 and 81234567890123456789", []),
        (Platform.amazon, "Bestellung 112-4839201-7734401 fehlt", ["112-4839201-7734401"]),
        (Platform.ebay, "item 12-34567-89012 broken", ["12-34567-89012"]),
        (Platform.shopify, "order #1042 please", ["#1042"]),
        (Platform.shopify, "size 42 please", []),
    ],
)
def test_order_ids_in_text(platform, text, expected):
    assert order_ids_in_text(text, platform=platform) == expected


def test_thread_is_searched_newest_first_when_the_message_has_none():
    thread = [ThreadMessage(text="order #1001"), ThreadMessage(text="sorry, I meant #1002")]
    assert candidate_order_id(platform=Platform.shopify, text="any news?", thread=thread) == (
        "#1002",
        "thread",
    )
    assert candidate_order_id(platform=Platform.shopify, text="any news on #1003?", thread=thread) == (
        "#1003",
        "text",
    )
