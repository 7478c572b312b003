"""The acknowledgement's words, per language (knowledge/acknowledge/<language>.yaml), filled in.

The time a person will answer is said with the reply templates' own `when` phrases ("today by 22:00
your time", "tomorrow morning (by 05:00 your time)"), so an acknowledgement and a later reply name
times the same way.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from drafter.compose.buyer_time import when_phrase
from drafter.compose.vocabulary import load_vocabulary
from drafter.knowledge import read_yaml

Reason = Literal["off_hours", "queue"]


class Received(BaseModel):
    order: str
    no_order: str


class Reasons(BaseModel):
    off_hours: str
    queue: str


class AckTexts(BaseModel):
    language: str
    text: str
    greeting: str
    received: Received
    reason: Reasons
    promise: str
    note: str


def languages(knowledge_dir: Path) -> list[str]:
    return sorted(p.stem for p in (knowledge_dir / "acknowledge").glob("*.yaml"))


@lru_cache(maxsize=64)
def ack_texts(knowledge_dir: Path, language: str) -> AckTexts:
    path = knowledge_dir / "acknowledge" / f"{language}.yaml"
    if not path.exists():
        raise KeyError(f"no acknowledgement texts for language {language!r} ({path.name} is missing)")
    return AckTexts.model_validate(read_yaml(path))


def render(
    *,
    knowledge_dir: Path,
    language: str,
    reason: Reason,
    order_id: str | None,
    promised_local: datetime,
    now_local: datetime,
) -> str:
    """The acknowledgement in `language`; both times are in the buyer's zone."""
    texts = ack_texts(knowledge_dir, language)
    vocab = load_vocabulary(knowledge_dir / "templates", language)
    when = when_phrase(
        promised_local, now_local, vocab.words.get("when") or {}, language, vocab.words.get("weekdays")
    )
    received = texts.received.order.format(order_id=order_id) if order_id else texts.received.no_order
    return texts.text.format(
        greeting=texts.greeting,
        received=received,
        reason=getattr(texts.reason, reason),
        promise=texts.promise.format(when=when),
        note=texts.note,
    )
