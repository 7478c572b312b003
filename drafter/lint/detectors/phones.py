"""Phone numbers, told apart from the order ids, tracking numbers, dates and prices replies are full of.

1. Protect: every id the order context knows, and every span matching a known non-phone format from
   the pack (Amazon/eBay order ids, dates, times, prices, versions, sizes...), is masked.
2. Candidates: runs of 7-15 digits with phone-like separators, not glued to letters ("PD-65W",
   "LP00123456789012" never qualify).
3. A candidate right after an id label ("order", "tracking", "pedido", "заказ", a carrier's name) is an
   id, unless a phone label ("call", "tel", "WhatsApp") is nearer or other digits come in between. Otherwise phonenumbers decides, with POSSIBLE
   leniency, across the buyer's and seller's regions; a leading + or 00 is a phone outright.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from drafter.lint.detectors import Detector, Hit, detector
from drafter.lint.detectors.patterns import compile_any, flatten
from drafter.lint.document import Doc
from drafter.lint.packs import RuleSpec

# ASCII-only boundaries: in "致电0755-12345678" or "010-1234-5678로" the neighbours are CJK/Hangul letters.
_CANDIDATE = re.compile(
    r"(?<![A-Za-z0-9_.,/+-])(?:\+|(?<!\d)00)?[\s(]{0,2}\d(?:[ \t.()\-]{0,3}\d){1,40}(?![A-Za-z0-9_]|[.,]\d)"
)
_DIGIT = re.compile(r"\d")


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "_" * (end - start)
    return "".join(chars)


def protected_spans(doc: Doc, formats: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """Spans that are ids or other known non-phone numbers (cached on the doc: both phone rules use it)."""
    key = f"protected:{id(formats)}"
    if key in doc.cache:
        return doc.cache[key]
    text, upper = doc.norm, None
    spans: list[tuple[int, int]] = []
    for known in doc.known_ids:
        for hay, needle in ((text, known), (None, known.upper())):
            if hay is None:
                upper = upper or text.upper()
                hay = upper
            start = hay.find(needle)
            while start >= 0:
                spans.append((start, start + len(needle)))
                start = hay.find(needle, start + 1)
    if formats is not None:
        spans.extend(m.span() for m in formats.finditer(text))
    doc.cache[key] = spans
    return spans


@lru_cache(maxsize=4096)
def _possible(candidate: str, region: str | None) -> bool:
    if region is None:
        try:
            return phonenumbers.is_possible_number(phonenumbers.parse(candidate, None))
        except phonenumbers.NumberParseException:
            return False
    return any(
        len(_DIGIT.findall(m.raw_string)) >= 7
        for m in PhoneNumberMatcher(candidate, region, leniency=Leniency.POSSIBLE)
    )


def regions(doc: Doc, spec: RuleSpec) -> list[str]:
    """The buyer's and the seller's regions: where a national-format number would be dialled."""
    p = spec.params
    found: list[str] = list(doc.context.regions)
    if doc.order is not None and doc.order.destination_country:
        found.append(doc.order.destination_country.upper())
    by_language = p.get("regions_by_language", {})
    for lang in (doc.context.buyer_language, doc.language):
        found.extend(by_language.get(lang or "", []))
    if doc.store is not None and isinstance(doc.store.policy.get("country"), str):
        found.append(doc.store.policy["country"].upper())
    found.extend(p.get("default_regions", []))
    return list(dict.fromkeys(found))


@detector("phone")
def phone_detector(spec: RuleSpec) -> Detector:
    p = spec.params
    formats = compile_any(flatten(p.get("protect")), ascii_words=True)
    id_labels = compile_any(flatten(p.get("id_labels")))
    phone_labels = compile_any(flatten(p.get("phone_labels")))
    window = int(p.get("label_window", 30))
    min_digits, max_digits = int(p.get("min_digits", 7)), int(p.get("max_digits", 15))

    def _label(pattern: re.Pattern[str] | None, text: str, start: int) -> int:
        """Distance back to the nearest label of this kind, or a large number."""
        if pattern is None:
            return 10**6
        ends = [m.end() for m in pattern.finditer(text, max(0, start - window), start)]
        return start - max(ends) if ends else 10**6

    def detect(doc: Doc) -> Iterator[Hit]:
        if len(_DIGIT.findall(doc.norm)) < min_digits:
            return
        text = _mask(doc.norm, protected_spans(doc, formats))
        for m in _CANDIDATE.finditer(text):
            raw = m.group(0).strip(" \t(")
            start = m.end() - len(raw)
            digits = len(_DIGIT.findall(raw))
            if not min_digits <= digits <= max_digits:
                continue
            near_phone = _label(phone_labels, doc.norm, start)
            near_id = _label(id_labels, doc.norm, start)
            # A label names the number right after it: "order 8824591510225522: 612 345 678" is an id
            # and then a phone, so digits between label and candidate void the label.
            if near_id < near_phone and not _DIGIT.search(doc.norm, start - near_id, start):
                continue
            international = raw.startswith("+") or raw.startswith("00")
            if (
                international
                and digits >= 8
                and (
                    _possible(raw.replace("00", "+", 1) if raw.startswith("00") else raw, None)
                    or near_phone < 10**6
                )
            ):
                yield start, m.end(), None
            elif near_phone < 10**6 or any(_possible(raw, r) for r in regions(doc, spec)):
                yield start, m.end(), None

    return detect


@detector("spelled_digits")
def spelled_digits_detector(spec: RuleSpec) -> Detector:
    """Seven or more digits written as words ("four one five, two two...") in any pack language."""
    p = spec.params
    words = sorted(
        {str(w) for ws in (p.get("digit_words") or {}).values() for w in ws}, key=len, reverse=True
    )
    token = rf"(?:{'|'.join(re.escape(w) for w in words)}|\d)"
    run = re.compile(
        rf"(?<!\w)(?:plus\s+|\+\s?)?{token}(?:[\s,.\-]{{1,3}}{token}){{{int(p.get('min_tokens', 7)) - 1},}}(?!\w)",
        re.I,
    )
    han = re.compile(rf"[{p.get('han_digits', '零〇一二三四五六七八九')}]{{{int(p.get('min_tokens', 7))},}}")
    word = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})(?!\w)", re.I)

    def detect(doc: Doc) -> Iterator[Hit]:
        for m in run.finditer(doc.norm):
            if len(word.findall(m.group(0))) >= 3:  # mostly figures: the phone rule's business
                yield m.start(), m.end(), None
        for m in han.finditer(doc.norm):
            yield m.start(), m.end(), None

    return detect
