"""The buyer's message glossed in the reviewer's language without an LLM: what the buyer asks (from the
classification), the details they state (order numbers, amounts, dates, other numbers, verbatim),
the risk flags with the words that raised them, and the order and product the message is about."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from drafter.drafts.reviewer_view import GlossDetail, GlossFlag, ReviewerMessage
from drafter.models import BuyerMessage, Classification, Retrieval
from drafter.retrieve import order_reference
from drafter.review.labels import _load, labels, language_name

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_CURRENCY = (
    r"(?:[€$£¥₽₺]|USD|EUR|GBP|RUB|TRY|SAR|AED|PLN|руб\.?|рублей|евро|долл\w*|dólares|euros?|ريال|درهم|zł)"
)
_AMOUNT = re.compile(rf"{_CURRENCY}\s?\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s?{_CURRENCY}", re.IGNORECASE)
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def extract_details(text: str, order_id: str | None) -> list[tuple[str, str]]:
    """(kind, value) in reading order; each stretch of the text is counted once."""
    plain = text.translate(_DIGITS)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str]] = []

    def claim(kind: str, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, kind, text[start:end]))

    if order_id:
        for m in re.finditer(re.escape(order_id), plain):
            claim("order_number", m.start(), m.end())
    for kind, pattern in (("amount", _AMOUNT), ("date", _DATE), ("number", _NUMBER)):
        for m in pattern.finditer(plain):
            claim(kind, m.start(), m.end())
    return [(kind, value.strip()) for _, kind, value in sorted(found)]


def gloss(
    *,
    message: BuyerMessage,
    classification: Classification,
    retrieval: Retrieval,
    language: str,
    knowledge_dir: Path,
) -> ReviewerMessage:
    words = labels(knowledge_dir, language)
    g: dict[str, str] = words["gloss"]
    quote = lambda s: f"{g['quote_open']}{s}{g['quote_close']}"  # noqa: E731
    asks = [words["intents"][classification.intent.value]]
    asks += [
        words["intents"][i.value] for i in classification.secondary_intents if i != classification.intent
    ]
    lines = [g["asks"].format(asks=asks[0])] + [g["also"].format(asks=a) for a in asks[1:]]

    order = retrieval.order
    stated_id, _ = order_reference(message)
    product = order.items[0].title if order and order.items else None
    if order is not None:
        status = _status_word(knowledge_dir, language, order.status.value)
        lines.append(g["order"].format(order_id=order.order_id, item=product or "–", status=status))
    elif stated_id:
        lines.append(g["order_missing"].format(order_id=stated_id))
    else:
        lines.append(g["no_order"])

    details = [
        GlossDetail(kind=k, label=words["detail_kinds"][k], value=v)
        for k, v in extract_details(message.text, order.order_id if order else stated_id)
    ]
    if details:
        lines.append(g["details"].format(details=g["list_sep"].join(f"{d.label} {d.value}" for d in details)))
    flags = []
    for flag in classification.flags:
        evidence = list(dict.fromkeys(classification.flag_evidence.get(flag.value, [])))
        flags.append(GlossFlag(flag=flag.value, label=words["flags"][flag.value], evidence=evidence))
        if evidence:
            lines.append(
                g["flag"].format(
                    flag=words["flags"][flag.value], words=g["list_sep"].join(quote(w) for w in evidence)
                )
            )
        else:
            lines.append(g["flag_no_words"].format(flag=words["flags"][flag.value]))
    if classification.injection:
        lines.append(g["injection"])
    lines.append(g["language"].format(language=language_name(classification.language, words["language"])))
    return ReviewerMessage(
        text="\n".join(lines),
        asks=asks,
        details=details,
        flags=flags,
        order_id=order.order_id if order else stated_id,
        product=product,
    )


def _status_word(knowledge_dir: Path, language: str, status: str) -> str:
    """The order status as the reply templates name it in that language (one vocabulary for both)."""
    path = knowledge_dir / "templates" / f"{language}.yaml"
    data: dict[str, Any] = _load(path) if path.exists() else {}
    return ((data.get("words") or {}).get("status") or {}).get(status, status.replace("_", " "))
