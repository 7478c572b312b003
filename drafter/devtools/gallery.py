"""A readable sample of replies (one per intent and language) for people reviewing the wording."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from drafter.compose import Composer
from drafter.compose.situations import MAIN
from drafter.devtools.samples import demo_orders, sample_request
from drafter.models import Intent, Order

# The situation shown for each intent: the one a seller meets most with an order at hand.
SHOWCASE: dict[Intent, str] = {
    Intent.shipping_status: "late",
    Intent.delivery_time: "delivery_estimate",
    Intent.address_change: "address_open",
    Intent.cancel_order: "cancel_open",
    Intent.return_request: "return_open",
    Intent.refund_request: "refund_returned",
    Intent.item_problem: "item_problem",
    Intent.size_fit: "size_chart",
    Intent.product_question: "product_order",
    Intent.payment_invoice: "invoice",
    Intent.price_discount: "price_policy",
    Intent.thanks: "thanks_delivered",
    Intent.other: "other_general",
}


def situation_orders(composer: Composer, knowledge_dir: Path) -> dict[tuple[Intent, str], Order | None]:
    """For each intent and situation, the first demo order (or none) that leads there."""
    found: dict[tuple[Intent, str], Order | None] = {}
    # Delivered orders first: an item problem or a thank-you reads best about a parcel that arrived.
    pool: list[Order | None] = [
        None,
        *sorted(demo_orders(knowledge_dir), key=lambda o: o.status != "delivered"),
    ]
    for intent in MAIN:
        for order in pool:
            request = sample_request(knowledge_dir=knowledge_dir, intent=intent, language="en", order=order)
            found.setdefault((intent, composer.compose(request).situation or ""), order)
    return found


def render_gallery(
    composer: Composer, knowledge_dir: Path, languages: Iterable[str], *, all_situations: bool = False
) -> str:
    orders = situation_orders(composer, knowledge_dir)
    lines = [
        "# Reply gallery",
        "",
        "Template composer, demo orders, message received 2026-11-20 10:30 UTC (store time zone applies).",
        "",
    ]
    for language in languages:
        lines += [f"## {language}", ""]
        for intent in MAIN:
            situations = MAIN[intent] if all_situations else (SHOWCASE[intent],)
            for situation in situations:
                order = orders.get((intent, situation))
                request = sample_request(
                    knowledge_dir=knowledge_dir, intent=intent, language=language, order=order
                )
                draft = composer.compose(request)
                where = (
                    f"order {order.order_id} ({order.platform.value}, {order.status.value})"
                    if order
                    else "no order"
                )
                lines += [f"### {intent.value} / {draft.situation} — {where}", ""]
                lines += [f"> {line}" if line else ">" for line in draft.text.split("\n")]
                lines.append("")
    return "\n".join(lines)


def render_situation_gallery(
    composer: Composer, knowledge_dir: Path, languages: Iterable[str], situations: Iterable[str]
) -> str:
    """One reply per situation a buyer really asks about (safety, defect, size advice...), per language."""
    # local: start-up time
    from drafter.devtools.situation_samples import SAMPLES, SituationSample, situation_request

    wanted = list(situations)
    samples: dict[str, SituationSample] = {}
    for sample in SAMPLES:  # the first sample of each situation
        samples.setdefault(sample.situation, sample)
    lines = [
        "# Reply gallery: what buyers really ask",
        "",
        "Template composer, demo orders put in each situation, message received 2026-11-20 10:30 UTC.",
        "",
    ]
    for language in languages:
        lines += [f"## {language}", ""]
        for name in wanted:
            sample = samples[name]
            request = situation_request(knowledge_dir, sample, language)
            draft = composer.compose(request)
            order = request.retrieval.order
            d = sample.details
            stated = [f"{k} {v:g}" for k, v in (("height_cm", d.height_cm), ("weight_kg", d.weight_kg)) if v]
            said = ", ".join(d.statements + stated + [f"asks {t}" for t in d.topics]) or "—"
            where = (
                f"order {order.order_id} ({order.platform.value}, {order.status.value}, to {order.destination_country})"
                if order
                else "no order"
            )
            lines += [f"### {name} — {where}; buyer: {said}", ""]
            lines += [f"> {line}" if line else ">" for line in draft.text.split("\n")]
            lines.append("")
    return "\n".join(lines)
