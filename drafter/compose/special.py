"""Situations for what buyers really ask, chosen before the intent's usual ones.

The intent says what a message is filed under; the buyer's details and the order's condition say
what it is really about: a charger that smoked is a safety incident whatever the intent, "I'd like a
bigger size" on a delivered order is an exchange, not a return, a refund past its due date is
overdue. Each returns situation names best first (the composer takes the first it can fill) with
its commitment (`+key`: a commit_new phrasing) and, when the seller is at fault, an apology key.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from drafter.details import Details
from drafter.models import Intent, OrderStatus

PRE_SHIPMENT = frozenset({OrderStatus.unpaid, OrderStatus.processing})
MOVING = frozenset(
    {OrderStatus.shipped, OrderStatus.in_transit, OrderStatus.in_customs, OrderStatus.out_for_delivery}
)
TRACKING_INTENTS = frozenset(
    {
        Intent.shipping_status,
        Intent.delivery_time,
        Intent.refund_request,
        Intent.other,
        Intent.cancel_order,
        Intent.item_problem,
        Intent.payment_invoice,
    }
)


class Special(NamedTuple):
    name: str
    commit: str
    restate: str | None = None  # restate_new key; None: the intent's usual restatement
    apology: str | None = None  # words.apology key when the seller is at fault


# Situations after which a person must see the reply before it goes out, whatever the route said.
# Every situation that commits the team to an action (an exchange, a partial cancellation, an
# investigation...) rather than to a re-check is read by a person first.
NEEDS_PERSON = frozenset(
    {
        "safety",
        "safety_none",
        "refund_overdue",
        "price_drop_open",
        "price_drop_shipped",
        "size_measured_no_chart",
        "product_unknown",
        "defect",
        "defect_photos",
        "exchange",
        "exchange_not_offered",
        "partial_cancel_open",
        "partial_cancel_late",
        "address_given",
        "address_too_late",
        "instruction_open",
        "instruction_moving",
        "delivered_not_received",
    }
)


def special_situations(intent: Intent, state: dict[str, Any], *, safety_flag: bool = False) -> list[Special]:
    details: Details | None = state.get("details")
    if details is None:
        return []
    order = state.get("order")
    status = order.status if order is not None else None
    out: list[Special] = []
    if safety_flag or details.says("hazard"):
        if order is not None:
            out.append(Special("safety", "+safety", "safety"))
        out.append(Special("safety_none", "+safety", "safety_none"))
        return out
    if order is None:
        return _without_order(intent, state, details)
    delivered = status == OrderStatus.delivered
    if details.says("not_received") and delivered:
        out.append(Special("delivered_not_received", "+investigation", None, "missing"))
    if details.says("defect") and delivered and intent not in (Intent.size_fit,):
        name = "defect_photos" if details.says("photos") else "defect"
        out.append(Special(name, "+defect", "defect", "defect"))
    if (
        details.says("exchange")
        and delivered
        and intent
        in (Intent.return_request, Intent.size_fit, Intent.other, Intent.refund_request, Intent.item_problem)
    ):
        name = (
            "exchange"
            if state.get("exchange_allowed") and state.get("in_return_window")
            else "exchange_not_offered"
        )
        out.append(Special(name, "+exchange", "exchange"))
    if details.says("partial_cancel") and intent in (
        Intent.cancel_order,
        Intent.other,
        Intent.refund_request,
        Intent.return_request,
    ):
        if status in PRE_SHIPMENT and status != OrderStatus.unpaid:
            out.append(Special("partial_cancel_open", "+partial_cancel", "partial_cancel"))
        elif status in MOVING:
            out.append(Special("partial_cancel_late", "+partial_cancel", "partial_cancel"))
    if details.says("price_drop"):
        if status in PRE_SHIPMENT:
            out.append(Special("price_drop_open", "+price_drop", "price_drop"))
        elif status not in (OrderStatus.cancelled, OrderStatus.returned):
            out.append(Special("price_drop_shipped", "+price_drop", "price_drop"))
    if details.says("new_address") or intent == Intent.address_change:
        if status in PRE_SHIPMENT:
            given = details.says("new_address")
            out.append(
                Special(
                    "address_given" if given else "address_open",
                    "+address",
                    "address_given" if given else None,
                )
            )
        elif status in MOVING:
            out.append(Special("address_too_late", "+address", None))
    if details.says("delivery_instruction") and not details.says("new_address"):
        if status in PRE_SHIPMENT:
            out.append(Special("instruction_open", "+instruction", "instruction"))
        elif status in MOVING:
            out.append(Special("instruction_moving", "+instruction", "instruction"))
    out += _condition(intent, state)
    out += _product(intent, state, details)
    return out


def _condition(intent: Intent, state: dict[str, Any]) -> list[Special]:
    """The order's condition, which the buyer may not even mention but a reply must."""
    out = []
    # A returned or cancelled order whose refund is past due: whatever the message was filed under.
    if state.get("refund_overdue") and intent not in (
        Intent.thanks,
        Intent.size_fit,
        Intent.product_question,
    ):
        out.append(Special("refund_overdue", "+refund_overdue", "refund_overdue", "refund"))
    if intent not in TRACKING_INTENTS and intent != Intent.address_change:
        return out
    if state.get("customs_long"):
        out.append(Special("customs_long", "carrier_inquiry", None, "late"))
    if state.get("ofd_stuck"):
        out.append(Special("out_for_delivery_stuck", "carrier_inquiry", None, "late"))
    if state.get("stale"):
        out.append(Special("stale_tracking", "carrier_inquiry", None, "late"))
    return out


def _product(intent: Intent, state: dict[str, Any], details: Details) -> list[Special]:
    out = []
    if state.get("recommended") and (
        intent == Intent.size_fit or details.asks("size") or details.has_measurements
    ):
        out.append(
            Special("size_advice", "+size", "size_advice" if state.get("product") else "size_advice_none")
        )
    elif details.has_measurements and intent == Intent.size_fit:
        out.append(
            Special(
                "size_measured_no_chart",
                "+product",
                "size_advice" if state.get("product") else "size_advice_none",
            )
        )
    if intent == Intent.product_question and state.get("product") is not None:
        if state.get("product_answer"):
            out.append(Special("product_answer", "open_door", "product_answer"))
        elif state.get("unanswered"):
            out.append(Special("product_unknown", "+product", "product_answer"))
    return out


def _without_order(intent: Intent, state: dict[str, Any], details: Details) -> list[Special]:
    return _product(intent, state, details)
