"""The character n-gram index: similarities for many texts at once equal plain dot products."""

from __future__ import annotations

import numpy as np

from drafter.classify.ngrams import NgramIndex, build_index, ngram_vector

EXAMPLES = [
    "Where is my order?",
    "¿Dónde está mi pedido?",
    "Где мой заказ?",
    "반품하고 싶어요",
    "Zwrot towaru proszę",
    "İade etmek istiyorum",
    "注文はいつ届きますか",
]


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    return sum(weight * b.get(bucket, 0.0) for bucket, weight in a.items())


def test_similarities_are_cosines_against_every_example():
    index = NgramIndex.from_csr(*build_index(EXAMPLES), n_rows=len(EXAMPLES))
    texts = ["where is my order", "Dónde está el pedido", "반품", "qqqq", "", "Где заказ?"]
    sims = index.similarities(texts)
    assert sims.shape == (len(texts), len(EXAMPLES)) and sims.dtype == np.float32
    expected = np.array([[_dot(ngram_vector(t), ngram_vector(e)) for e in EXAMPLES] for t in texts])
    # build_index stores weights as float16: close to the exact cosine, not equal to it.
    assert np.allclose(sims, expected, atol=2e-3)
    assert sims[0].argmax() == 0 and sims[1].argmax() == 1 and sims[2].argmax() == 3 and sims[5].argmax() == 2
    assert not sims[3].any() and not sims[4].any()  # nothing shared: zero, not an error
    assert np.array_equal(
        index.similarities(texts[:1])[0], sims[0]
    )  # a text's row does not depend on the others
    assert index.similarities([]).shape == (0, len(EXAMPLES))
