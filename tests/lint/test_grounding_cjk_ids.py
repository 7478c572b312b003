"""Grounding reads a whole order number even when CJK text touches it (found by the evaluation, ja-001)."""

from __future__ import annotations

from drafter.lint.grounding import check_grounding
from drafter.models import Order

ORDER = Order(order_id="114-9957671-7770938", store_id="demo-store", platform="amazon", status="in_transit")


def test_known_order_number_next_to_japanese_text_is_grounded():
    text = "ご注文114-9957671-7770938（running sneakers）についてのお問い合わせですね。"
    assert check_grounding(text, order=ORDER, faq=[], store=None) == []


def test_unknown_order_number_next_to_chinese_text_is_still_caught():
    violations = check_grounding("您的订单114-1111111-2222222已发货。", order=ORDER, faq=[], store=None)
    assert [v.excerpt for v in violations] == ["114-1111111-2222222"]
