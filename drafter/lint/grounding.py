"""Grounding: every order number, tracking number, carrier, date or amount in a draft must come
from the retrieved facts (order, FAQ entries, store policy). Anything else is invented: blocking.

The same extractors run over the draft and over the facts, so "in the facts" means "the facts
mention the same value", whatever way it is written (2026-11-12 or 12.11.2026; 39,90 € or 39.90).
The buyer's own message may supply identifiers, carriers and dates (restating them invents
nothing), but never amounts: a sum of money in a reply must come from the seller's facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import get_day_names, get_month_names

from drafter.config import BUNDLED_KNOWLEDGE
from drafter.knowledge import read_yaml
from drafter.models import FaqHit, Order, Severity, StoreProfile, Violation

RULE_ID = "grounding.unknown-fact"
_SOURCE = "Drafter grounding: a reply states only facts from the order store, the FAQ or the store policy"
_MONTH_LANGS = ("en", "es", "ru", "fr", "pt", "de", "it", "pl", "nl", "tr")
_CUR = (
    r"(?:US\$|R\$|[$€£¥₽₹]|USD|EUR|GBP|RUB|JPY|CNY|BRL|PLN|TRY|CAD|AUD|руб\.?|рублей|euros?|dollars?|dólares)"
)
_NUM = r"\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT = re.compile(rf"(?:{_CUR})\s?(?P<a>{_NUM})|(?P<b>{_NUM})\s?(?:{_CUR})(?![A-Za-z])", re.I)
# Boundaries are ASCII on purpose: in Japanese or Chinese text the character before a number
# is a word character too ("ご注文114-..."), and \b would cut the number in two.
_ISO_DATE = re.compile(r"(?<![0-9])(\d{4})-(\d{1,2})-(\d{1,2})(?![0-9])")
_NUM_DATE = re.compile(r"(?<![0-9.])(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?![0-9])")
_CJK_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_NUMBER_ID = re.compile(r"(?<![0-9A-Za-z_.,-])\d[\d-]{4,}\d(?![0-9A-Za-z_])")
_ALNUM_ID = re.compile(r"(?<![0-9A-Za-z_])(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,34}(?![0-9A-Za-z_])")


@lru_cache(maxsize=1)
def _month_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    names: dict[str, int] = {}
    for lang in _MONTH_LANGS:
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context=context, locale=lang).items():
                names[name.lower()] = number
    for number, name in get_month_names("abbreviated", locale="en").items():
        names[name.lower().rstrip(".")] = number
    alternation = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    day_first = re.compile(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?({alternation})\b(?:,?\s+(?:de\s+)?(\d{{4}}))?",
        re.I,
    )
    month_first = re.compile(
        rf"\b({alternation})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
    )
    return day_first, month_first, names


def _valid(y: int | None, m: int, d: int) -> tuple[int | None, int, int] | None:
    try:
        date(y or 2000, m, d)
    except ValueError:
        return None
    return (y, m, d)


def _dates(text: str) -> Iterator[tuple[tuple[int, int], list[tuple[int | None, int, int]]]]:
    """(span, candidate (year|None, month, day) readings) for every date written in the text."""
    day_first, month_first, names = _month_patterns()
    for m in _ISO_DATE.finditer(text):
        yield m.span(), [c for c in [_valid(int(m[1]), int(m[2]), int(m[3]))] if c]
    for m in _NUM_DATE.finditer(text):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        readings = [_valid(year, int(m[2]), int(m[1])), _valid(year, int(m[1]), int(m[2]))]
        yield m.span(), [c for c in readings if c]
    for m in _CJK_DATE.finditer(text):
        yield m.span(), [c for c in [_valid(int(m[1]) if m[1] else None, int(m[2]), int(m[3]))] if c]
    for m in day_first.finditer(text):
        yield (
            m.span(),
            [c for c in [_valid(int(m[3]) if m[3] else None, names[m[2].lower()], int(m[1]))] if c],
        )
    for m in month_first.finditer(text):
        yield (
            m.span(),
            [c for c in [_valid(int(m[3]) if m[3] else None, names[m[1].lower()], int(m[2]))] if c],
        )


def _number_values(raw: str) -> set[float]:
    """Both readings of an ambiguous number: '1.234' is 1234 in German and 1.234 in English."""
    raw = raw.replace(" ", "").replace("\u00a0", "")
    values = set()
    for decimal, thousands in ((".", ","), (",", ".")):
        try:
            values.add(round(float(raw.replace(thousands, "").replace(decimal, ".")), 2))
        except ValueError:
            pass
    return values


def _norm_id(value: str) -> str:
    return re.sub(r"[\s-]", "", value).upper()


@lru_cache(maxsize=8)
def _carrier_pattern(path: Path) -> re.Pattern[str]:
    """Carrier names from knowledge/carriers.yaml (cached on the file: each knowledge dir its own)."""
    names = (read_yaml(path) or {}).get("carriers", []) if path.exists() else []
    alternation = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True)) or r"(?!)"
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.I)


def _flatten(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    elif isinstance(value, (list, tuple, set)):
        for v in value:
            yield from _flatten(v)
    elif value is not None:
        yield str(value)


@lru_cache(maxsize=16384)
def _mentions(
    text: str, carriers_file: Path
) -> tuple[frozenset[str], frozenset[tuple[int | None, int, int]], frozenset[str]]:
    """(ids, dates, carriers) one fact text mentions. Cached: the same order, policy and FAQ
    values come back draft after draft, and scanning them is most of the check's cost."""
    ids = {_norm_id(text)}
    dates: set[tuple[int | None, int, int]] = set()
    carriers: set[str] = set()
    if any(c.isdigit() for c in text):
        ids.update(_norm_id(m.group(0)) for m in _NUMBER_ID.finditer(text))
        ids.update(_norm_id(m.group(0)) for m in _ALNUM_ID.finditer(text))
        for _, readings in _dates(text):
            dates.update(readings)
    if any(c.isalpha() for c in text):
        carriers.update(m.group(0).lower() for m in _carrier_pattern(carriers_file).finditer(text))
    return frozenset(ids), frozenset(dates), frozenset(carriers)


class _Facts:
    """What the facts mention, in the same normal forms the draft is compared in."""

    def __init__(self, texts: Iterable[str], *, amounts: set[float], carriers_file: Path):
        self.ids: set[str] = set()
        self.dates: set[tuple[int | None, int, int]] = set()
        self.carriers: set[str] = set()
        self.amounts = amounts
        for text in texts:
            ids, dates, carriers = _mentions(text, carriers_file)
            self.ids |= ids
            self.dates |= dates
            self.carriers |= carriers

    def knows_date(self, readings: list[tuple[int | None, int, int]]) -> bool:
        for y, m, d in readings:
            for fy, fm, fd in self.dates:
                if (m, d) == (fm, fd) and (y is None or fy is None or y == fy):
                    return True
        return False


_MONEY_KEY = re.compile(r"price|amount|fee|cost|total|threshold|minimum|credit|value|fare|charge", re.I)


def _money_numbers(value: Any, key: str = "") -> Iterator[float]:
    """Numbers stored under money-sounding keys (free_shipping_threshold, restocking_fee...).

    Other numbers (days, sizes, centimetres) are facts too, but a currency sign before them would
    turn "30 days" into "$30": that is an invented amount, so they do not count as amounts.
    """
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _money_numbers(v, str(k))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _money_numbers(v, key)
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and _MONEY_KEY.search(key):
        yield round(float(value), 2)


_STORE_MEMO: dict[int, tuple[StoreProfile, list[str], set[float]]] = {}


def _store_facts(store: StoreProfile) -> tuple[list[str], set[float]]:
    """(texts, amounts) of a store's policy. Memoised per profile object: policies carry size
    charts and transit tables, and flattening them per draft was most of the check's cost."""
    hit = _STORE_MEMO.get(id(store))
    if hit is not None and hit[0] is store:
        return hit[1], hit[2]
    if len(_STORE_MEMO) > 256:
        _STORE_MEMO.clear()
    texts, amounts = list(_flatten(store.policy)), set(_money_numbers(store.policy))
    _STORE_MEMO[id(store)] = (store, texts, amounts)  # the profile is kept: a recycled id() cannot match
    return texts, amounts


def _fact_texts(order: Order | None, faq: list[FaqHit], store: StoreProfile | None) -> list[str]:
    texts: list[str] = []
    if order is not None:
        texts.extend(_flatten(order.model_dump(mode="json", exclude={"buyer_name"})))
    for hit in faq:
        texts.extend([hit.answer, *_flatten(hit.facts)])
    if store is not None:
        texts.extend(_store_facts(store)[0])
    return texts


def _fact_amounts(order: Order | None, faq: list[FaqHit], store: StoreProfile | None) -> set[float]:
    """Sums of money the seller's facts state: order prices and totals, money-keyed FAQ and policy
    facts, and amounts written with a currency in FAQ answers. Never the buyer's text."""
    amounts: set[float] = set()
    if order is not None:
        if order.total is not None:
            amounts.add(round(order.total, 2))
        for item in order.items:
            if item.price is not None:
                amounts.update({round(item.price, 2), round(item.price * item.quantity, 2)})
    for hit in faq:
        amounts.update(_money_numbers(hit.facts))
        for m in _AMOUNT.finditer(hit.answer):
            amounts.update(_number_values(m["a"] or m["b"]))
    if store is not None:
        amounts.update(_store_facts(store)[1])
    return amounts


_WEEKDAY_LANGS = ("en", "es", "ru", "fr", "pt", "de", "it", "pl", "nl", "tr", "ja", "zh", "ko", "ar")


@lru_cache(maxsize=1)
def _weekday_pattern() -> re.Pattern[str]:
    """Weekday names in every supported language (wide forms, both grammatical contexts)."""
    names = {
        name.lower()
        for lang in _WEEKDAY_LANGS
        for context in ("format", "stand-alone")
        for name in get_day_names("wide", context=context, locale=lang).values()
    }
    alternation = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)" if alternation else r"(?!)", re.I)


def _weekdays(text: str, facts_lower: str) -> Iterator[tuple[tuple[int, int], str]]:
    """A weekday is a date too ("we check again on Monday"): it must be one the facts name."""
    for m in _weekday_pattern().finditer(text):
        if m.group(0).lower() not in facts_lower:
            yield m.span(), m.group(0)


def check_grounding(
    text: str,
    *,
    order: Order | None,
    faq: Iterable[FaqHit],
    store: StoreProfile | None,
    message_text: str | None = None,
    allowed: Iterable[str] = (),
    carriers_file: Path = BUNDLED_KNOWLEDGE / "carriers.yaml",
) -> list[Violation]:
    """Blocking violations for every fact in `text` the retrieved facts do not contain.

    `allowed`: extra fact strings the caller itself gave the writer (the fact sheet's values).
    `carriers_file`: the carrier names of the knowledge dir in use.
    """
    faq = list(faq)
    texts = _fact_texts(order, faq, store) + list(allowed) + ([message_text] if message_text else [])
    facts = _Facts(texts, amounts=_fact_amounts(order, faq, store), carriers_file=carriers_file)
    found: list[tuple[tuple[int, int], str, str]] = []
    masked = list(text)

    def mask(span: tuple[int, int]) -> None:
        masked[span[0] : span[1]] = " " * (span[1] - span[0])

    for m in _AMOUNT.finditer(text):
        if not (_number_values(m["a"] or m["b"]) & facts.amounts):
            found.append((m.span(), "amount", m.group(0)))
        mask(m.span())
    for span, readings in _dates(text):
        if readings and not facts.knows_date(readings):
            found.append((span, "date", text[span[0] : span[1]]))
        mask(span)
    facts_lower = "\n".join(t for t in texts if isinstance(t, str)).lower()
    for span, name in _weekdays(text, facts_lower):
        found.append((span, "day", name))
    rest = "".join(masked)
    for m in _carrier_pattern(carriers_file).finditer(rest):
        if m.group(0).lower() not in facts.carriers:
            found.append((m.span(), "carrier", m.group(0)))
    for pattern, kind in ((_NUMBER_ID, "order or tracking number"), (_ALNUM_ID, "tracking number")):
        for m in pattern.finditer(rest):
            if sum(c.isdigit() for c in m.group(0)) >= 6 and _norm_id(m.group(0)) not in facts.ids:
                found.append((m.span(), kind, m.group(0)))
    return [
        Violation(
            rule_id=RULE_ID,
            severity=Severity.block,
            span=span,
            excerpt=excerpt,
            source=_SOURCE,
            message=f"The {kind} '{excerpt}' is not in the order, FAQ or store facts.",
        )
        for span, kind, excerpt in sorted(found)
    ]
