"""The renderer of the facts stage (drafter.facts): the facts a reply may state (order, policy, dates,
commitments) for one message, as a FactSheet.

Both composers write from the sheet: the template composer fills its phrasings from `values`, the LLM
composer hands the same dict to the model as the only facts it may state; the check grounds the reply
against it. Every value is already
rendered for the buyer (dates in the buyer's language, the store's time zone), so a number in a
reply can always be traced back to a value here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from drafter.compose import FactsRequest
from drafter.compose.buyer_time import buyer_country, buyer_deadline, country_zone, when_phrase, zone_info
from drafter.compose.policy_facts import contradicts
from drafter.compose.reading import add_reading
from drafter.compose.tone import product_lines
from drafter.compose.vocabulary import Vocabulary, load_vocabulary
from drafter.compose.when import fmt_date, fmt_money, next_check, tz_name
from drafter.config import BUNDLED_KNOWLEDGE
from drafter.details import extract_details
from drafter.knowledge import effective_policy
from drafter.models import FactSheet, FaqHit, Order, OrderStatus, StorePolicy
from drafter.products import Catalogue, load_catalogue

PRE_SHIPMENT = frozenset({OrderStatus.unpaid, OrderStatus.processing})
MOVING = frozenset(
    {OrderStatus.shipped, OrderStatus.in_transit, OrderStatus.in_customs, OrderStatus.out_for_delivery}
)
_PLATFORM_NAMES = {"aliexpress": "AliExpress", "amazon": "Amazon", "ebay": "eBay", "shopify": "Shopify"}


# values: rendered strings a reply may contain. state: what the situation choice looks at.
Facts = FactSheet


def build_facts(
    request: FactsRequest, *, knowledge_dir: Path = BUNDLED_KNOWLEDGE, catalogue: Catalogue | None = None
) -> Facts:
    """All facts the stores hold for this request, rendered in the buyer's language."""
    if catalogue is None:
        catalogue = load_catalogue(request.message.store_id, knowledge_dir / "products")
    vocab = load_vocabulary(knowledge_dir / "templates", request.language)
    language = vocab.language
    platform = request.message.platform.value
    policy = effective_policy(request.store, platform)
    tz = zone_info(request.store.timezone)
    now = request.received_at.astimezone(tz)
    today = now.date()
    facts = Facts(language=language)
    v, st = facts.values, facts.state

    check = next_check(now, policy, tuple(request.store.holidays))
    order = request.retrieval.order
    st["buyer_country"] = _buyer_time(
        v, vocab, check, now, policy.commitments.recheck_time, tz, order, request
    )
    v["reply_hours"] = str(policy.commitments.reply_within_hours)
    v["carrier_days"] = str(policy.commitments.carrier_inquiry_business_days)
    v["invoice_days"] = str(policy.commitments.invoice_business_days)
    v["handling_days"] = str(policy.handling_days)
    v["refund_days"] = str(policy.refund_days)
    v["return_window_days"] = str(policy.return_window_days)
    v["warranty_months"] = str(policy.warranty_months)
    v["customs_min"], v["customs_max"] = (str(n) for n in policy.customs_days)
    # "<name>_span" reads "2 business days"; "<name>_within" is the form after "within" (case languages).
    for name, unit, number in (
        ("handling", "business_day", policy.handling_days),
        ("refund", "business_day", policy.refund_days),
        ("carrier", "business_day", policy.commitments.carrier_inquiry_business_days),
        ("invoice", "business_day", policy.commitments.invoice_business_days),
        ("return_window", "day", policy.return_window_days),
        ("warranty", "month", policy.warranty_months),
        ("reply", "hour", policy.commitments.reply_within_hours),
    ):
        v[f"{name}_span"] = vocab.span(unit, number)
        v[f"{name}_within"] = vocab.span(unit, number, within=True)
    v["customs_span"] = vocab.span("day", *policy.customs_days)
    v["platform_name"] = _PLATFORM_NAMES.get(platform, platform)
    v["return_shipping"] = vocab.word("return_paid_by", policy.return_shipping_paid_by)
    v["return_how"] = vocab.word("return_how", platform)
    st.update(platform=platform, exchange_allowed=policy.exchange_allowed, today=today)
    _transit(v, vocab, policy, carrier=None, country=None)

    st["order"] = order
    if order is not None:
        _order_facts(v, st, order, policy, vocab, today)
        if order.buyer_name:
            v["buyer_name"] = order.buyer_name
    if request.store.name:
        v["store_name"] = request.store.name
    faq = _best_faq(request.retrieval.faq, language, policy)
    if faq is not None:
        v["faq_answer"] = faq.answer.strip()
        st["faq_topic"] = faq.topic
    details = request.details or extract_details(request.message.text, language, knowledge_dir=knowledge_dir)
    add_reading(
        v,
        st,
        details=details,
        order=order,
        catalogue=catalogue,
        policy=policy,
        vocab=vocab,
        today=today,
        text=request.message.text,
        product_sku=request.product_sku,
    )
    if st.get("answered"):
        v["product_answer"] = " ".join(product_lines(vocab.data.get("extra") or {}, facts))
        st["product_answer"] = bool(v["product_answer"])
    return facts


def _buyer_time(
    v: dict[str, str],
    vocab: Vocabulary,
    check: date,
    now: datetime,
    recheck: str,
    tz: ZoneInfo,
    order: Order | None,
    request: FactsRequest,
) -> str:
    """The team's next check (store clock) as the buyer reads it: their zone, their words.
    Returns the buyer's country."""
    hours, minutes = (int(x) for x in recheck.split(":"))
    deadline = datetime.combine(check, time(hours, minutes), tzinfo=tz)
    country = buyer_country(
        order.destination_country if order else None, request.message.buyer_locale, vocab.language
    )
    zone = country_zone(country)
    local = buyer_deadline(deadline, zone)
    local_now = now.astimezone(zone_info(zone))
    v["check_day"] = fmt_date(local.date(), vocab.language, "full")
    v["check_time"] = f"{local.hour:02d}:{local.minute:02d}"
    v["tz_name"] = vocab.words.get("your_time") or tz_name(zone, vocab.language)
    v["when"] = when_phrase(
        local, local_now, vocab.words.get("when") or {}, vocab.language, vocab.words.get("weekdays")
    )
    return country


def _order_facts(
    v: dict[str, str], st: dict[str, Any], order: Order, policy: StorePolicy, vocab: Vocabulary, today: date
) -> None:
    lang = vocab.language
    v["order_id"] = order.order_id
    v["status_name"] = vocab.word("status", order.status.value)
    st["status"] = order.status
    if order.items:
        first = order.items[0]
        v["item"] = first.title
        if first.size:
            v["item_size"] = first.size
        _size_rows(v, st, first.sku, first.size, policy, vocab)
    if order.carrier:
        v["carrier"] = order.carrier
    if order.tracking_number:
        v["tracking_number"] = order.tracking_number
    if order.total is not None and order.currency:
        v["total"] = fmt_money(order.total, order.currency, lang)
    if order.destination_country:
        v["country"] = vocab.country(order.destination_country)
    _transit(v, vocab, policy, carrier=order.carrier, country=order.destination_country)
    if order.ordered_at:
        v["ordered_date"] = fmt_date(order.ordered_at, lang)
        ship_by = _add_business_days(order.ordered_at, policy.handling_days, policy.business_hours.days)
        if order.status in PRE_SHIPMENT:
            v["ship_by_date"] = fmt_date(max(ship_by, today), lang)
    if order.shipped_at:
        v["shipped_date"] = fmt_date(order.shipped_at, lang)
        if policy.buyer_protection_days:
            protection_end = order.shipped_at + timedelta(days=policy.buyer_protection_days)
            v["protection_days"] = str(policy.buyer_protection_days)
            v["protection_span"] = vocab.span("day", policy.buyer_protection_days)
            v["protection_date"] = fmt_date(protection_end, lang)
    if order.estimated_delivery:
        v["eta_date"] = fmt_date(order.estimated_delivery, lang)
        st["late"] = order.status in MOVING and order.estimated_delivery < today
    if order.tracking_events:
        last = max(order.tracking_events, key=lambda e: e.at)
        v["last_event_date"] = fmt_date(last.at.date(), lang)
    delivered = order.delivered_at
    if delivered:
        v["delivered_date"] = fmt_date(delivered, lang)
        until = delivered + timedelta(days=policy.return_window_days)
        v["return_until"] = fmt_date(until, lang)
        st["in_return_window"] = today <= until


def _transit(
    v: dict[str, str], vocab: Vocabulary, policy: StorePolicy, *, carrier: str | None, country: str | None
) -> None:
    table = policy.transit_days.get(carrier or "") or policy.transit_days.get("default") or {}
    span = table.get(country or "") or table.get("default")
    if span:
        v["transit_min"], v["transit_max"] = str(span[0]), str(span[1])
        v["transit_span"] = vocab.span("day", span[0], span[1])


def _size_rows(
    v: dict[str, str], st: dict[str, Any], sku: str, size: str | None, policy: StorePolicy, vocab: Vocabulary
) -> None:
    chart = policy.size_charts.get(sku)
    if chart is None:
        return
    labels = list(chart.sizes)
    # The ordered size and the next one up: the two a buyer usually hesitates between.
    if size in chart.sizes:
        start = labels.index(size)
        shown = labels[start : start + 2]
    else:
        shown = labels
    rows = [vocab.size_row(label, chart.sizes[label], chart.unit) for label in shown]
    v["size_rows"] = vocab.list_sep.join(rows)
    st["has_size_chart"] = True


def _best_faq(hits: list[FaqHit], language: str, policy: StorePolicy) -> FaqHit | None:
    # Only an answer in the buyer's language whose figures agree with this store's policy.
    same_language = [
        h
        for h in hits
        if h.language == language and h.answer.strip() and not contradicts(h.facts, h.topic, policy)
    ]
    return max(same_language, key=lambda h: h.score) if same_language else None


def _add_business_days(start: date, days: int, workdays: list[int]) -> date:
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() in workdays:
            left -= 1
    return current
