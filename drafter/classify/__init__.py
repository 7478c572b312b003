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
_NOT_COMPLAINTS = {Intent.thanks, Intent.other, Intent.product_question, Intent.size_fit, Intent.price_discount,
                   Intent.delivery_time}


def texts_to_encode(text: str) -> list[str]:
    """What classify() encodes for a message: the message, then its sentences. A batch encodes these for
    many messages in one pass (several times cheaper per text) and classify() finds them in the cache."""
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
    texts = texts_to_encode(text)
    parts = texts[1:]
    vectors = embed(texts)
    result = predict(engine.model, text, parts, vectors)
    complaint = bool({result.intent, *result.secondary} - _NOT_COMPLAINTS)
    evidence = keyword_flags(engine.rules, text, language, complaint=complaint)
    similar = similar_flags(
        vectors, engine.flag_vectors, engine.flag_labels, engine.flag_texts, engine.rules.similarity
    )
    for flag, items in similar.items():
        evidence.setdefault(flag, []).extend(items)
    for message in [m for m in thread if m.author == "buyer"][-_THREAD_MESSAGES:]:
        for flag, items in keyword_flags(engine.rules, message.text, language).items():
            evidence.setdefault(flag, []).extend(f"thread: {item}" for item in items)
    flags = [flag for flag in Flag if flag.value in evidence]
    injection, _ = is_injection(engine.rules, text)
    return Classification(
        language=language,
        intent=result.intent,
        secondary_intents=result.secondary,
        confidence=result.confidence,
        risk=risk_level(platform=platform, intent=result.intent, flags=flags, secondary=result.secondary),
        flags=flags,
        injection=injection,
        flag_evidence={flag.value: evidence[flag.value] for flag in flags},
        scores=result.scores,
    )


__all__ = ["classify", "risk_level"]
