"""Nothing in the LLM path may download at run time: tiktoken's encodings would, so it must not run."""

from __future__ import annotations

import tiktoken

from drafter.compose import get_composer


def test_composing_never_asks_tiktoken(cassette, llm_settings, compose_request, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("tiktoken was asked for an encoding (it would download one)")

    for name in ("get_encoding", "encoding_for_model"):
        monkeypatch.setattr(tiktoken, name, refuse)
    with cassette("violating_then_fixed"):  # two calls: draft and repair
        draft = get_composer("llm", llm_settings("violating_then_fixed")).compose(compose_request())
    assert draft.composer == "llm" and draft.fallback_reason is None
    assert draft.usage["input_tokens"] > 0  # tokens come from the API's usage fields
