"""Bench section for `drafter bench`: Drafter's LLM mode beside a plain LangChain RAG chain, both against
the same scripted server (TCP no-delay, answers at once), on the same English messages.

The peer is what a team would write first: embed the message, take the 3 nearest FAQ entries from the
same vector store, one prompt, one ChatOpenAI call, the text out. No classification, no order lookup,
no structured output, no lint or grounding. The ratio of the two p50s is what Drafter's checks cost
around a model call that takes no time; with a real model (hundreds of ms a call) it shrinks.
"""

from __future__ import annotations

import time
from typing import Any

from drafter.config import Settings
from drafter.devtools.bench import summarize
from drafter.devtools.bench.llm import _llm, _messages
from drafter.devtools.scripted_llm import ScriptedServer
from drafter.llm.circuit import reset_breakers


def _peer_chain(base_url: str, faq_index: Any) -> Any:
    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import ChatPromptTemplate
    from langchain_core.runnables import RunnableLambda, RunnablePassthrough
    from langchain_openai import ChatOpenAI

    def context(message: Any) -> str:
        hits = faq_index.search(
            message.text, platform=message.platform.value, store_id=message.store_id, language="en"
        )
        return "\n".join(f"Q: {h.question}\nA: {h.answer}" for h in hits)

    prompt = ChatPromptTemplate.from_messages(
        [
            (
                "system",
                "You answer buyers for an online shop. Use only the context.\n<context>\n{context}\n</context>",
            ),
            ("user", "{question}"),
        ]
    )
    model = ChatOpenAI(base_url=base_url, api_key="bench", model="scripted/good", timeout=10, max_retries=0)
    return (
        {"context": RunnableLambda(context), "question": RunnableLambda(lambda m: m.text)}
        | RunnablePassthrough()
        | prompt
        | model
        | StrOutputParser()
    )


def bench_llm_peer(settings: Settings, n: int = 300) -> dict[str, Any]:
    """Target: Drafter LLM mode p50 <= 1.5x the plain chain's p50."""
    # local: start-up time
    from drafter.embeddings import clear_cache
    from drafter.wiring import build_pipeline

    drafts = min(n, 300)
    figures: dict[str, Any] = {}
    reset_breakers()
    with ScriptedServer(default_case="good") as server:
        pipeline = build_pipeline(_llm(settings, server.base_url))
        chain = _peer_chain(server.base_url, pipeline.faq_index)
        messages = _messages(settings, drafts + 10)
        for message in messages[:10]:  # warm-up both: encoder, HTTP connections
            pipeline.run(message)
            chain.invoke(message)
        drafter_ms, peer_ms, calls = [], [], []
        for message in messages[10:]:  # interleaved: both see the same machine load
            clear_cache()  # each encodes the message itself: neither gets the other's embedding
            start = time.perf_counter()
            result = pipeline.run(message)
            drafter_ms.append((time.perf_counter() - start) * 1000)
            calls.append(len(result.draft.usage.get("calls", [])))
            clear_cache()
            start = time.perf_counter()
            chain.invoke(message)
            peer_ms.append((time.perf_counter() - start) * 1000)
    figures["drafts (English, scripted server with TCP no-delay)"] = drafts
    figures["Drafter LLM mode, per draft"] = summarize(drafter_ms)
    figures["plain LangChain RAG chain, per answer"] = summarize(peer_ms)
    figures["model calls per Drafter draft (mean)"] = round(sum(calls) / len(calls), 2)
    ratio = summarize(drafter_ms)["p50_ms"] / summarize(peer_ms)["p50_ms"]
    figures["Drafter p50 / chain p50 (target <= 1.5)"] = round(ratio, 2)
    reset_breakers()
    return figures
