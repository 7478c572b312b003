"""Stage: read the whole message for what the buyer states and asks (details), beside its intent.

Classification files a message under one intent; a reply must still answer everything the buyer
wrote and never ask for what they already gave. This stage lists it: measurements (height, weight,
foot length, chest), a size label, a new address, photos sent, what was already tried, the action
asked for (exchange, partial cancellation, price-difference refund, delivery instruction), a safety
hazard, a defect, a parcel marked delivered that never came, and the topics of every question.

Cues are data (knowledge/details/<lang>.yaml, English cues always apply too: buyers mix them in);
numbers with units are read the same way in every language. Pure and fast: no model, no I/O after
the first load of a language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from drafter.knowledge import read_yaml

# Topics a question can be about; each has a cue list `ask_<topic>` in the language files.
QUESTION_TOPICS = ("customs_fees", "delivery_time", "waterproof", "compatibility", "care", "material", "size")
STATEMENT_CUES = (
    "hazard",
    "defect",
    "not_received",
    "exchange",
    "partial_cancel",
    "price_drop",
    "delivery_instruction",
    "new_address",
    "photos",
    "tried",
    "salam",
)


class Details(BaseModel):
    """What the buyer wrote, as facts a reply may build on (never a guess about the order)."""

    height_cm: float | None = None
    weight_kg: float | None = None
    foot_cm: float | None = None
    chest_cm: float | None = None
    size_label: str | None = Field(None, description="a size the buyer names: 41, XL")
    statements: list[str] = Field(
        default_factory=list, description="cues found, e.g. hazard, exchange, photos"
    )
    topics: list[str] = Field(default_factory=list, description="topics of the buyer's questions")
    questions: int = Field(0, description="question sentences in the message")

    def says(self, cue: str) -> bool:
        return cue in self.statements

    def asks(self, topic: str) -> bool:
        return topic in self.topics

    @property
    def has_measurements(self) -> bool:
        return any(v is not None for v in (self.height_cm, self.weight_kg, self.foot_cm, self.chest_cm))


_NUM = r"(\d{1,3}(?:[.,]\d{1,2})?)"
_CM = r"\s*(?:cm|см|㎝|厘米|公分|センチ|센티|سم|сантиметр)"
_HEIGHT_M = re.compile(r"(?<![\d.,])([12])[.,](\d{2})\s*(?:m|м|米|メートル|미터|متر)(?![a-zа-я])", re.I)
_FEET = re.compile(r"(?<!\d)([4-7])\s*(?:'|’|ft|feet|foot)\s*(\d{1,2})?\s*(?:\"|”|''|in|inches)?", re.I)
_LENGTH_CM = re.compile(_NUM + _CM, re.I)
_WEIGHT = re.compile(_NUM + r"\s*(kg|кг|公斤|千克|キロ|킬로|كغ|كيلو|kilo|lbs?|pounds?|斤)", re.I)
_FOOT_WORDS = (
    "foot",
    "feet",
    "pie",
    "стоп",
    "нога",
    "fuß",
    "fuss",
    "pied",
    "pé",
    "piede",
    "stop",
    "voet",
    "ayak",
    "القدم",
    "足",
    "발",
    "脚",
)
_CHEST_WORDS = (
    "chest",
    "bust",
    "pecho",
    "busto",
    "груд",
    "brust",
    "poitrine",
    "peito",
    "petto",
    "klatk",
    "borst",
    "göğüs",
    "gogus",
    "الصدر",
    "胸",
    "가슴",
)
_LETTER_SIZES = r"(XXS|XS|S|M|L|XL|XXL|XXXL|2XL|3XL|4XL)"


@lru_cache(maxsize=32)
def _patterns(
    knowledge_dir: Path, language: str
) -> tuple[dict[str, list[tuple[str, str, bool]]], re.Pattern[str] | None]:
    cues: dict[str, list[str]] = {}
    size_words: list[str] = []
    both: dict[str, list[str]] = {}
    for lang in dict.fromkeys(("en", language)):
        path = knowledge_dir / "details" / f"{lang}.yaml"
        data = read_yaml(path) if path.exists() else {}
        for name, words in (data.get("cues") or {}).items():
            cues.setdefault(name, []).extend(str(w).lower() for w in words)
        size_words += [str(w).lower() for w in data.get("size_words") or []]
        # `both`: a cue that holds when one word of each list is present ("cancel" + "only").
        for name, groups in (data.get("both") or {}).items():
            for index, words in enumerate(groups):
                both.setdefault(f"{name}#{index}", []).extend(str(w).lower() for w in words)
    for key, words in both.items():
        cues[key] = words
    # Cues bucketed by their first two characters: one pass over the message finds them all, at a
    # cost that does not grow with the number of cues (a regex alternation tries each at each position).
    buckets: dict[str, list[tuple[str, str, bool]]] = {}
    for name, words in cues.items():
        for word in set(words):
            at_word_start = bool(_LETTER_START.match(word))
            buckets.setdefault(word[:2], []).append((word, name, at_word_start))
    size = None
    if size_words:
        words = "|".join(re.escape(w) for w in sorted(set(size_words), key=len, reverse=True))
        size = re.compile(
            rf"(?:{words})\s*[:：]?\s*(\d{{2}}(?:[.,]5)?|{_LETTER_SIZES})(?![\w])|"
            rf"(\d{{2}}(?:[.,]5)?)\s*(?:号|码|サイズ|사이즈)",
            re.I,
        )
    return buckets, size


# Latin and Cyrillic cues match at the start of a word (a stem: "smok" finds "smoked", but "vat" does
# not find "private"); CJK, Arabic and Korean cues match anywhere.
_LETTER_START = re.compile(r"[a-zà-ÿа-яёçğışöüąćęłńóśźż]")


_WORD_START = re.compile(r"\b\w")
_NON_LATIN = re.compile(r"[\u0600-\uffff]")  # Arabic, Hangul, kana, CJK: cues match anywhere in them


def _find_cues(text: str, buckets: dict[str, list[tuple[str, str, bool]]]) -> set[str]:
    found: set[str] = set()
    positions = {m.start() for m in _WORD_START.finditer(text)}
    positions.update(m.start() for m in _NON_LATIN.finditer(text))
    for i in positions:
        # Two-character keys, and one-character ones for single-character cues (火, 煙).
        candidates = (buckets.get(text[i : i + 2]) or []) + (buckets.get(text[i]) or [])
        for word, name, at_word_start in candidates:
            if name in found or not text.startswith(word, i):
                continue
            if at_word_start and i > 0 and text[i - 1].isalpha():
                continue
            found.add(name)
    return found


def extract_details(text: str, language: str, *, knowledge_dir: Path) -> Details:
    """What the message states and asks (a fresh copy: callers may adjust it)."""
    return _extract(text, language, knowledge_dir).model_copy(deep=True)


@lru_cache(maxsize=1024)
def _extract(text: str, language: str, knowledge_dir: Path) -> Details:
    lowered = text.lower()
    buckets, size_pattern = _patterns(knowledge_dir, language)
    found = _find_cues(lowered, buckets)
    for key in [k for k in found if k.endswith("#0")]:
        name = key[:-2]
        if f"{name}#1" in found:
            found.add(name)
    details = Details(
        statements=[c for c in STATEMENT_CUES if c in found],
        topics=[t for t in QUESTION_TOPICS if f"ask_{t}" in found],
        questions=_count_questions(text),
    )
    _measurements(text, lowered, details)
    if size_pattern is not None:
        match = size_pattern.search(text)
        if match:
            details.size_label = (match.group(1) or match.group(3) or "").upper().replace(",", ".")
    return details


def _count_questions(text: str) -> int:
    marks = len(re.findall(r"[?？؟]+", text))
    # Chinese and Japanese often ask without a question mark: 吗/か at the end of a clause.
    marks = marks or len(re.findall(r"(?:吗|嗎|ですか|ますか)(?:[。！!\s]|$)", text))
    return marks


def _measurements(text: str, lowered: str, details: Details) -> None:
    for match in _HEIGHT_M.finditer(text):
        details.height_cm = float(f"{match[1]}{match[2]}")
    feet = _FEET.search(text)
    if feet and details.height_cm is None:
        inches = int(feet[2] or 0)
        if inches < 12:
            details.height_cm = round((int(feet[1]) * 12 + inches) * 2.54)
    for match in _LENGTH_CM.finditer(text):
        value = float(match[1].replace(",", "."))
        before = lowered[max(0, match.start() - 25) : match.start()]
        if 130 <= value <= 220 and not any(w in before for w in _CHEST_WORDS):
            details.height_cm = value
        elif 15 <= value <= 33:
            details.foot_cm = value
        elif 60 <= value <= 160 and any(w in before for w in _CHEST_WORDS):
            details.chest_cm = value
    if details.foot_cm is None:
        # "foot length 26" without a unit is still a foot length.
        for word in _FOOT_WORDS:
            at = lowered.find(word)
            if at >= 0:
                near = re.search(r"(\d{2}(?:[.,]\d)?)", lowered[at : at + 30])
                if near and 15 <= float(near[1].replace(",", ".")) <= 33:
                    details.foot_cm = float(near[1].replace(",", "."))
                    break
    for match in _WEIGHT.finditer(text):
        value = float(match[1].replace(",", "."))
        unit = match[2].lower()
        if unit.startswith(("lb", "pound")):
            value = round(value * 0.4536)
        elif unit == "斤":
            value = value / 2
        if 30 <= value <= 250:
            details.weight_kg = value
