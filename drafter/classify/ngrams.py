"""Character n-gram vectors and a nearest-example vote over them.

The sentence encoder is weaker on some languages (Korean, Polish, Turkish); the words buyers use
("반품", "zwrot", "iade") still say a lot. Hashed character 2-4-grams of the normalised text, stored
as a sparse inverted index so a lookup touches only the buckets a message contains.
"""

from __future__ import annotations

import zlib
from collections import Counter

import numpy as np

from drafter.classify.textnorm import normalize

BUCKETS = 1 << 15
_SIZES = (2, 3, 4)


def ngram_vector(text: str) -> dict[int, float]:
    """{bucket: weight}, L2-normalised; stable across processes (crc32, not hash())."""
    padded = f" {normalize(text)} "
    counts: Counter[int] = Counter()
    for n in _SIZES:
        for i in range(len(padded) - n + 1):
            gram = padded[i : i + n]
            if gram.strip():
                counts[zlib.crc32(gram.encode("utf-8")) % BUCKETS] += 1
    norm = float(np.sqrt(sum(c * c for c in counts.values()))) or 1.0
    return {bucket: c / norm for bucket, c in counts.items()}


def build_index(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR over buckets: indptr (BUCKETS+1,), rows (nnz,), values (nnz,)."""
    postings: dict[int, list[tuple[int, float]]] = {}
    for row, text in enumerate(texts):
        for bucket, weight in ngram_vector(text).items():
            postings.setdefault(bucket, []).append((row, weight))
    indptr = np.zeros(BUCKETS + 1, dtype=np.int32)
    rows: list[int] = []
    values: list[float] = []
    for bucket in range(BUCKETS):
        for row, weight in postings.get(bucket, ()):
            rows.append(row)
            values.append(weight)
        indptr[bucket + 1] = len(rows)
    return indptr, np.array(rows, dtype=np.int32), np.array(values, dtype=np.float16)


def similarities(text: str, indptr: np.ndarray, rows: np.ndarray, values: np.ndarray, n_rows: int) -> np.ndarray:
    """Cosine similarity of `text` to every indexed example."""
    scores = np.zeros(n_rows, dtype=np.float32)
    for bucket, weight in ngram_vector(text).items():
        start, end = indptr[bucket], indptr[bucket + 1]
        if end > start:
            scores[rows[start:end]] += weight * values[start:end].astype(np.float32)
    return scores
