"""Stage: retrieve the order facts (order store) and FAQ entries (vector store) for a message."""

from __future__ import annotations

from collections.abc import Callable

from drafter.models import BuyerMessage, Intent, Order, Retrieval
from drafter.retrieve.faq import FaqIndex
from drafter.retrieve.orders import candidate_order_id

OrderLookup = Callable[[str, str], Order | None]  # (store_id, order_id) -> order

# Intents whose reply stands on an order; the others do not warn when no order is known.
ORDER_INTENTS = {
    Intent.shipping_status, Intent.address_change, Intent.cancel_order, Intent.return_request,
    Intent.refund_request, Intent.item_problem, Intent.payment_invoice,
}


def retrieve(
    *,
    message: BuyerMessage,
    intent: Intent,
    language: str,
    lookup: OrderLookup,
    faq_index: FaqIndex,
    order_override: Order | None = None,
    faq_k: int = 3,
) -> Retrieval:
    warnings: list[str] = []
    order, status, source = None, "not_given", "none"
    if order_override is not None:
        order, status, source = order_override, "found", "request"
    else:
        order_id, source = (message.order_id, "request") if message.order_id else candidate_order_id(
            platform=message.platform, text=message.text, thread=message.thread)
        if order_id:
            order = lookup(message.store_id, order_id)
            status = "found" if order else "not_found"
            if order is None:
                warnings.append(f"order_not_found: no order {order_id} in store {message.store_id}")
            elif order.platform != message.platform:
                warnings.append(f"order_platform_mismatch: order {order_id} is on {order.platform.value}")
        elif intent in ORDER_INTENTS:
            warnings.append("order_not_given: no order id in the request or the message")
    faq = faq_index.search(message.text, platform=message.platform.value, store_id=message.store_id,
                           language=language, k=faq_k)
    return Retrieval(order=order, order_lookup=status, order_id_source=source, faq=faq, warnings=warnings)


__all__ = ["ORDER_INTENTS", "retrieve"]
