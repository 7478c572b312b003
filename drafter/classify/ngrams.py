"""Character n-gram vectors and a nearest-example vote over them.

The sentence encoder is weaker on some languages (Korean, Polish, Turkish); the words buyers use
("반품", "zwrot", "iade") still say a lot. Hashed character 2-4-grams of the normalized text, stored
as a sparse inverted index so a lookup touches only the buckets a message contains.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from drafter.text.normalize import normalize

BUCKETS = 1 << 15
_SIZES = (2, 3, 4)


def ngram_vector(text: str) -> dict[int, float]:
    """{bucket: weight}, L2-normalized; stable across processes (crc32, not hash())."""
    padded = f" {normalize(text)} "
    grams = (padded[i : i + n] for n in _SIZES for i in range(len(padded) - n + 1))
    counts = Counter(zlib.crc32(gram.encode("utf-8")) % BUCKETS for gram in grams if not gram.isspace())
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


@dataclass(frozen=True)
class NgramIndex:
    """The indexed examples' n-gram vectors as CSR over buckets (values as float64 for the sums)."""

    indptr: np.ndarray  # (BUCKETS + 1,)
    rows: np.ndarray
    values: np.ndarray
    n_rows: int

    @classmethod
    def from_csr(cls, indptr: np.ndarray, rows: np.ndarray, values: np.ndarray, n_rows: int) -> NgramIndex:
        return cls(
            indptr=indptr.astype(np.int64),
            rows=rows.astype(np.int64),
            values=values.astype(np.float64),
            n_rows=n_rows,
        )

    def similarities(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), n_rows) cosine similarities of each text to every indexed example, for all texts
        in one gather and one bincount (no Python loop over buckets)."""
        buckets: list[int] = []
        weights: list[float] = []
        owners: list[int] = []
        for owner, text in enumerate(texts):
            vector = ngram_vector(text)
            buckets.extend(vector)
            weights.extend(vector.values())
            owners.extend([owner] * len(vector))
        size = len(texts) * self.n_rows
        bucket = np.asarray(buckets, dtype=np.int64)
        starts = self.indptr[bucket]
        lengths = self.indptr[bucket + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros((len(texts), self.n_rows), dtype=np.float32)
        # Positions of every touched posting: each bucket's run starts[b] .. starts[b] + lengths[b].
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
        target = np.repeat(np.asarray(owners, dtype=np.int64) * self.n_rows, lengths) + self.rows[offsets]
        contrib = self.values[offsets] * np.repeat(np.asarray(weights, dtype=np.float64), lengths)
        sums = np.bincount(target, weights=contrib, minlength=size)
        return sums.reshape(len(texts), self.n_rows).astype(np.float32)
