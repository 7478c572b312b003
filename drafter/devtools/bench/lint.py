"""Lint speed: p50/p95 milliseconds per draft over the adversarial corpus (the `drafter bench` section)."""

from __future__ import annotations

import time
from typing import Any

from drafter.config import get_settings
from drafter.lint.compiled import compiled_rules
from drafter.lint.corpus import DEFAULT_CORPUS, CorpusCase, load_corpus
from drafter.lint.packs import all_rules
from drafter.models import Platform


def _cases(rules_dir) -> list[CorpusCase]:
    if DEFAULT_CORPUS.is_file():
        return load_corpus(DEFAULT_CORPUS)
    # Installed without the tests: the packs' own examples are the corpus.
    cases = []
    for spec in all_rules(rules_dir):
        for kind, examples in spec.examples.items():
            for i, ex in enumerate(examples):
                platform = ex.platform or ("shopify" if "*" in spec.platforms else spec.platforms[0])
                cases.append(
                    CorpusCase(
                        id=f"{spec.id}-{kind}-{i}",
                        platform=Platform(platform),
                        language=ex.language or "en",
                        text=ex.full_text,
                        context={"buyer_language": ex.buyer_language} if ex.buyer_language else {},
                    )
                )
    return cases


# Inputs built to make regular expressions backtrack: linting one must still take well under a second.
PATHOLOGICAL = {
    "letters": "a" * 10_000,
    "spaced digits": "1 " * 5_000,
    "dotted digits": "1.2." * 2_500,
    "spaced dots": "a . " * 2_500,
    "at signs": "a@" * 5_000,
    "labels": "a." * 5_000,
    "brackets": "[" * 10_000,
    "review words": "leave us a review " * 560,
    "homoglyph words": "WhatsАрр " * 1_100,
}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))]


def bench_lint(settings: Any = None, n: int = 2000) -> dict[str, Any]:
    """Lint n drafts (cycling through the corpus) after one warm-up pass; figures in ms per draft."""
    if isinstance(settings, int):  # bench_lint(500)
        settings, n = None, settings

    rules_dir = (settings or get_settings()).knowledge_dir / "rules"
    cases = _cases(rules_dir)
    prepared = [(c, c.lint_context()) for c in cases]
    # local: start-up time
    from drafter.lint.engine import LintContext, lint_text

    prepared = [
        (c, LintContext(buyer_language=ctx.buyer_language, order=ctx.order, rules_dir=rules_dir))
        for c, ctx in prepared
    ]
    compiled_rules.cache_clear()
    start = time.perf_counter()
    for case, ctx in prepared:  # warm-up: compiles every platform's pack once
        lint_text(case.text, platform=case.platform, language=case.language, context=ctx)
    first_pass_s = time.perf_counter() - start
    timings: list[float] = []
    cpu: list[float] = []
    for i in range(n):
        case, ctx = prepared[i % len(prepared)]
        c0, t0 = time.thread_time(), time.perf_counter()
        lint_text(case.text, platform=case.platform, language=case.language, context=ctx)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    worst_name, worst_ms = "", 0.0
    for name, text in PATHOLOGICAL.items():
        t0 = time.perf_counter()
        lint_text(
            text[:10_000],
            platform=Platform.amazon,
            context=LintContext(buyer_language="en", rules_dir=rules_dir),
        )
        ms = (time.perf_counter() - t0) * 1000
        if ms > worst_ms:
            worst_name, worst_ms = name, ms
    return {
        "drafts": n,
        "corpus_cases": len(cases),
        "p50_ms": round(_percentile(timings, 50), 3),
        "p95_ms": round(_percentile(timings, 95), 3),
        "max_ms": round(max(timings), 3),
        # CPU time of the lint itself: on a busy shared machine wall time also counts waiting for a core.
        "cpu_p50_ms": round(_percentile(cpu, 50), 3),
        "cpu_p95_ms": round(_percentile(cpu, 95), 3),
        "first_pass_incl_compile_s": round(first_pass_s, 3),
        "pathological_10k_worst_ms": round(worst_ms, 1),
        "pathological_10k_worst_input": worst_name,
    }
