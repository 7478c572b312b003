"""The optional LLM second opinion on low-confidence classifications (scripted: classify).

Proves the wiring (prompt, schema, when it is asked, how its answer is used), not a model's skill.
"""

from __future__ import annotations

from drafter.llm.second_opinion import second_opinion
from drafter.models import Classification, Intent, Risk

TEXT = "hello?? the parcel, nothing yet, 3 weeks"


def _unsure(**kw) -> Classification:
    values = dict(
        language="en",
        intent=Intent.other,
        confidence=0.35,
        risk=Risk.low,
        scores={"other": 0.35, "shipping_status": 0.3, "thanks": 0.1},
    )
    values.update(kw)
    return Classification(**values)


def test_an_unsure_intent_is_replaced_but_confidence_never_rises(cassette, llm_settings):
    settings = llm_settings("classify", llm_classify_second_opinion=True)
    with cassette("classify_second_opinion"):
        result = second_opinion(TEXT, classification=_unsure(), settings=settings)
    assert result.intent == Intent.shipping_status
    assert result.secondary_intents[0] == Intent.other
    assert result.confidence == 0.35 and result.risk == Risk.low


def test_not_asked_when_off_confident_or_injected(llm_settings):
    # No cassette and no server: if any of these made a call, it would fail and... still return the
    # input unchanged, so check that the client was never built instead.
    import drafter.llm.second_opinion as module

    built = []
    original = module.LlmClient
    module.LlmClient = lambda settings: built.append(settings) or original(settings)
    try:
        off = llm_settings("classify")
        on = llm_settings("classify", llm_classify_second_opinion=True)
        assert second_opinion(TEXT, classification=_unsure(), settings=off) == _unsure()
        assert (
            second_opinion(TEXT, classification=_unsure(confidence=0.9), settings=on).intent == Intent.other
        )
        assert (
            second_opinion(TEXT, classification=_unsure(injection=True), settings=on).intent == Intent.other
        )
    finally:
        module.LlmClient = original
    assert built == []


def test_a_failing_endpoint_keeps_the_embedded_answer(llm_settings):
    settings = llm_settings(
        "classify", llm_classify_second_opinion=True, llm_base_url="http://127.0.0.1:9/v1"
    )
    assert second_opinion(TEXT, classification=_unsure(), settings=settings) == _unsure()
