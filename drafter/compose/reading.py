"""Facts from what the buyer wrote and what the order shows beyond its status.

Adds to the fact sheet: the buyer's stated details (height, weight, foot length, size asked), the
items of the order named in the buyer's language, the size to recommend and the chart row behind it,
catalogue answers to product questions, and the order's real condition: tracking silent for days,
a customs hold longer than usual, a refund past its due date, a parcel out for delivery for days.
Every value is rendered for the buyer; situations read the state.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from drafter.compose.vocabulary import Vocabulary
from drafter.compose.when import fmt_date
from drafter.details import Details
from drafter.models import Order, OrderStatus, StorePolicy
from drafter.products import Catalogue, Product

MOVING = frozenset(
    {OrderStatus.shipped, OrderStatus.in_transit, OrderStatus.in_customs, OrderStatus.out_for_delivery}
)
STALE_DAYS = 7  # tracking silent this long while moving: worth an inquiry
OFD_STUCK_DAYS = 2  # "out for delivery" for this many days: the carrier has a problem


def add_reading(
    v: dict[str, str],
    st: dict[str, Any],
    *,
    details: Details,
    order: Order | None,
    catalogue: Catalogue,
    policy: StorePolicy,
    vocab: Vocabulary,
    today: date,
    text: str,
    product_sku: str | None = None,
) -> None:
    st["details"] = details
    _stated(v, details, vocab)
    product = None
    if order is not None:
        _items(v, order, catalogue, vocab)
        _condition(v, st, order, policy, vocab, today)
        product = _asked_product(order, catalogue, text, details)
    else:
        product = _product_in_text(catalogue, text) or (catalogue.get(product_sku) if product_sku else None)
        if product is not None:
            title = product.title(vocab.language)
            if title:
                v["product_name"] = title
    if product is not None:
        st["product"] = product
        v.setdefault("product_name", product.title(vocab.language) or product.sku)
        _size_advice(v, st, product, details, vocab)
        _product_answers(v, st, product, details, vocab)


def _stated(v: dict[str, str], details: Details, vocab: Vocabulary) -> None:
    unit_cm = vocab.word("unit_names", "cm") or "cm"
    if details.height_cm:
        v["buyer_height"] = f"{details.height_cm:g} {unit_cm}"
    if details.weight_kg:
        v["buyer_weight"] = f"{details.weight_kg:g} {vocab.word('unit_names', 'kg') or 'kg'}"
    if details.foot_cm:
        v["buyer_foot"] = f"{_num(details.foot_cm, vocab.language)} {unit_cm}"
    if details.size_label:
        v["buyer_size"] = details.size_label


def _items(v: dict[str, str], order: Order, catalogue: Catalogue, vocab: Vocabulary) -> None:
    """Every item of the order, each by its title in the buyer's language when the catalogue has it."""
    names = []
    for item in order.items:
        product = catalogue.get(item.sku)
        names.append((product.title(vocab.language) if product else None) or item.title)
    if names:
        v["item"] = _join(names, vocab)
        v["item_first"] = names[0]


def _join(names: list[str], vocab: Vocabulary) -> str:
    names = list(dict.fromkeys(names))
    if len(names) == 1:
        return names[0]
    last = vocab.word("joiners", "and") or ", "
    return (
        vocab.word("joiners", "comma").join(names[:-1]) + last + names[-1]
        if vocab.word("joiners", "comma")
        else ", ".join(names[:-1]) + last + names[-1]
    )


def _condition(
    v: dict[str, str], st: dict[str, Any], order: Order, policy: StorePolicy, vocab: Vocabulary, today: date
) -> None:
    last = max((e.at.date() for e in order.tracking_events), default=None)
    quiet = (today - last).days if last else None
    if (
        order.status in MOVING
        and order.status != OrderStatus.out_for_delivery
        and quiet is not None
        and quiet >= STALE_DAYS
    ):
        st["stale"] = quiet
        v["quiet_span"] = vocab.span("day", quiet)
    if order.status == OrderStatus.in_customs and quiet is not None and quiet > policy.customs_days[1]:
        st["customs_long"] = quiet
        v["customs_held_span"] = vocab.span("day", quiet)
    if order.status == OrderStatus.out_for_delivery and quiet is not None and quiet >= OFD_STUCK_DAYS:
        st["ofd_stuck"] = quiet
        v["ofd_span"] = vocab.span("day", quiet)
    if order.status in (OrderStatus.returned, OrderStatus.cancelled) and last is not None:
        due = _business_days_after(last, policy.refund_days, policy.business_hours.days)
        v["refund_due_date"] = vocab_date(due, vocab)
        st["refund_overdue"] = today > due


def vocab_date(day: date, vocab: Vocabulary) -> str:
    return fmt_date(day, vocab.language)


def _business_days_after(start: date, days: int, workdays: list[int]) -> date:
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() in (workdays or [0, 1, 2, 3, 4]):
            left -= 1
    return current


def _asked_product(order: Order, catalogue: Catalogue, text: str, details: Details) -> Product | None:
    """The order's item the message is about: the one it names, else the first with a size chart when
    the buyer asks about size, else the first item."""
    products = [catalogue[i.sku] for i in order.items if i.sku in catalogue]
    if not products:
        return None
    lowered = text.lower()
    for product in products:
        if any(title.lower() in lowered for title in product.titles.values()):
            return product
    if details.asks("size") or details.has_measurements or details.size_label:
        sized = [p for p in products if p.size_chart is not None]
        if sized:
            return sized[0]
    return products[0]


def _product_in_text(catalogue: Catalogue, text: str) -> Product | None:
    """The catalogue product a message names (no order at hand): its title in any language, or the
    title's head word ("jacket", "Regenjacke", "充电器"), whichever names exactly one product."""
    lowered = text.lower()
    for product in catalogue.values():
        if any(len(title) >= 4 and title.lower() in lowered for title in product.titles.values()):
            return product
    named = [p for p in catalogue.values() if any(_names(w, lowered) for w in _head_words(p))]
    return named[0] if len(named) == 1 else None


_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def _names(word: str, lowered: str) -> bool:
    # Latin and Cyrillic words at a word start ("phone" is not in "iphone"); CJK anywhere.
    if _CJK.match(word):
        return word in lowered
    return re.search(rf"(?<![^\W\d_]){re.escape(word)}", lowered) is not None


def _head_words(product: Product) -> set[str]:
    words = set()
    for title in product.titles.values():
        for word in re.findall(r"[^\W\d_]{5,}", title.lower()):
            if not re.match(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", word):
                words.add(word)
        # CJK and Korean titles end with the noun: its last two or three characters.
        for run in re.findall(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{2,}", title):
            words.add(run[-3:] if len(run) >= 3 else run)
    return words - _GENERIC


# Words many titles share: they name no product on their own.
_GENERIC = {"wireless", "summer", "smart", "running", "hiking", "inalámbricos", "inteligente"}


def _size_advice(
    v: dict[str, str], st: dict[str, Any], product: Product, details: Details, vocab: Vocabulary
) -> None:
    chart = product.size_chart
    if chart is None:
        return
    st["catalogue_chart"] = True
    size = recommend_size(chart.sizes, chart.how_to_choose, details)
    if size is None:
        return
    st["recommended"] = size
    v["recommended_size"] = size
    measures = {k: float(x) for k, x in chart.sizes[size].items() if isinstance(x, (int, float))}
    v["recommended_row"] = vocab.size_row(size, measures, chart.unit)
    v["recommended_measures"] = vocab.measures(measures, chart.unit)
    stated = [v[k] for k in ("buyer_height", "buyer_weight", "buyer_foot") if v.get(k)]
    if stated:
        v["buyer_stated"] = _join(stated, vocab)


def recommend_size(sizes: dict[str, dict[str, Any]], how: str, details: Details) -> str | None:
    """The size whose chart fits what the buyer gave: foot length (the first size at least as long),
    height and weight (the larger of the two fits), chest or bust (the first with room to move)."""
    labels = list(sizes)
    if how == "foot_length" and details.foot_cm:
        return next((s for s in labels if float(sizes[s].get("foot_length", 0)) >= details.foot_cm), None)
    if how in ("chest", "bust") and details.chest_cm:
        return next((s for s in labels if float(sizes[s].get(how, 0)) >= details.chest_cm + 4), None)
    picks = []
    for measure, value in (("height", details.height_cm), ("weight", details.weight_kg)):
        if value is None:
            continue
        fitting = [s for s in labels if _in_range(sizes[s].get(measure), value)]
        if not fitting:
            return None  # outside the chart: a person decides, not a guess
        picks.append(labels.index(fitting[-1] if measure == "weight" else fitting[0]))
    return labels[max(picks)] if picks else None


def _in_range(bounds: Any, value: float) -> bool:
    return isinstance(bounds, (list, tuple)) and len(bounds) == 2 and bounds[0] <= value <= bounds[1]


def _product_answers(
    v: dict[str, str], st: dict[str, Any], product: Product, details: Details, vocab: Vocabulary
) -> None:
    answered, missing = [], []
    if details.asks("waterproof"):
        level = (product.waterproof or {}).get("level")
        if level:
            text = vocab.word("waterproof", level)
            rating = (product.waterproof or {}).get("rating")
            v["answer_waterproof"] = text + (f" ({rating})" if rating else "")
            answered.append("waterproof")
        else:
            missing.append("waterproof")
    if details.asks("compatibility"):
        compat = product.compatibility or {}
        if compat.get("works_with"):
            v["compat_list"] = vocab.list_sep.join(compat["works_with"])
            if compat.get("slower_with"):
                v["compat_slower"] = vocab.list_sep.join(compat["slower_with"])
            answered.append("compatibility")
        else:
            missing.append("compatibility")
    if details.asks("care"):
        care = product.care or {}
        if care.get("wash_c"):
            v["wash_c"] = str(care["wash_c"])
            answered.append("care")
        elif care.get("hand_wash"):
            answered.append("care_hand")
        else:
            missing.append("care")
    if details.asks("material"):
        missing.append("material")  # materials are not yet kept per language: a person answers
    st["answered"], st["unanswered"] = answered, missing


def _num(value: float, language: str) -> str:
    text = f"{value:g}"
    return (
        text.replace(".", ",") if language in {"es", "ru", "fr", "pt", "de", "it", "pl", "nl", "tr"} else text
    )
