"""Structured-output modes: auto degrades json_schema -> json_mode -> plain at once, remembers it per
endpoint, and never spends a retry on a format the server cannot do. Real HTTP: the scripted server."""

from __future__ import annotations

import pytest

from drafter.config import Settings
from drafter.devtools.scripted_llm import ScriptedServer
from drafter.llm.client import PlainJsonParser, reset_endpoint_modes


@pytest.fixture
def server():
    reset_endpoint_modes()
    with ScriptedServer(default_case="no_json_schema") as srv:
        yield srv
    reset_endpoint_modes()


def _settings(server, **extra) -> Settings:
    values = {
        "composer": "llm",
        "llm_base_url": server.base_url,
        "llm_model": "local-model",
        "llm_api_key": "x",
        "llm_timeout_s": 5.0,
        "llm_total_budget_s": 10.0,
        "llm_backoff_s": 0.01,
        "llm_circuit_failures": 100,
    }
    return Settings(**{**values, **extra})


def test_auto_mode_falls_to_json_mode_in_the_same_attempt_and_remembers(server, compose_request):
    from drafter.compose.llm import LlmComposer

    composer = LlmComposer(_settings(server))
    first = composer.compose(compose_request())
    assert first.composer == "llm" and not first.fallback_reason
    assert server.formats == ["json_schema", "json_object"]
    assert first.usage["calls"][0]["attempts"] == 1  # no retry was spent on the refused format
    second = composer.compose(compose_request(text="Any news on my parcel?"))
    assert second.composer == "llm" and server.formats[2:] == ["json_object"]


def test_a_fixed_json_schema_mode_does_not_degrade(server, compose_request):
    from drafter.compose.llm import LlmComposer

    composer = LlmComposer(_settings(server, llm_structured_output="json_schema", llm_max_retries=0))
    draft = composer.compose(compose_request())
    assert draft.fallback_reason == "llm_server_error" and set(server.formats) == {"json_schema"}


def test_plain_mode_parses_the_json_out_of_chatter(compose_request):
    from langchain_core.messages import AIMessage

    from drafter.compose.llm import DraftParts

    parsed = PlainJsonParser(DraftParts).invoke(
        AIMessage(
            content='Sure! ```json\n{"restatement": "a", "solution": "b", '
            '"commitment": "c", "language": "en"}\n``` Hope it helps'
        )
    )
    assert parsed.solution == "b"


def test_local_profile_sizes_timeouts_for_a_cpu_model_and_explicit_values_win():
    local = Settings(llm_profile="local")
    assert local.llm_timeout_s >= 120 and local.llm_total_budget_s >= 2 * local.llm_timeout_s
    assert local.llm_structured_output == "json_mode" and local.llm_max_retries == 0
    assert Settings(llm_profile="local", llm_timeout_s=42).llm_timeout_s == 42
    assert Settings().llm_timeout_s == 10.0


def test_a_draft_without_the_language_label_is_still_read():
    """Small models often leave out `language`; Drafter never trusts it, so the draft is usable."""
    from langchain_core.messages import AIMessage

    from drafter.compose.llm import DraftParts
    from drafter.llm.client import _lenient

    raw = AIMessage(
        content='{"restatement": "You asked.", "solution": "It shipped.", "commitment": "We check."}'
    )
    assert _lenient(DraftParts, raw).solution == "It shipped."
    assert _lenient(DraftParts, AIMessage(content='{"restatement": "only one part"}')) is None
