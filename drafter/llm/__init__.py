"""The LLM side of Drafter: prompts, the OpenAI-compatible client, circuit breaker, cost, bench.

The composer that uses it lives in drafter/compose/llm.py; nothing here is imported unless the
LLM composer (or its tests and bench) asks for it.
"""
