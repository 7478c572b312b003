"""Prompt files: ids and versions are stored with each draft, so every file must carry both."""

from __future__ import annotations

import pytest

from drafter.config import Settings
from drafter.llm.prompts import load_prompt


@pytest.mark.parametrize("name", ["system", "draft", "repair", "classify"])
def test_every_prompt_file_has_an_id_a_version_and_renders(name):
    prompt = load_prompt(Settings().prompts_dir, name)
    assert prompt.id == f"drafter.{name}" and prompt.version
    placeholders = {
        "system": ["store_name", "platform", "language_name", "platform_rules", "tone", "language_note"],
        "draft": ["facts_json", "buyer_message", "thread", "intent", "language_name"],
        "repair": ["facts_json", "buyer_message", "violations", "previous_json", "language_name"],
        "classify": ["intents", "facts_json", "buyer_message"],
    }[name]
    rendered = prompt.render(**{p: f"<<{p}>>" for p in placeholders})
    for p in placeholders:
        assert f"<<{p}>>" in rendered
    with pytest.raises(KeyError):  # a forgotten value fails loudly instead of reaching the model
        prompt.render()


def test_system_prompt_carries_platform_rules_tone_and_language(llm_settings, compose_request):
    from drafter.compose.llm import LlmComposer

    composer = LlmComposer(llm_settings("good"))
    request = compose_request(language="es")
    request = request.model_copy(update={"store": request.store.model_copy(update={"tone": "warm, first names"})})
    system = composer._system_message(request).content
    assert "eBay" in system and "eBay's return process" in system and "No e-mail addresses" in system
    assert "Amazon" not in system  # only the buyer's platform rules
    assert "Spanish" in system and "abbreviations" in system
    assert "Tone: warm, first names" in system
