"""Classification latency: p50/p95 ms per message after warm-up (target p95 <= 10 ms).

Uses the held-out messages (all 14 languages, short and long) as the workload. Language detection is
timed separately because the pipeline runs it as its own stage.
"""

from __future__ import annotations

import time

from drafter.models import Platform


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def bench_classify(settings=None, n: int = 300, *, warmup: int = 20) -> dict:
    """`drafter bench` calls this as bench_classify(settings, n=...); settings are not needed here."""
    # local: start-up time
    from drafter.classify import classify
    from drafter.classify.report import default_paths, read_heldout
    from drafter.language import detect_language

    cases = read_heldout(default_paths()[0])
    texts = [(c.text, c.language) for c in cases]
    for text, lang in texts[:warmup]:
        detect_language(text)
        classify(text, platform=Platform.amazon, language=lang)
    # local: start-up time
    from drafter.embeddings import clear_cache, embed

    classify_ms, language_ms, embed_ms = [], [], []
    for i in range(n):
        text, lang = texts[i % len(texts)]
        started = time.perf_counter()
        detect_language(text)
        language_ms.append((time.perf_counter() - started) * 1000)
        clear_cache()  # messages repeat when n > the held-out set: time the encoder, not the cache
        started = time.perf_counter()
        classify(text, platform=Platform.amazon, language=lang)
        classify_ms.append((time.perf_counter() - started) * 1000)
        clear_cache()
        started = time.perf_counter()
        embed([text])  # the sentence encoder's share of classify, for context
        embed_ms.append((time.perf_counter() - started) * 1000)
    import os

    return {
        "n": n,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "classify_p50_ms": round(_percentile(classify_ms, 0.5), 2),
        "classify_p95_ms": round(_percentile(classify_ms, 0.95), 2),
        "encoder_only_p50_ms": round(_percentile(embed_ms, 0.5), 2),
        "encoder_only_p95_ms": round(_percentile(embed_ms, 0.95), 2),
        "language_p50_ms": round(_percentile(language_ms, 0.5), 2),
        "language_p95_ms": round(_percentile(language_ms, 0.95), 2),
    }
