from __future__ import annotations

import numpy as np

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
