"""Stage: classify a buyer message: intent, secondary intents, confidence, risk level, risk flags.

Intent: USE sentence embeddings + a softmax head trained on knowledge/intents/seed (`drafter train`),
temperature-calibrated. Flags: multilingual keyword lists in knowledge/risk/ plus embedding
similarity to flag exemplars. No LLM anywhere in this stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from drafter.classify.engine import get_engine
from drafter.classify.flags import is_injection, keyword_flags, similar_flags
from drafter.classify.intent import predict, segments
from drafter.classify.risk import risk_level
from drafter.config import BUNDLED_KNOWLEDGE
from drafter.embeddings import embed
from drafter.language import looks_transliterated
from drafter.models import Classification, Flag, Intent, Platform, ThreadMessage
from drafter.text.translit import is_mostly_latin, to_cyrillic

# Earlier buyer messages in the thread are scanned for flags too: a threat does not expire
# because the next message is polite. Only the last few, to stay fast.
_THREAD_MESSAGES = 5
# Intents of messages that do not complain; for the others, broad flag terms ("review", "legal") count.
_NOT_COMPLAINTS = {
    Intent.thanks,
    Intent.other,
    Intent.product_question,
    Intent.size_fit,
    Intent.price_discount,
    Intent.delivery_time,
}


def reading(text: str, language: str | None = None, *, knowledge_dir: Path = BUNDLED_KNOWLEDGE) -> str:
    """The text the classifier reads: Russian written in Latin letters is read back into Cyrillic, so the
    intent model and the flag lists see the Russian they were built for. `language` None: decide here
    the way the language stage does."""
    if not is_mostly_latin(text):
        return text
    if language is None:
        language = "ru" if looks_transliterated(text, knowledge_dir=knowledge_dir) else None
    return to_cyrillic(text, knowledge_dir) if language == "ru" else text


def texts_to_encode(
    text: str, language: str | None = None, *, knowledge_dir: Path = BUNDLED_KNOWLEDGE
) -> list[str]:
    """What classify() encodes for a message: the message, then its sentences. A batch encodes these for
    many messages in one pass (several times cheaper per text) and hands each message its vectors."""
    text = reading(text, language, knowledge_dir=knowledge_dir)
    return [text, *segments(text)]


def classify(
    text: str,
    *,
    platform: Platform,
    language: str,
    thread: Sequence[ThreadMessage] = (),
    knowledge_dir: Path = BUNDLED_KNOWLEDGE,
    vectors: np.ndarray | None = None,
    embed_threads: int = 1,
) -> Classification:
    """`vectors`: the embeddings of texts_to_encode(text, language), when the caller already has them
    (a batch encodes many messages in one pass); otherwise they are encoded here with `embed_threads`."""
    engine = get_engine(knowledge_dir)
    read = reading(text, language, knowledge_dir=knowledge_dir)
    texts = texts_to_encode(read, language, knowledge_dir=knowledge_dir)
    parts = texts[1:]
    if vectors is None:
        vectors = embed(texts, threads=embed_threads, cache=False)
    result = predict(engine.model, read, parts, vectors)
    complaint = bool({result.intent, *result.secondary} - _NOT_COMPLAINTS)
    evidence = keyword_flags(engine.rules, read, language, complaint=complaint)
    if read != text:  # English words and any-language terms in the buyer's own letters
        for flag, items in keyword_flags(engine.rules, text, None, complaint=complaint).items():
            evidence.setdefault(flag, []).extend(items)
    similar = similar_flags(
        vectors, engine.flag_vectors, engine.flag_labels, engine.flag_texts, engine.rules.similarity
    )
    for flag, items in similar.items():
        evidence.setdefault(flag, []).extend(items)
    for message in [m for m in thread if m.author == "buyer"][-_THREAD_MESSAGES:]:
        earlier = reading(message.text, language, knowledge_dir=knowledge_dir)
        for flag, items in keyword_flags(engine.rules, earlier, language).items():
            evidence.setdefault(flag, []).extend(f"thread: {item}" for item in items)
    flags = [flag for flag in Flag if flag.value in evidence]
    injection = is_injection(engine.rules, text)[0] or (read != text and is_injection(engine.rules, read)[0])
    return Classification(
        language=language,
        intent=result.intent,
        secondary_intents=result.secondary,
        confidence=result.confidence,
        risk=risk_level(
            platform=platform, intent=result.intent, flags=flags, secondary=result.secondary_for_risk
        ),
        flags=flags,
        injection=injection,
        transliterated=read != text,
        flag_evidence={flag.value: evidence[flag.value] for flag in flags},
        scores=result.scores,
    )


__all__ = ["classify", "risk_level"]
