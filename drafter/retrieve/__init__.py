"""Stage: retrieve the order facts (order store) and FAQ entries (vector store) for a message."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from drafter.models import BuyerMessage, FaqHit, Intent, Order, Retrieval
from drafter.retrieve.faq import FaqIndex
from drafter.retrieve.order_ids import candidate_order_id

OrderLookup = Callable[[str, str], Order | None]  # (store_id, order_id) -> order


class OrderSource(Protocol):
    """The order-store port the pipeline is given: the shells pass one bound to their own unit of work
    (the API: the request's database session), so a draft never holds a second pooled connection."""

    def __call__(self, store_id: str, order_id: str) -> Order | None: ...

    def many(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Order]: ...


# Intents whose reply stands on an order; the others do not warn when no order is known.
ORDER_INTENTS = {
    Intent.shipping_status,
    Intent.address_change,
    Intent.cancel_order,
    Intent.return_request,
    Intent.refund_request,
    Intent.item_problem,
    Intent.payment_invoice,
}


def order_reference(message: BuyerMessage) -> tuple[str | None, str]:
    """(order id, where it came from): the request's order_id, else an id in the message or its thread."""
    if message.order_id:
        return message.order_id, "request"
    return candidate_order_id(platform=message.platform, text=message.text, thread=message.thread)


def retrieve(
    *,
    message: BuyerMessage,
    intent: Intent,
    language: str,
    lookup: OrderLookup,
    faq_index: FaqIndex,
    order_override: Order | None = None,
    faq_k: int = 3,
    faq: list[FaqHit] | None = None,
) -> Retrieval:
    """`faq`: hits already found for this message (a batch searches the vector store once for many)."""
    warnings: list[str] = []
    order, status, source = None, "not_given", "none"
    if order_override is not None:
        order, status, source = order_override, "found", "request"
    else:
        order_id, source = order_reference(message)
        if order_id:
            order = lookup(message.store_id, order_id)
            status = "found" if order else "not_found"
            if order is None:
                warnings.append(f"order_not_found: no order {order_id} in store {message.store_id}")
            elif order.platform != message.platform:
                warnings.append(f"order_platform_mismatch: order {order_id} is on {order.platform.value}")
        elif intent in ORDER_INTENTS:
            warnings.append("order_not_given: no order id in the request or the message")
    if faq is None:
        faq = faq_index.search(
            message.text,
            platform=message.platform.value,
            store_id=message.store_id,
            language=language,
            k=faq_k,
        )
    return Retrieval(order=order, order_lookup=status, order_id_source=source, faq=faq, warnings=warnings)


__all__ = ["ORDER_INTENTS", "OrderLookup", "OrderSource", "order_reference", "retrieve"]
