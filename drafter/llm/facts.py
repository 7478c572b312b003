"""The facts an LLM draft may state: built once per request, shown to the model and to the checks."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from drafter.models import FaqHit, Order, StoreProfile

_MAX_EVENTS = 3
_MAX_FAQ = 3


def next_check(*, received_at: datetime, store: StoreProfile) -> str:
    """When the seller promises to look again: the next day at the store's recheck time, store time."""
    hour, minute = (int(x) for x in str(store.policy.get("recheck_time", "17:00")).split(":"))
    local = received_at.astimezone(ZoneInfo(store.timezone))
    return (local + timedelta(days=1)).replace(hour=hour, minute=minute).strftime("%Y-%m-%d %H:%M")


def order_facts(order: Order | None) -> dict[str, Any] | None:
    if order is None:
        return None
    data = order.model_dump(mode="json", exclude_none=True, exclude={"buyer_name", "store_id"})
    data["tracking_events"] = data.get("tracking_events", [])[-_MAX_EVENTS:]
    return data


def faq_facts(faq: list[FaqHit]) -> list[dict[str, Any]]:
    return [
        {"id": hit.id, "topic": hit.topic, "answer": hit.answer, "facts": hit.facts}
        for hit in faq[:_MAX_FAQ]
    ]


def build_facts(
    *, order: Order | None, faq: list[FaqHit], store: StoreProfile, language: str, received_at: datetime
) -> dict[str, Any]:
    return {
        "buyer_language": language,
        "order": order_facts(order),
        "faq": faq_facts(faq),
        "store_policy": store.policy,
        "next_check": next_check(received_at=received_at, store=store),
    }


def facts_json(facts: dict[str, Any]) -> str:
    # sort_keys: the same request always yields the same prompt bytes (cassettes match on the body).
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, indent=1, default=str)
