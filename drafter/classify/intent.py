"""Intent from the sentence embedding and the trained softmax head (knowledge/intents/model.npz).

The model is loaded once per process, on first use. Multi-intent messages: the message is also split
into sentences, each sentence is classified, and a sentence that clearly asks for something else
adds that intent as a secondary intent.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from drafter.classify.softmax import softmax
from drafter.models import Intent

# A sentence must be this sure of its own intent to add it as secondary.
SEGMENT_MIN_PROB = 0.55
# Any intent this likely for the whole message is secondary too.
WHOLE_MIN_PROB = 0.2
MAX_SECONDARY = 2
# Returns and refunds decide escalation (AliExpress): a modest probability is enough to list them.
RISK_INTENTS = ("return_request", "refund_request")
RISK_MIN_PROB = 0.1
MAX_SEGMENTS = 4
_SPLIT = re.compile(r"(?<=[.!?;。！？；])\s*|\n+|\s+(?:and also|also|plus|btw|и ещё|además|außerdem|aussi|também|inoltre|poza tym|ayrıca|ook)\s+", re.IGNORECASE)
_MIN_SEGMENT_CHARS = 4


@dataclass(frozen=True)
class IntentModel:
    weights: np.ndarray
    bias: np.ndarray
    temperature: float
    intents: tuple[str, ...]
    seed_digest: str

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        return softmax((embeddings @ self.weights + self.bias) / self.temperature)


_load_lock = threading.Lock()


@lru_cache(maxsize=4)
def load_model(path: Path) -> IntentModel:
    with _load_lock, np.load(path) as data:
        return IntentModel(
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float32),
            temperature=float(data["temperature"]),
            intents=tuple(str(s) for s in data["intents"]),
            seed_digest=str(data["seed_digest"]),
        )


def segments(text: str) -> list[str]:
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    parts = [p for p in parts if len(p) >= _MIN_SEGMENT_CHARS]
    return parts[:MAX_SEGMENTS] if len(parts) > 1 else []


@dataclass(frozen=True)
class IntentResult:
    intent: Intent
    secondary: list[Intent]
    confidence: float
    scores: dict[str, float]


def predict(model: IntentModel, whole: np.ndarray, parts: np.ndarray) -> IntentResult:
    """whole: (512,) embedding of the message; parts: (k, 512) embeddings of its sentences."""
    probs = model.probabilities(whole[None, :])[0]
    order = np.argsort(-probs, kind="stable")
    primary = model.intents[int(order[0])]
    secondary: list[str] = []
    for idx in order[1:]:
        label = model.intents[int(idx)]
        if probs[idx] >= WHOLE_MIN_PROB or (label in RISK_INTENTS and probs[idx] >= RISK_MIN_PROB):
            secondary.append(label)
    if len(parts):
        part_probs = model.probabilities(parts)
        for row in part_probs:
            best = int(row.argmax())
            label = model.intents[best]
            if row[best] >= SEGMENT_MIN_PROB and label not in (primary, Intent.other.value) and label not in secondary:
                secondary.append(label)
    secondary = [s for s in secondary if s != Intent.other.value][: MAX_SECONDARY + 1]
    scores = {model.intents[i]: round(float(p), 4) for i, p in enumerate(probs) if p >= 0.01}
    return IntentResult(
        intent=Intent(primary),
        secondary=[Intent(s) for s in secondary],
        confidence=round(float(probs[order[0]]), 4),
        scores=scores,
    )
