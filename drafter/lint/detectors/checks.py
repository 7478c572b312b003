"""Whole-reply checks: length, emoji, the buyer's language, the three parts, the order id, store terms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from drafter.language import detect_language
from drafter.lint.detectors import Detector, Hit, detector
from drafter.lint.document import Doc
from drafter.lint.packs import RuleSpec, load_store_pack

# One emoji = one grapheme: a base pictograph with optional variation selector, skin tone and
# ZWJ-joined parts, or a pair of regional indicators (a flag).
_PICTO = r"[\U0001F300-\U0001FAFF\U0001F000-\U0001F2FF\u2600-\u27BF\u2B50\u2B55\u2934\u2935\u3030\u303D]"
_EMOJI = re.compile(
    rf"[\U0001F1E6-\U0001F1FF]{{2}}|{_PICTO}\uFE0F?[\U0001F3FB-\U0001F3FF]?(?:\u200D{_PICTO}\uFE0F?[\U0001F3FB-\U0001F3FF]?)*"
)


_DETECT_CHARS = 500


@detector("max_length")
def max_length(spec: RuleSpec) -> Detector:
    limit = int(spec.params.get("max_chars", 2000))

    def detect(doc: Doc) -> Iterator[Hit]:
        if len(doc.text) > limit:
            start = limit if doc.index is None else _norm_pos(doc, limit)
            yield start, len(doc.norm), None

    return detect


def _norm_pos(doc: Doc, original: int) -> int:
    assert doc.index is not None
    return next((i for i, o in enumerate(doc.index) if o >= original), len(doc.norm))


@detector("emoji_count")
def emoji_count(spec: RuleSpec) -> Detector:
    limit = int(spec.params.get("max", 1))

    def detect(doc: Doc) -> Iterator[Hit]:
        found = list(_EMOJI.finditer(doc.norm))
        if len(found) > limit:
            for m in found[limit:]:
                yield m.start(), m.end(), ""

    return detect


@detector("language_mismatch")
def language_mismatch(spec: RuleSpec) -> Detector:
    """The reply must be in the buyer's language; detected from the text, not taken from the composer.

    Fast path: when the buyer's language's common words (params.stopwords) clearly dominate, the reply
    is in that language and langdetect (a few ms) is not needed.
    """
    min_letters = int(spec.params.get("min_letters", 12))
    stopwords = {
        lang: frozenset(w.lower() for w in words)
        for lang, words in (spec.params.get("stopwords") or {}).items()
    }
    word = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

    def clearly(text: str, language: str) -> bool:
        own = stopwords.get(language)
        if not own:
            return False
        tokens = [t.lower() for t in word.findall(text)]
        hits = sum(t in own for t in tokens)
        best_other = max(
            (sum(t in ws for t in tokens) for lang, ws in stopwords.items() if lang != language), default=0
        )
        return hits >= 3 and hits >= 2 * best_other

    def detect(doc: Doc) -> Iterator[Hit]:
        buyer = doc.buyer_language
        if not buyer or sum(ch.isalpha() for ch in doc.norm) < min_letters or clearly(doc.norm, buyer):
            return
        # The opening says the language.
        result = detect_language(
            doc.text[:_DETECT_CHARS], locale=buyer, knowledge_dir=doc.context.knowledge_dir
        )
        if result.method != "default" and result.language != buyer:
            yield 0, len(doc.norm), None

    return detect


@detector("three_parts")
def three_parts(spec: RuleSpec) -> Detector:
    names = ("restatement", "solution", "commitment")

    def detect(doc: Doc) -> Iterator[Hit]:
        parts = doc.context.draft_parts
        if parts is None:
            return  # lint_text on free text: the parts are unknown, lint_draft checks them
        missing = [n for n, part in zip(names, parts) if not (part or "").strip()]
        if missing:
            yield 0, 0, None, "missing: " + ", ".join(missing)

    return detect


def _squash(s: str) -> str:
    return re.sub(r"[\s#\-№]", "", s).upper()


@detector("order_id_restated")
def order_id_restated(spec: RuleSpec) -> Detector:
    def detect(doc: Doc) -> Iterator[Hit]:
        order_id = doc.order.order_id if doc.order is not None else doc.context.order_id
        if order_id and _squash(order_id) not in _squash(doc.norm):
            yield 0, 0, None

    return detect


@lru_cache(maxsize=256)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    # Whole words only: banning "Nike" must not flag "Nikel".
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in cleaned) + r")(?!\w)", re.I)


@detector("banned_terms")
def banned_terms(spec: RuleSpec) -> Detector:
    def detect(doc: Doc) -> Iterator[Hit]:
        terms = list(doc.context.banned_terms)
        if doc.store is not None:
            terms += doc.store.banned_terms
            rules_dir = doc.cache.get("rules_dir")
            pack = load_store_pack(rules_dir, doc.store.store_id) if rules_dir else None
            if pack is not None:
                terms += pack.banned_terms
        pattern = _terms_pattern(tuple(sorted(set(terms))))
        if pattern is not None:
            for m in pattern.finditer(doc.norm):
                yield m.start(), m.end(), None

    return detect


_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]?")


@detector("repeated_sentence")
def repeated_sentence(spec: RuleSpec) -> Detector:
    """The same sentence twice (small models loop): every repeat after the first is reported."""
    min_chars = int(spec.params.get("min_chars", 12))

    def detect(doc: Doc) -> Iterator[Hit]:
        seen: set[str] = set()
        for m in _SENTENCE.finditer(doc.norm):
            key = " ".join(re.findall(r"\w+", m.group(0).casefold()))
            if len(key) < min_chars:
                continue
            if key in seen:
                yield m.start(), m.end(), ""
            seen.add(key)

    return detect
