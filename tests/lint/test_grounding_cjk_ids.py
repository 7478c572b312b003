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


def test_a_weekday_the_facts_do_not_name_is_an_invented_date():
    """Seen from a real small model: it copied "Monday" from its example while the check day was a Friday."""
    from drafter.lint.grounding import check_grounding

    facts = ["Freitag, 20. November 2026", "пятница, 20 ноября 2026 г."]
    invented = check_grounding(
        "Wir prüfen am Montag vor 17:00 erneut.", order=None, faq=[], store=None, allowed=facts
    )
    assert [v.excerpt for v in invented] == ["Montag"]
    assert check_grounding("Мы проверим в понедельник.", order=None, faq=[], store=None, allowed=facts)
    assert not check_grounding(
        "Wir prüfen am Freitag, 20. November 2026 erneut.", order=None, faq=[], store=None, allowed=facts
    )
