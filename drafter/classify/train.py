"""`drafter train`: fit the intent classifier on the seed set and write knowledge/intents/model.npz.

Deterministic: the seed order is fixed, weights start at zero, and the calibration split is every
5th example of each intent. Temperature scaling is fitted on that split (never on the held-out
evaluation set), then the final weights are refitted on all examples with that temperature kept.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from drafter.classify.flags import load_rules
from drafter.classify.ngrams import NgramIndex, build_index
from drafter.classify.softmax import blend, fit_softmax, fit_temperature, knn_probabilities, sharpen
from drafter.models import Intent
from drafter.text.seed import Example, load_seed

INTENTS: tuple[str, ...] = tuple(i.value for i in Intent)
CALIBRATION_EVERY = 5
# The softmax head is blended with two k-nearest-seed-examples votes, one on sentence embeddings and
# one on character n-grams. 5-fold cross-validation on the seed set: softmax alone 0.922,
# + embedding vote (0.5) 0.941, + both votes (0.3 + 0.3) 0.952; the gain is largest in the
# languages the encoder handles worst (ko, pl, tr).
KNN_K = 5
KNN_WEIGHT = 0.3
NGRAM_WEIGHT = 0.3


def quantize(vectors: np.ndarray) -> np.ndarray:
    """L2-normalized float vectors as int8 (x127): a quarter of the size, cosine error < 0.01."""
    return np.round(np.clip(vectors, -1, 1) * 127).astype(np.int8)


def seed_digest(knowledge_dir: Path) -> str:
    """Hash of every text the model is built from (seed examples, flag exemplars), to detect a stale artifact."""
    digest = hashlib.sha256()
    for ex in load_seed(knowledge_dir / "intents" / "seed"):
        digest.update(f"{ex.label}|{ex.language}|{ex.text}\n".encode())
    for flag, text in flag_exemplars(knowledge_dir):
        digest.update(f"{flag}|{text}\n".encode())
    return digest.hexdigest()[:16]


def flag_exemplars(knowledge_dir: Path) -> list[tuple[str, str]]:
    rules = load_rules(knowledge_dir / "risk")
    return [(flag.value, text) for flag, rows in rules.exemplars.items() for _, text in rows]


def calibration_split(examples: list[Example]) -> tuple[list[int], list[int]]:
    fit_idx: list[int] = []
    cal_idx: list[int] = []
    seen: dict[str, int] = {}
    for i, ex in enumerate(examples):
        k = seen.get(ex.label, 0)
        seen[ex.label] = k + 1
        (cal_idx if k % CALIBRATION_EVERY == CALIBRATION_EVERY - 1 else fit_idx).append(i)
    return fit_idx, cal_idx


def embed_texts(texts: list[str]) -> np.ndarray:
    # local: start-up time (the encoder)
    from drafter.embeddings import embed

    chunks = [embed(texts[i : i + 64]) for i in range(0, len(texts), 64)]
    return np.concatenate(chunks) if chunks else np.zeros((0, 512), dtype=np.float32)


def train(knowledge_dir: Path) -> dict:
    """Fit, calibrate and return the artifact arrays plus a few training figures."""
    examples = load_seed(knowledge_dir / "intents" / "seed")
    arrays = fit_examples(examples, flag_exemplars(knowledge_dir))
    arrays["seed_digest"] = np.array(seed_digest(knowledge_dir))
    return arrays


def fit_examples(examples: list[Example], exemplars: list[tuple[str, str]]) -> dict:
    x = embed_texts([ex.text for ex in examples])
    y = np.array([INTENTS.index(ex.label) for ex in examples])
    fit_idx, cal_idx = calibration_split(examples)
    w, b = fit_softmax(x[fit_idx], y[fit_idx], len(INTENTS))
    cal_logits = x[cal_idx] @ w + b
    votes = _votes(examples, x, y, fit_idx, cal_idx)
    temperature = fit_temperature(cal_logits, y[cal_idx], votes)
    # A second temperature on the blended probabilities (fit_power) would make the model much surer
    # on this split (power 2.5), but the split is the seed's own wording: on new wording that turned
    # into confident mistakes (more unsafe auto-sends in the end-to-end eval). The blend stays as
    # calibrated on the softmax temperature alone, which errs on the side of review.
    blended = blend(cal_logits, votes, temperature)
    power = 1.0
    cal_probs = sharpen(blended, power)
    cal_pred = cal_probs.argmax(axis=1)
    cal_accuracy = float((cal_pred == y[cal_idx]).mean())
    cal_confident = cal_probs.max(axis=1) >= 0.8
    w, b = fit_softmax(x, y, len(INTENTS))
    train_accuracy = float(((x @ w + b).argmax(axis=1) == y).mean())
    indptr, rows, values = build_index([ex.text for ex in examples])
    return {
        "ngram_indptr": indptr,
        "ngram_rows": rows,
        "ngram_values": values,
        "ngram_weight": np.float32(NGRAM_WEIGHT),
        "flag_vectors": embed_texts([text for _, text in exemplars]).astype(np.float16),
        "flag_labels": np.array([flag for flag, _ in exemplars]),
        "flag_texts": np.array([text for _, text in exemplars]),
        "weights": w,
        "example_vectors": quantize(x),
        "example_labels": y.astype(np.int8),
        "knn_k": np.int32(KNN_K),
        "knn_weight": np.float32(KNN_WEIGHT),
        "bias": b,
        "temperature": np.float32(temperature),
        "power": np.float32(power),
        "calibration_share_confident": np.float32(cal_confident.mean()),
        "calibration_accuracy_confident": np.float32((cal_pred == y[cal_idx])[cal_confident].mean()),
        "intents": np.array(INTENTS),
        "n_examples": np.int32(len(examples)),
        "calibration_accuracy": np.float32(cal_accuracy),
        "train_accuracy": np.float32(train_accuracy),
    }


def _votes(examples: list[Example], x: np.ndarray, y: np.ndarray, fit_idx: list[int], cal_idx: list[int]):
    """Nearest-example votes for the calibration rows, from the fitting rows only."""
    n = len(INTENTS)
    emb = knn_probabilities(x[cal_idx] @ x[fit_idx].T, y[fit_idx], n, KNN_K)
    index = NgramIndex.from_csr(*build_index([examples[i].text for i in fit_idx]), n_rows=len(fit_idx))
    char_sims = index.similarities([examples[i].text for i in cal_idx])
    char = knn_probabilities(char_sims, y[fit_idx], n, KNN_K)
    return [(emb, KNN_WEIGHT), (char, NGRAM_WEIGHT)]


def write_artifact(arrays: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(fh, **arrays)


def model_path(knowledge_dir: Path) -> Path:
    return knowledge_dir / "intents" / "model.npz"
