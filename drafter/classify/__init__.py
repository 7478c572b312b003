"""Stage: classify a buyer message: intent, secondary intents, confidence, risk level, risk flags.

Intent: USE sentence embeddings + a softmax head trained on knowledge/intents/seed (`drafter train`),
temperature-calibrated. Flags: multilingual keyword lists in knowledge/risk/ plus embedding
similarity to flag exemplars. No LLM anywhere in this stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from drafter.classify.engine import get_engine
from drafter.classify.flags import is_injection, keyword_flags, similar_flags
from drafter.classify.intent import predict, segments
from drafter.classify.risk import risk_level
from drafter.models import Classification, Flag, Intent, Platform, ThreadMessage

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


def reading(text: str, language: str | None = None) -> str:
    """The text the classifier reads: Russian written in Latin letters is read back into Cyrillic, so the
    intent model and the flag lists see the Russian they were built for. `language` None: decide here
    the way the language stage does."""
    from drafter.classify.translit import is_mostly_latin, to_cyrillic
    from drafter.config import get_settings

    if not is_mostly_latin(text):
        return text
    if language is None:
        from drafter.language import looks_transliterated

        language = "ru" if looks_transliterated(text) else None
    return to_cyrillic(text, get_settings().knowledge_dir) if language == "ru" else text


def texts_to_encode(text: str, language: str | None = None) -> list[str]:
    """What classify() encodes for a message: the message, then its sentences. A batch encodes these for
    many messages in one pass (several times cheaper per text) and classify() finds them in the cache."""
    text = reading(text, language)
    return [text, *segments(text)]


def classify(
    text: str,
    *,
    platform: Platform,
    language: str,
    thread: Sequence[ThreadMessage] = (),
) -> Classification:
    from drafter.embeddings import embed

    engine = get_engine()
    read = reading(text, language)
    texts = texts_to_encode(read, language)
    parts = texts[1:]
    vectors = embed(texts)
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
        for flag, items in keyword_flags(engine.rules, reading(message.text, language), language).items():
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
