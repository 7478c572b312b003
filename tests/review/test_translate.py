"""With an LLM configured, for_reviewer is a machine translation (marked so) of the message and of the reply
as written; a failing endpoint falls back to the exact template rendering. The endpoint is the scripted
OpenAI-compatible server on 127.0.0.1 (its 'translation' marks the texts, it proves the wiring only)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from drafter.devtools.scripted_llm import ScriptedServer
from drafter.llm.circuit import reset_breakers
from drafter.models import BuyerMessage, Draft
from drafter.review.for_reviewer import for_reviewer


@pytest.fixture(scope="module")
def scripted():
    with ScriptedServer(port=0) as server:
        yield server


def _run(pipeline, text):
    message = BuyerMessage(
        platform="ebay",
        store_id="demo-store",
        text=text,
        message_id="tr-1",
        received_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
    )
    result = pipeline.run(message)
    run = result.model_dump(mode="json", exclude={"message"})
    d = result.draft
    reply = {"restatement": d.restatement, "solution": d.solution, "commitment": d.commitment, "text": d.text}
    return message, run, reply, result


def test_machine_translation_is_marked_and_keeps_the_gloss(pipeline, scripted):
    reset_breakers()
    message, run, reply, result = _run(
        pipeline, "Hola, ¿dónde está mi pedido 24-78753-27464? Voy a abrir una disputa."
    )
    reply = {**reply, "solution": reply["solution"] + " Le reembolsaremos 12,50 €."}
    reply["text"] = Draft.join(reply["restatement"], reply["solution"], reply["commitment"])
    settings = pipeline.settings.model_copy(
        update={
            "review_translation": "llm",
            "llm_base_url": scripted.base_url,
            "llm_model": "scripted/translate",
        }
    )
    fr = for_reviewer(
        message=message,
        run=run,
        reply=reply,
        received_at=result.received_at,
        store=pipeline.store("demo-store"),
        language="zh",
        settings=settings,
    )
    assert fr.method == "machine_translation" and fr.machine_translated
    assert fr.message.text == "〔译〕" + message.text
    assert fr.draft.solution == "〔译〕" + reply["solution"]  # the reply as edited, not as drafted
    assert "机器翻译" in fr.notes[0]
    assert "chargeback_claim" in {f.flag for f in fr.message.flags}
    assert fr.disagreements == []  # the scripted 'translation' keeps every number


def test_a_failing_endpoint_falls_back_to_the_exact_rendering(pipeline, scripted):
    reset_breakers()
    message, run, reply, result = _run(pipeline, "¿Dónde está mi pedido 24-78753-27464?")
    settings = pipeline.settings.model_copy(
        update={
            "review_translation": "llm",
            "llm_base_url": scripted.base_url,
            "llm_model": "scripted/server_error",
            "llm_max_retries": 0,
        }
    )
    fr = for_reviewer(
        message=message,
        run=run,
        reply=reply,
        received_at=result.received_at,
        store=pipeline.store("demo-store"),
        language="zh",
        settings=settings,
    )
    assert fr.method == "template_and_gloss" and not fr.machine_translated
    assert "24-78753-27464" in fr.draft.text
