"""One sample request per situation a buyer really asks about, in any language: the gallery, the
phrasing tests and the bench share them.

Each sample is a demo order put in the condition the situation needs (delivered, stuck in customs,
refund past due...) and the details a buyer would have written (drafter.details.Details), so every
language shows the same case without a translated buyer message.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from drafter.compose import ComposeRequest
from drafter.details import Details
from drafter.devtools.samples import DEMO_NOW, demo_orders, sample_request
from drafter.models import Flag, Intent, Order, OrderStatus, Platform, TrackingEvent


class SituationSample(NamedTuple):
    situation: str  # what the composer is expected to choose
    intent: Intent
    sku: str | None  # the demo order's item (None: no order)
    status: OrderStatus | None
    platform: str | None
    details: Details
    quiet_days: int | None = None  # days since the last tracking event
    store_id: str = "demo-store"
    flags: tuple[Flag, ...] = ()


def _d(*statements: str, topics: tuple[str, ...] = (), **measures: float) -> Details:
    return Details(statements=list(statements), topics=list(topics), questions=1, **measures)


S = OrderStatus
SAMPLES: tuple[SituationSample, ...] = (
    SituationSample(
        "safety",
        Intent.item_problem,
        "SKU-CH-65",
        S.delivered,
        "amazon",
        _d("hazard"),
        flags=(Flag.safety_issue,),
    ),
    SituationSample("defect", Intent.item_problem, "SKU-LP-07", S.delivered, "ebay", _d("defect")),
    SituationSample(
        "defect_photos",
        Intent.return_request,
        "SKU-HD-100",
        S.delivered,
        "aliexpress",
        _d("defect", "photos", "tried"),
    ),
    SituationSample("exchange", Intent.return_request, "SKU-SN-41", S.delivered, "shopify", _d("exchange")),
    SituationSample(
        "exchange_not_offered",
        Intent.return_request,
        "SKU-JK-02",
        S.delivered,
        "aliexpress",
        _d("exchange"),
        store_id="demo-asia",
    ),
    SituationSample(
        "partial_cancel_open",
        Intent.cancel_order,
        "SKU-DR-22",
        S.processing,
        "aliexpress",
        _d("partial_cancel"),
    ),
    SituationSample(
        "partial_cancel_late",
        Intent.cancel_order,
        "SKU-DR-22",
        S.in_transit,
        "amazon",
        _d("partial_cancel"),
        quiet_days=1,
    ),
    SituationSample(
        "price_drop_open", Intent.price_discount, "SKU-WT-30", S.processing, "amazon", _d("price_drop")
    ),
    SituationSample(
        "price_drop_shipped",
        Intent.refund_request,
        "SKU-WT-30",
        S.in_transit,
        "ebay",
        _d("price_drop"),
        quiet_days=1,
    ),
    SituationSample(
        "address_given", Intent.address_change, "SKU-BP-05", S.processing, "amazon", _d("new_address")
    ),
    SituationSample("address_open", Intent.address_change, "SKU-BP-05", S.processing, "ebay", _d()),
    SituationSample(
        "address_too_late",
        Intent.address_change,
        "SKU-BP-05",
        S.in_transit,
        "amazon",
        _d("new_address"),
        quiet_days=1,
    ),
    SituationSample(
        "instruction_open", Intent.other, "SKU-PC-12", S.processing, "shopify", _d("delivery_instruction")
    ),
    SituationSample(
        "instruction_moving",
        Intent.shipping_status,
        "SKU-PC-12",
        S.in_transit,
        "amazon",
        _d("delivery_instruction"),
        quiet_days=1,
    ),
    SituationSample(
        "delivered_not_received",
        Intent.shipping_status,
        "SKU-HD-100",
        S.delivered,
        "amazon",
        _d("not_received"),
    ),
    SituationSample(
        "stale_tracking", Intent.shipping_status, "SKU-BP-05", S.in_transit, "aliexpress", _d(), quiet_days=26
    ),
    SituationSample(
        "customs_long",
        Intent.shipping_status,
        "SKU-WT-30",
        S.in_customs,
        "ebay",
        _d(topics=("customs_fees",)),
        quiet_days=13,
    ),
    SituationSample(
        "out_for_delivery_stuck",
        Intent.shipping_status,
        "SKU-SN-41",
        S.out_for_delivery,
        "amazon",
        _d(),
        quiet_days=4,
    ),
    SituationSample(
        "refund_overdue", Intent.refund_request, "SKU-LP-07", S.returned, "amazon", _d(), quiet_days=20
    ),
    SituationSample(
        "size_advice",
        Intent.size_fit,
        "SKU-JK-02",
        S.delivered,
        "amazon",
        _d(topics=("size",), height_cm=190, weight_kg=95),
    ),
    SituationSample(
        "size_measured_no_chart",
        Intent.size_fit,
        "SKU-BP-05",
        S.processing,
        "amazon",
        _d(topics=("size",), height_cm=170, weight_kg=60),
    ),
    SituationSample(
        "product_answer",
        Intent.product_question,
        "SKU-CH-65",
        S.delivered,
        "amazon",
        _d(topics=("compatibility", "delivery_time")),
    ),
    SituationSample(
        "product_answer",
        Intent.product_question,
        "SKU-JK-02",
        S.delivered,
        "shopify",
        _d(topics=("waterproof", "care")),
    ),
    SituationSample(
        "product_answer",
        Intent.product_question,
        "SKU-HD-100",
        S.delivered,
        "ebay",
        _d(topics=("compatibility",)),
    ),
    SituationSample(
        "product_answer", Intent.product_question, "SKU-SN-41", S.delivered, "amazon", _d(topics=("care",))
    ),
    SituationSample(
        "product_unknown", Intent.product_question, "SKU-LP-07", S.processing, "amazon", _d(topics=("care",))
    ),
)
# The four the release notes quote in six languages.
HEADLINE = ("safety", "defect", "size_advice", "refund_overdue")


def situation_request(
    knowledge_dir: Path, sample: SituationSample, language: str, received_at: datetime = DEMO_NOW
) -> ComposeRequest:
    order = _order(knowledge_dir, sample, received_at)
    request = sample_request(
        knowledge_dir=knowledge_dir,
        intent=sample.intent,
        language=language,
        order=order,
        platform=sample.platform,
        store_id=sample.store_id,
        received_at=received_at,
        text=f"{sample.situation} ({language})",
    )
    request.classification.flags = list(sample.flags)
    return request.model_copy(update={"details": sample.details})


def _order(knowledge_dir: Path, sample: SituationSample, now: datetime) -> Order | None:
    if sample.sku is None:
        return None
    base = next(
        (
            o
            for o in demo_orders(knowledge_dir)
            if o.store_id == sample.store_id and any(i.sku == sample.sku for i in o.items)
        ),
        None,
    )
    if base is None:
        return None
    today = now.date()
    update: dict = {
        "status": sample.status,
        "platform": Platform(sample.platform) if sample.platform else base.platform,
    }
    if sample.status in (S.processing, S.unpaid):
        update.update(
            shipped_at=None, delivered_at=None, tracking_events=[], ordered_at=today - timedelta(days=1)
        )
    else:
        update.update(
            shipped_at=today - timedelta(days=30),
            carrier=base.carrier or "DHL",
            tracking_number=base.tracking_number or "JD014600006281234567",
            estimated_delivery=today + timedelta(days=3),
            ordered_at=today - timedelta(days=32),
        )
    if sample.status == S.delivered:
        update.update(delivered_at=today - timedelta(days=3), estimated_delivery=today - timedelta(days=4))
    if sample.quiet_days is not None:
        at = datetime.combine(today - timedelta(days=sample.quiet_days), datetime.min.time())
        update["tracking_events"] = [TrackingEvent(at=at, description=(sample.status or base.status).value)]
    return base.model_copy(update=update)
