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


Postings = dict[int, tuple[np.ndarray, np.ndarray]]


def postings_from_index(indptr: np.ndarray, rows: np.ndarray, values: np.ndarray) -> Postings:
    """bucket -> (rows, values), for the buckets that hold any example (built once at load)."""
    values = values.astype(np.float64)
    starts = np.flatnonzero(np.diff(indptr))
    return {int(b): (rows[indptr[b] : indptr[b + 1]], values[indptr[b] : indptr[b + 1]]) for b in starts}


def similarities(text: str, postings: Postings, n_rows: int) -> np.ndarray:
    """Cosine similarity of `text` to every indexed example: one bincount over the touched postings."""
    row_parts, value_parts = [], []
    for bucket, weight in ngram_vector(text).items():
        hit = postings.get(bucket)
        if hit is not None:
            row_parts.append(hit[0])
            value_parts.append(hit[1] * weight)
    if not row_parts:
        return np.zeros(n_rows, dtype=np.float32)
    return np.bincount(np.concatenate(row_parts), weights=np.concatenate(value_parts), minlength=n_rows).astype(
        np.float32
    )
