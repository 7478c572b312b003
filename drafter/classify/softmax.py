"""Multinomial logistic regression in numpy: small, deterministic, no extra dependency."""

from __future__ import annotations

import numpy as np


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def fit_softmax(
    x: np.ndarray, y: np.ndarray, n_classes: int, *, l2: float = 1e-4, epochs: int = 600, lr: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent with Nesterov momentum from zero weights (so runs are identical).

    Class weights balance the loss so an intent with fewer examples is not drowned out.
    """
    x = x.astype(np.float64)
    n, d = x.shape
    onehot = np.eye(n_classes)[y]
    counts = onehot.sum(axis=0)
    sample_w = (n / (n_classes * np.maximum(counts, 1)))[y][:, None]
    w = np.zeros((d, n_classes))
    b = np.zeros(n_classes)
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    momentum = 0.9
    for _ in range(epochs):
        lw, lb = w + momentum * vw, b + momentum * vb
        p = softmax(x @ lw + lb)
        g = (p - onehot) * sample_w / n
        gw = x.T @ g + l2 * lw
        gb = g.sum(axis=0)
        vw = momentum * vw - lr * gw
        vb = momentum * vb - lr * gb
        w, b = w + vw, b + vb
    return w.astype(np.float32), b.astype(np.float32)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises negative log-likelihood on held-back data (grid search)."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.arange(0.05, 5.001, 0.05):
        p = softmax(logits / t)
        nll = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return round(best_t, 2)
