"""Sample compose requests over the demo orders: the gallery, the bench and the tests share them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from drafter.compose import ComposeRequest
from drafter.knowledge import load_demo_orders, store_profile
from drafter.models import BuyerMessage, Classification, Intent, Order, Retrieval, Risk

# The demo orders are generated relative to this day (scripts/make_demo_orders.py).
DEMO_NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def sample_request(
    *,
    knowledge_dir: Path,
    intent: Intent,
    language: str,
    order: Order | None,
    platform: str | None = None,
    text: str | None = None,
    store_id: str = "demo-store",
    received_at: datetime = DEMO_NOW,
) -> ComposeRequest:
    platform = platform or (order.platform.value if order else "amazon")
    store = store_profile(knowledge_dir, order.store_id if order else store_id)
    message = BuyerMessage(
        platform=platform,
        store_id=store.store_id,
        text=text or f"{intent.value} ({language})",
        order_id=order.order_id if order else None,
        buyer_locale=language,
        received_at=received_at,
    )
    classification = Classification(language=language, intent=intent, confidence=0.9, risk=Risk.low)
    retrieval = Retrieval(
        order=order,
        order_lookup="found" if order else "not_given",
        order_id_source="request" if order else "none",
    )
    return ComposeRequest(
        message=message,
        classification=classification,
        retrieval=retrieval,
        store=store,
        language=language,
        received_at=received_at,
    )


def demo_orders(knowledge_dir: Path) -> list[Order]:
    return load_demo_orders(knowledge_dir)
