"""Stage: classify a buyer message: intent, secondary intents, confidence, risk level, risk flags."""

from __future__ import annotations

from collections.abc import Sequence

from drafter.classify.risk import risk_level
from drafter.classify.simple import classify_intent, detect_flags, detect_injection
from drafter.models import Classification, Platform, ThreadMessage


def classify(
    text: str,
    *,
    platform: Platform,
    language: str,
    thread: Sequence[ThreadMessage] = (),
) -> Classification:
    intent, secondary, confidence, scores = classify_intent(text, language=language)
    flags, evidence = detect_flags(text)
    return Classification(
        language=language,
        intent=intent,
        secondary_intents=secondary,
        confidence=confidence,
        risk=risk_level(platform=platform, intent=intent, flags=flags, secondary=secondary),
        flags=flags,
        injection=detect_injection(text),
        flag_evidence=evidence,
        scores=scores,
    )


__all__ = ["classify", "risk_level"]
