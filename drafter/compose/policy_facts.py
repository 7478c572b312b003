"""The policy figures each FAQ topic states: FAQ entries carry them as `facts`, and the composer
uses a FAQ answer only when those figures match the store's own policy on that platform."""

from __future__ import annotations

from typing import Any

from drafter.models import StorePolicy


def policy_facts(topic: str, policy: StorePolicy) -> dict[str, Any]:
    transit = (policy.transit_days.get("default") or {}).get("default") or (7, 15)
    table: dict[str, dict[str, Any]] = {
        "shipping": {
            "handling_days": policy.handling_days,
            "transit_days_min": transit[0],
            "transit_days_max": transit[1],
        },
        "customs": {"customs_days_min": policy.customs_days[0], "customs_days_max": policy.customs_days[1]},
        "returns": {
            "return_window_days": policy.return_window_days,
            "return_shipping_paid_by": policy.return_shipping_paid_by,
        },
        "refunds": {"refund_days": policy.refund_days},
        "sizes": {"exchange_allowed": policy.exchange_allowed},
        "invoices": {"invoice_business_days": policy.commitments.invoice_business_days},
        "payment": {},
        "warranty": {"warranty_months": policy.warranty_months},
        "product_care": {"wash_temp_c": 30},
    }
    return table.get(topic, {})


def contradicts(hit_facts: dict[str, Any], topic: str, policy: StorePolicy) -> bool:
    """True when a FAQ entry states a policy figure that differs from the store's."""
    expected = policy_facts(topic, policy)
    return any(key in expected and expected[key] != value for key, value in hit_facts.items())
