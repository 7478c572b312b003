"""Which situation a reply is about, chosen from the intent and the facts, never from guesses.

A situation names the solution phrasings (templates `solution.<situation>`) and a commitment
(`commit.<key>`). `candidates()` returns them best first; the composer takes the first one whose
phrasings it can fill from the facts, so a missing fact leads to a more general reply, not to an
invented one. Without an order, order-specific intents ask for the order number.
"""

from __future__ import annotations

from typing import NamedTuple

from drafter.compose.facts import MOVING, PRE_SHIPMENT
from drafter.models import FactSheet, Intent, OrderStatus


class Situation(NamedTuple):
    name: str
    commit: str


# Intents whose general questions a FAQ answer can settle (FAQ topics that fit them). Intents that
# act on one order (returns, refunds, invoices, cancellation...) ask for the order number instead.
FAQ_TOPICS: dict[Intent, frozenset[str]] = {
    Intent.delivery_time: frozenset({"shipping", "customs"}),
    Intent.product_question: frozenset({"product_care", "warranty", "sizes"}),
    Intent.size_fit: frozenset({"sizes"}),
    Intent.price_discount: frozenset({"payment"}),
    Intent.other: frozenset(
        {
            "shipping",
            "customs",
            "returns",
            "refunds",
            "sizes",
            "invoices",
            "payment",
            "warranty",
            "product_care",
        }
    ),
}

# The main situations per intent: the template coverage test renders each of them in every language.
MAIN: dict[Intent, tuple[str, ...]] = {
    Intent.shipping_status: (
        "ask_order",
        "unpaid",
        "not_shipped",
        "in_transit",
        "late",
        "customs",
        "out_for_delivery",
        "delivered_not_received",
        "returned",
        "cancelled",
    ),
    Intent.delivery_time: ("delivery_general", "delivery_estimate", "in_transit", "late", "customs"),
    Intent.address_change: ("ask_order", "address_open", "address_too_late", "cancelled"),
    Intent.cancel_order: ("ask_order", "cancel_unpaid", "cancel_open", "cancel_too_late", "cancelled"),
    Intent.return_request: (
        "ask_order",
        "return_open",
        "return_closed",
        "return_after_delivery",
        "cancel_open",
    ),
    Intent.refund_request: ("ask_order", "refund_returned", "cancelled", "return_open", "late"),
    Intent.item_problem: ("ask_order", "item_problem", "not_shipped"),
    Intent.size_fit: ("size_general", "size_chart", "size_no_chart"),
    Intent.product_question: ("product_general", "product_order"),
    Intent.payment_invoice: ("ask_order", "unpaid", "invoice"),
    Intent.price_discount: ("price_policy",),
    Intent.thanks: ("thanks_general", "thanks_delivered"),
    Intent.other: ("other_general", "not_shipped", "in_transit"),
}

_COMMIT = {
    "ask_order": "ask_order",
    "unpaid": "payment",
    "cancelled": "refund_follow",
    "not_shipped": "recheck",
    "delivery_estimate": "recheck",
    "in_transit": "recheck",
    "late": "carrier_inquiry",
    "customs": "recheck",
    "out_for_delivery": "recheck",
    "delivered_not_received": "carrier_inquiry",
    "returned": "refund_follow",
    "refund_returned": "refund_follow",
    "delivery_general": "open_door",
    "address_open": "address",
    "address_too_late": "carrier_inquiry",
    "cancel_unpaid": "cancel",
    "cancel_open": "cancel",
    "cancel_too_late": "return_later",
    "return_open": "return_steps",
    "return_closed": "teammate",
    "return_after_delivery": "return_later",
    "item_problem": "photos",
    "size_general": "size_help",
    "size_chart": "exchange",
    "size_no_chart": "size_help",
    "product_general": "follow_up",
    "product_order": "follow_up",
    "invoice": "invoice",
    "price_policy": "open_door",
    "thanks_general": "open_door",
    "thanks_delivered": "open_door",
    "other_general": "follow_up",
    "status_only": "follow_up",
    "faq": "open_door",
}

_GENERAL = {
    Intent.delivery_time: "delivery_general",
    Intent.size_fit: "size_general",
    Intent.product_question: "product_general",
    Intent.price_discount: "price_policy",
    Intent.thanks: "thanks_general",
    Intent.other: "other_general",
}


def candidates(intent: Intent, facts: FactSheet) -> list[Situation]:
    names = _names(intent, facts)
    out = [Situation(n, _commit_for(n, facts)) for n in names]
    # Always end with something that needs nothing but the order (or nothing at all).
    out.append(Situation("status_only" if facts.state.get("order") else "other_general", "follow_up"))
    return out


def _commit_for(name: str, facts: FactSheet) -> str:
    if name == "size_chart" and not facts.state.get("exchange_allowed"):
        return "size_help"
    return _COMMIT[name]


def _faq_first(intent: Intent, facts: FactSheet) -> list[str]:
    topic = facts.state.get("faq_topic")
    return ["faq"] if topic and topic in FAQ_TOPICS.get(intent, ()) else []


def _names(intent: Intent, facts: FactSheet) -> list[str]:
    order = facts.state.get("order")
    if order is None:
        general = _GENERAL.get(intent)
        if general is None:
            return _faq_first(intent, facts) + ["ask_order"]
        return _faq_first(intent, facts) + [general]
    status: OrderStatus = order.status
    late = bool(facts.state.get("late"))
    chooser = _BY_INTENT.get(intent)
    return chooser(status, late, facts) if chooser else ["status_only"]


def _tracking(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    if status == OrderStatus.unpaid:
        return ["unpaid"]
    if status == OrderStatus.processing:
        return ["not_shipped"]
    if status == OrderStatus.cancelled:
        return ["cancelled"]
    if status == OrderStatus.returned:
        return ["returned"]
    if status == OrderStatus.delivered:
        return ["delivered_not_received"]
    if status == OrderStatus.in_customs:
        return ["customs", "in_transit"]
    if status == OrderStatus.out_for_delivery:
        return ["out_for_delivery", "in_transit"]
    return ["late", "in_transit"] if late else ["in_transit"]


def _delivery_time(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    if status in PRE_SHIPMENT and status != OrderStatus.unpaid:
        return ["delivery_estimate", "not_shipped"]
    return _tracking(status, late, facts)


def _address(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    if status in PRE_SHIPMENT:
        return ["address_open"]
    if status == OrderStatus.cancelled:
        return ["cancelled"]
    return ["address_too_late"]


def _returnish(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    if status == OrderStatus.unpaid:
        return ["cancel_unpaid"]
    if status == OrderStatus.processing:
        return ["cancel_open"]
    if status == OrderStatus.cancelled:
        return ["cancelled"]
    if status == OrderStatus.returned:
        return ["refund_returned", "returned"]
    if status == OrderStatus.delivered:
        return ["return_open"] if facts.state.get("in_return_window") else ["return_closed"]
    return ["return_after_delivery"]


def _cancel(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    if status in MOVING:
        return ["cancel_too_late"]
    return _returnish(status, late, facts)


def _refund(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    if status in MOVING and late:
        return ["late", "in_transit"]
    if status == OrderStatus.in_customs:
        return ["customs", "in_transit"]
    return _returnish(status, late, facts)


def _item_problem(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    if status in PRE_SHIPMENT:
        return ["not_shipped"]
    if status == OrderStatus.cancelled:
        return ["cancelled"]
    return ["item_problem"]


def _size(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    return ["size_chart", "size_no_chart"] if facts.state.get("has_size_chart") else ["size_no_chart"]


def _payment(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    return ["unpaid"] if status == OrderStatus.unpaid else ["invoice"]


def _thanks(status: OrderStatus, late: bool, facts: FactSheet) -> list[str]:
    return ["thanks_delivered"] if status == OrderStatus.delivered else ["thanks_general"]


_BY_INTENT = {
    Intent.shipping_status: _tracking,
    Intent.delivery_time: _delivery_time,
    Intent.address_change: _address,
    Intent.cancel_order: _cancel,
    Intent.return_request: _returnish,
    Intent.refund_request: _refund,
    Intent.item_problem: _item_problem,
    Intent.size_fit: _size,
    Intent.product_question: lambda s, late, f: ["product_order"],
    Intent.payment_invoice: _payment,
    Intent.price_discount: lambda s, late, f: ["price_policy"],
    Intent.thanks: _thanks,
    # A message we cannot place still gets the order's real state (carrier, tracking, dates).
    Intent.other: _tracking,
}
