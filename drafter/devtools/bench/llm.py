"""Bench section for `drafter bench`: what the LLM composer adds around the model call.

- overhead: the whole pipeline with DRAFTER_COMPOSER=llm against the scripted server answering
  instantly, minus the time inside the model call (langchain + SDK + HTTP + server). Target p95 <= 30 ms.
- fallback: the compose stage when the endpoint is down (connection refused) and when it hangs
  (accepts, never answers), circuit breaker off so every draft pays the full price; target
  p95 <= llm_timeout_s + 100 ms. And with the breaker on, once it has opened.
The scripted server is not a model: these figures say nothing about a real model's latency.
"""

from __future__ import annotations

import socket
import time
from typing import Any

from drafter.config import Settings
from drafter.devtools.bench import summarize
from drafter.devtools.scripted_llm import ScriptedServer
from drafter.knowledge import load_demo_orders
from drafter.llm.circuit import reset_breakers
from drafter.models import BuyerMessage

# English only: the scripted server writes English, so other languages would be (rightly) blocked
# by the language checks and measure the repair path instead of the normal one.
_TEXTS = (
    "Where is my order {oid}? The tracking has not changed for days.",
    "Hi, any news about order {oid}? It has not arrived yet.",
    "Can you tell me when order {oid} will be delivered?",
    "Thank you, order {oid} arrived fine!",
    "I want to cancel order {oid}, please.",
)


def _messages(settings: Settings, n: int) -> list[Any]:

    orders = load_demo_orders(settings.knowledge_dir)
    return [
        BuyerMessage(
            platform=o.platform,
            store_id=o.store_id,
            text=f"{_TEXTS[i % len(_TEXTS)].format(oid=o.order_id)} ({i})",
        )
        for i, o in ((i, orders[i % len(orders)]) for i in range(n))
    ]


def _compose_ms(result: Any) -> float:
    return next(t.ms for t in result.timings if t.stage == "compose")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _llm(settings: Settings, base_url: str, **extra: Any) -> Settings:
    values = {
        "composer": "llm",
        "llm_base_url": base_url,
        "llm_model": "scripted/good",
        "llm_api_key": "bench",
        "llm_circuit_failures": 10**9,
        **extra,
    }
    return settings.model_copy(update=values)


def bench_llm(settings: Settings, n: int = 300, timeout_s: float = 0.5) -> dict[str, Any]:
    # local: start-up time
    from drafter.wiring import build_pipeline

    n_ok = min(n, 300)
    figures: dict[str, Any] = {}
    reset_breakers()
    with ScriptedServer(default_case="good") as server:
        pipeline = build_pipeline(_llm(settings, server.base_url))
        messages = _messages(settings, n_ok + 10)
        for message in messages[:10]:  # warm-up: encoder, classifier, HTTP connection pool
            pipeline.run(message)
        total, call, overhead, composer_own, fallbacks = [], [], [], [], 0
        stages: dict[str, list[float]] = {}
        for message in messages[10:]:
            start = time.perf_counter()
            result = pipeline.run(message)
            elapsed = (time.perf_counter() - start) * 1000
            calls = sum(c["latency_ms"] for c in result.draft.usage.get("calls", []))
            total.append(elapsed)
            call.append(calls)
            overhead.append(elapsed - calls)
            composer_own.append(_compose_ms(result) - calls)
            for timing in result.timings:
                stages.setdefault(timing.stage, []).append(timing.ms)
            fallbacks += result.draft.fallback_reason is not None
        figures["drafts (instant scripted server)"] = n_ok
        figures["pipeline end to end"] = summarize(total)
        figures["model call (langchain+SDK+HTTP)"] = summarize(call)
        figures["overhead around the call, whole pipeline (target p95<=30ms)"] = summarize(overhead)
        figures["of which LLM composer (prompts, parse, lint, grounding)"] = summarize(composer_own)
        figures["drafts that fell back"] = fallbacks
        figures["stage p95 ms (compose includes the call)"] = {
            k: summarize(v)["p95_ms"] for k, v in stages.items()
        }

    # The same messages through the template composer, for comparison: what the pipeline costs
    # on this machine without any LLM path.
    template = build_pipeline(settings.model_copy(update={"composer": "template"}))
    for message in messages[:10]:
        template.run(message)
    baseline = []
    for message in messages[10:]:
        start = time.perf_counter()
        template.run(message)
        baseline.append((time.perf_counter() - start) * 1000)
    figures["pipeline end to end, template composer, same messages"] = summarize(baseline)

    n_down = min(n, 100)
    reset_breakers()
    down = build_pipeline(_llm(settings, f"http://127.0.0.1:{_closed_port()}/v1", llm_timeout_s=timeout_s))
    compose = [_compose_ms(down.run(m)) for m in _messages(settings, n_down)]
    figures[f"fallback, endpoint refused, breaker off (target p95<={timeout_s * 1000 + 100:.0f}ms)"] = (
        summarize(compose)
    )

    n_hang = min(n, 20)
    reset_breakers()
    with ScriptedServer(default_case="timeout", delay_s=timeout_s + 1.0) as hanging:
        slow = build_pipeline(
            _llm(settings, hanging.base_url, llm_model="scripted/timeout", llm_timeout_s=timeout_s)
        )
        compose = [_compose_ms(slow.run(m)) for m in _messages(settings, n_hang)]
    figures[
        f"fallback, endpoint hangs, timeout {timeout_s}s, breaker off (target p95<={timeout_s * 1000 + 100:.0f}ms)"
    ] = summarize(compose)

    reset_breakers()
    broken = build_pipeline(_llm(settings, f"http://127.0.0.1:{_closed_port()}/v1", llm_circuit_failures=5))
    compose = [_compose_ms(broken.run(m)) for m in _messages(settings, n_down)][5:]
    figures["fallback, circuit open (after 5 failures)"] = summarize(compose)
    reset_breakers()
    return figures
