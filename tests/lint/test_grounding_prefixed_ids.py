"""Short prefixed order numbers are grounded too: the worked example's "EX-1001" copied into a real
reply (a live 1.5B model did, es-015) and an invented Shopify "#12345" block; the real ones pass."""

from __future__ import annotations

from drafter.lint.grounding import check_grounding
from drafter.models import Order, Platform


def order(order_id: str) -> Order:
    return Order(order_id=order_id, store_id="demo-store", platform=Platform.shopify, status="delivered")


def unknown(text: str, order_id: str) -> list[str]:
    return [v.excerpt for v in check_grounding(text, order=order(order_id), faq=[], store=None)]


def test_the_examples_order_number_copied_into_a_reply_blocks() -> None:
    text = "Sí, su pedido EX-1001 (lámpara de escritorio) ya llegó en perfecto estado."
    assert unknown(text, "27-52744-76615") == ["EX-1001"]


def test_an_invented_short_shopify_number_blocks_and_the_real_one_passes() -> None:
    assert unknown("Your order #33023 has arrived.", "#33023") == []
    assert unknown("Your order #12345 has arrived.", "#33023") == ["#12345"]


def test_words_with_hyphens_and_short_numbers_are_not_ids() -> None:
    assert unknown("The USB-C charger PD-65W and the 65W adapter, 2-3 days, #1 choice.", "#33023") == []
