"""The facts a reply must state for its situation: the order it is about, and where a moving parcel is.

Used twice, so the two agree: the LLM composer tells the model what the reply must contain, and
routing keeps a reply that leaves one out from auto-sending.
"""

from __future__ import annotations

from drafter.models import Intent, Order, OrderStatus

# The reply names the order when it answers about one order; it gives the tracking number when the
# buyer asks where a parcel on its way is.
ORDER_ID_INTENTS = frozenset(
    {
        Intent.shipping_status,
        Intent.delivery_time,
        Intent.address_change,
        Intent.cancel_order,
        Intent.return_request,
        Intent.refund_request,
        Intent.item_problem,
        Intent.payment_invoice,
    }
)
TRACKING_INTENTS = frozenset({Intent.shipping_status, Intent.delivery_time})
MOVING = frozenset(
    {OrderStatus.shipped, OrderStatus.in_transit, OrderStatus.in_customs, OrderStatus.out_for_delivery}
)


def required_facts(intent: Intent, order: Order | None) -> dict[str, str]:
    """{"order_id": ..., "tracking_number": ...}: what the reply must state (empty without an order)."""
    if order is None:
        return {}
    needed: dict[str, str] = {}
    if intent in ORDER_ID_INTENTS:
        needed["order_id"] = order.order_id
    if intent in TRACKING_INTENTS and order.tracking_number and order.status in MOVING:
        needed["tracking_number"] = order.tracking_number
    return needed


def _squash(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def missing_facts(text: str, intent: Intent, order: Order | None) -> list[str]:
    squashed = _squash(text)
    return [name for name, value in required_facts(intent, order).items() if _squash(value) not in squashed]
