"""Intent from the sentence embedding and the trained softmax head (knowledge/intents/model.npz),
blended with two nearest-seed-example votes (embeddings and character n-grams; see train.py).

The model is loaded once per process, on first use. Multi-intent messages: the message is also split
into sentences, each sentence is classified, and a sentence that clearly asks for something else
adds that intent as a secondary intent.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from drafter.classify.ngrams import NgramIndex
from drafter.classify.softmax import blend, knn_probabilities, rowdot, sharpen
from drafter.models import Intent

# A sentence must be this sure of its own intent to add it as secondary.
SEGMENT_MIN_PROB = 0.55
# Any intent this likely for the whole message is secondary too. The nearest-example votes spread
# probability thinly over neighbours' intents; below 0.3 that is mostly noise.
WHOLE_MIN_PROB = 0.3
MAX_SECONDARY = 2
# Returns and refunds decide escalation (AliExpress), so they are listed from a lower probability.
# (0.1 raised too many routine questions to high once the nearest-example votes were added.)
RISK_INTENTS = ("return_request", "refund_request")
RISK_MIN_PROB = 0.2
MAX_SEGMENTS = 3
# A secondary intent raises the risk level only when this sure (its sentence's own probability, or the
# whole message's): a 0.3 "cancel_order" next to a colour question must not make it medium.
SECONDARY_RISK_MIN = 0.4
# Returns and refunds decide escalation on AliExpress: from a lower probability (still not the 0.2 at
# which they are listed).
RISK_INTENT_RISK_MIN = 0.3
_SPLIT = re.compile(
    r"(?<=[.!?;。！？；])\s*|\n+|\s+(?:and also|also|plus|btw|и ещё|además|außerdem|aussi|também|inoltre|poza tym|ayrıca|ook)\s+"
    # A contrastive clause ("thanks, but the charger is missing") often carries the real request.
    r"|,\s*(?:but|however|ale|aber|pero|но|mais|mas|ma|maar|ama|ancak|lakin|ولكن|لكن)\s+|，?(?:但是|可是)",
    re.IGNORECASE,
)
_MIN_SEGMENT_CHARS = 4
# Shorter messages are not split: they rarely carry two requests, and each sentence costs an encoding.
_MIN_SPLIT_CHARS = 40


@dataclass(frozen=True)
class IntentModel:
    weights: np.ndarray
    bias: np.ndarray
    temperature: float
    intents: tuple[str, ...]
    seed_digest: str
    examples: np.ndarray  # (n, 512) float32 seed embeddings, for the nearest-example vote
    example_labels: np.ndarray
    knn_k: int
    knn_weight: float
    ngrams: NgramIndex
    ngram_weight: float
    power: float
    # weights transposed once, contiguous: the per-message product reads it row by row
    weights_t: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights_t", np.ascontiguousarray(self.weights.T))

    def probabilities(self, embeddings: np.ndarray, texts: list[str]) -> np.ndarray:
        """Rows: one per text; `embeddings` are the texts' sentence embeddings."""
        n = len(self.intents)
        logits = rowdot(embeddings, self.weights_t) + self.bias
        emb_vote = knn_probabilities(rowdot(embeddings, self.examples), self.example_labels, n, self.knn_k)
        char_sims = self.ngrams.similarities(texts)
        char_vote = knn_probabilities(char_sims, self.example_labels, n, self.knn_k)
        mixed = blend(logits, [(emb_vote, self.knn_weight), (char_vote, self.ngram_weight)], self.temperature)
        return sharpen(mixed, self.power)


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
            examples=data["example_vectors"].astype(np.float32) / 127.0,
            example_labels=data["example_labels"].astype(np.int64),
            knn_k=int(data["knn_k"]),
            knn_weight=float(data["knn_weight"]),
            ngrams=NgramIndex.from_csr(
                data["ngram_indptr"],
                data["ngram_rows"],
                data["ngram_values"],
                n_rows=len(data["example_labels"]),
            ),
            ngram_weight=float(data["ngram_weight"]),
            power=float(data["power"]),
        )


def segments(text: str) -> list[str]:
    if len(text) < _MIN_SPLIT_CHARS:
        return []
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    parts = [p for p in parts if len(p) >= _MIN_SEGMENT_CHARS]
    return parts[:MAX_SEGMENTS] if len(parts) > 1 else []


@dataclass(frozen=True)
class IntentResult:
    intent: Intent
    secondary: list[Intent]
    secondary_for_risk: list[Intent]  # the secondary intents sure enough to raise the risk level
    confidence: float
    scores: dict[str, float]


def predict(model: IntentModel, text: str, parts: list[str], vectors: np.ndarray) -> IntentResult:
    """vectors: embeddings of [text, *parts] (the message, then its sentences)."""
    probs = model.probabilities(vectors[:1], [text])[0]
    order = np.argsort(-probs, kind="stable")
    primary = model.intents[int(order[0])]
    secondary: list[str] = []
    support: dict[str, float] = {}
    for idx in order[1:]:
        label = model.intents[int(idx)]
        if probs[idx] >= WHOLE_MIN_PROB or (label in RISK_INTENTS and probs[idx] >= RISK_MIN_PROB):
            secondary.append(label)
            support[label] = float(probs[idx])
    if parts:
        part_probs = model.probabilities(vectors[1:], parts)
        for row in part_probs:
            best = int(row.argmax())
            label = model.intents[best]
            if row[best] >= SEGMENT_MIN_PROB and label not in (primary, Intent.other.value):
                if label not in secondary:
                    secondary.append(label)
                support[label] = max(support.get(label, 0.0), float(row[best]))
    secondary = [s for s in secondary if s != Intent.other.value][: MAX_SECONDARY + 1]
    scores = {model.intents[i]: round(float(p), 4) for i, p in enumerate(probs) if p >= 0.01}
    return IntentResult(
        intent=Intent(primary),
        secondary=[Intent(s) for s in secondary],
        secondary_for_risk=[
            Intent(s)
            for s in secondary
            if support.get(s, 0.0) >= (RISK_INTENT_RISK_MIN if s in RISK_INTENTS else SECONDARY_RISK_MIN)
        ],
        confidence=round(float(probs[order[0]]), 4),
        scores=scores,
    )
