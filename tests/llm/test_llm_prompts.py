"""Prompt files: ids and versions are stored with each draft, so every file must carry both."""

from __future__ import annotations

import pytest

from drafter.config import Settings
from drafter.llm.prompts import load_prompt

PER_STORE = [
    "store_name",
    "platform",
    "platform_rules",
    "tone",
    "language_name",
    "language_note",
    "situation",
    "must_contain",
]


@pytest.mark.parametrize("name", ["draft", "repair", "classify"])
def test_every_prompt_file_has_an_id_a_version_and_renders(name):
    prompt = load_prompt(Settings().prompts_dir, name)
    assert prompt.id == f"drafter.{name}" and prompt.version
    placeholders = {
        "draft": [*PER_STORE, "example_buyer", "example_reply", "facts_json", "buyer_message", "thread"],
        "repair": [*PER_STORE, "facts_json", "buyer_message", "violations", "previous_json"],
        "classify": ["intents", "facts_json", "buyer_message"],
    }[name]
    rendered = prompt.render(**{p: f"<<{p}>>" for p in placeholders})
    for p in placeholders:
        assert f"<<{p}>>" in rendered
    with pytest.raises(KeyError):  # a forgotten value fails loudly instead of reaching the model
        prompt.render()


def test_system_prompt_is_the_same_bytes_for_every_store_platform_and_language():
    """Prefix reuse: a caching server reads the fixed instructions once for all messages."""
    prompt = load_prompt(Settings().prompts_dir, "system")
    text = prompt.render()
    assert "$" not in text and "No links" in text and "untrusted data" in text
    assert "you" in text and "the buyer" in text  # second person, and the third person named as forbidden


def test_drafting_prompt_carries_platform_rules_tone_language_example_and_must_contain(
    llm_settings, compose_request
):
    from drafter.compose.llm import LlmComposer
    from drafter.compose.llm_facts import llm_facts

    composer = LlmComposer(llm_settings("good"))
    request = compose_request(language="es")
    request = request.model_copy(
        update={"store": request.store.model_copy(update={"tone": "warm, first names"})}
    )
    facts, rendered = llm_facts(request, knowledge_dir=composer.settings.knowledge_dir)
    prompt = composer.draft_prompt.render(**composer._common(request, facts, rendered))
    assert "eBay" in prompt and "eBay's return process" in prompt
    assert "Amazon" not in prompt  # only the buyer's platform rules
    assert "Spanish" in prompt and "abbreviations" in prompt and "lámpara de escritorio" in prompt.lower()
    assert "Tone: warm, first names" in prompt
    assert f"the order number {request.retrieval.order.order_id}" in prompt
    assert f"the tracking number {request.retrieval.order.tracking_number}" in prompt
    # The per-message part comes last: the facts and the buyer's message after everything fixed.
    assert prompt.index("Tone:") < prompt.index("<facts>") < prompt.index("<buyer_message>")
