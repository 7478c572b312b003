"""Intent from the sentence embedding and the trained softmax head (knowledge/intents/model.npz),
blended with two nearest-seed-example votes (embeddings and character n-grams; see train.py).

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

from drafter.classify.ngrams import similarities
from drafter.classify.softmax import blend, knn_probabilities
from drafter.models import Intent

# A sentence must be this sure of its own intent to add it as secondary.
SEGMENT_MIN_PROB = 0.55
# Any intent this likely for the whole message is secondary too.
WHOLE_MIN_PROB = 0.2
MAX_SECONDARY = 2
# Returns and refunds decide escalation (AliExpress). With the nearest-example votes, a 0.1 floor for
# them raised too many routine questions to high; they use the same floor as the other intents.
RISK_INTENTS = ("return_request", "refund_request")
RISK_MIN_PROB = WHOLE_MIN_PROB
MAX_SEGMENTS = 3
_SPLIT = re.compile(r"(?<=[.!?;。！？；])\s*|\n+|\s+(?:and also|also|plus|btw|и ещё|además|außerdem|aussi|também|inoltre|poza tym|ayrıca|ook)\s+", re.IGNORECASE)
_MIN_SEGMENT_CHARS = 4


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
    ngram_index: tuple[np.ndarray, np.ndarray, np.ndarray]
    ngram_weight: float

    def probabilities(self, embeddings: np.ndarray, texts: list[str]) -> np.ndarray:
        """Rows: one per text; `embeddings` are the texts' sentence embeddings."""
        n = len(self.intents)
        logits = embeddings @ self.weights + self.bias
        emb_vote = knn_probabilities(embeddings @ self.examples.T, self.example_labels, n, self.knn_k)
        char_sims = np.stack([similarities(t, *self.ngram_index, len(self.example_labels)) for t in texts])
        char_vote = knn_probabilities(char_sims, self.example_labels, n, self.knn_k)
        return blend(logits, [(emb_vote, self.knn_weight), (char_vote, self.ngram_weight)], self.temperature)


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
            ngram_index=(data["ngram_indptr"], data["ngram_rows"], data["ngram_values"].astype(np.float32)),
            ngram_weight=float(data["ngram_weight"]),
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


def predict(model: IntentModel, text: str, parts: list[str], vectors: np.ndarray) -> IntentResult:
    """vectors: embeddings of [text, *parts] (the message, then its sentences)."""
    probs = model.probabilities(vectors[:1], [text])[0]
    order = np.argsort(-probs, kind="stable")
    primary = model.intents[int(order[0])]
    secondary: list[str] = []
    for idx in order[1:]:
        label = model.intents[int(idx)]
        if probs[idx] >= WHOLE_MIN_PROB or (label in RISK_INTENTS and probs[idx] >= RISK_MIN_PROB):
            secondary.append(label)
    if parts:
        part_probs = model.probabilities(vectors[1:], parts)
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
