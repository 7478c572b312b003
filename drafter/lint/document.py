"""The text a rule sees: NFKC-normalised, invisible characters dropped, with a map back to the original.

Disguises such as full-width letters ("ｍａｉｌ＠ｇｍａｉｌ．ｃｏｍ") or zero-width spaces inside a
phone number must not get past a detector, yet the UI needs spans in the text the agent sees.
So detectors run on `norm` and every span is mapped back through `index` before it is reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from drafter.language import detect_language
from drafter.lint.context import LintContext
from drafter.lint.scripts import scripts_in
from drafter.models import Order, Platform, StoreProfile


def _invisible(ch: str) -> bool:
    # Cf: zero-width space/joiner, soft hyphen, bidi marks: used to break up e-mails and phones.
    return unicodedata.category(ch) == "Cf"


# Cyrillic and Greek letters that look Latin. Only folded inside words that mix scripts ("WhatsАрр"
# with Cyrillic А, р): a mixed word is a disguise, while a Russian word stays Russian.
_CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "к": "k",
        "м": "m",
        "т": "t",
        "в": "b",
        "н": "h",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ɡ": "g",
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "У": "Y",
        "Х": "X",
        "І": "I",
        "Ј": "J",
        "Ѕ": "S",
        "α": "a",
        "ο": "o",
        "ρ": "p",
        "ν": "v",
        "τ": "t",
        "ι": "i",
        "κ": "k",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Χ": "X",
        "Υ": "Y",
    }
)
_MIXED_WORD = re.compile(
    r"(?<![\w.@-])(?=[\w.@-]{0,64}[A-Za-z])(?=[\w.@-]{0,64}[\u0370-\u03ff\u0400-\u04ff])[\w.@-]{1,128}"
)


def _fold_mixed_scripts(text: str) -> str:
    if text.isascii():
        return text
    return _MIXED_WORD.sub(lambda m: m.group(0).translate(_CONFUSABLES), text)


def normalise(text: str) -> tuple[str, list[int] | None]:
    """(normalised text, index) where index[i] is the original offset of normalised char i.

    index is None when the text is already normal (the common case: no per-character work).
    """
    if text.isascii():
        return text, None
    if unicodedata.is_normalized("NFKC", text) and not any(map(_invisible, text)):
        return _fold_mixed_scripts(text), None
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            parts.append(ch)
            index.append(i)
            continue
        if _invisible(ch):
            continue
        n = unicodedata.normalize("NFKC", ch)
        parts.append(n)
        index.extend([i] * len(n))
    index.append(len(text))
    return _fold_mixed_scripts("".join(parts)), index


@dataclass
class Doc:
    """One lint call: the text in both forms plus everything known about the reply's situation."""

    text: str
    platform: Platform
    language: str | None
    context: LintContext
    store: StoreProfile | None
    norm: str = field(init=False)
    index: list[int] | None = field(init=False)
    cache: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.norm, self.index = normalise(self.text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of `norm` back to the original text."""
        if self.index is None:
            return start, end
        if end <= start:
            pos = self.index[start] if start < len(self.index) else len(self.text)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1

    @cached_property
    def scripts(self) -> frozenset[str]:
        """Non-Latin scripts present in `norm` (phrase rules skip patterns that need an absent one)."""
        return scripts_in(self.norm)

    @property
    def order(self) -> Order | None:
        return self.context.order

    @property
    def buyer_language(self) -> str | None:
        return self.context.buyer_language

    @cached_property
    def known_ids(self) -> tuple[str, ...]:
        """Ids this reply may legitimately quote: order, tracking, SKUs, and any the caller adds."""
        ids = list(self.context.known_ids)
        order = self.context.order
        if order is not None:
            ids += [order.order_id, order.tracking_number or ""]
            for item in order.items:
                ids += [item.sku, item.product_id or ""]
        return tuple(sorted({i.strip() for i in ids if i and len(i.strip()) >= 4}, key=len, reverse=True))

    @cached_property
    def text_language(self) -> str | None:
        """The reply's language: as declared, else detected (only computed when a rule needs it)."""
        if self.language:
            return self.language
        result = detect_language(
            self.text, locale=self.context.buyer_language, knowledge_dir=self.context.knowledge_dir
        )
        return result.language
