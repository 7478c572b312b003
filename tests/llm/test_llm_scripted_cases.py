"""Every scripted case, replayed from cassettes through the LLM composer.

What this proves: the wiring. Prompts reach the endpoint, the structured answer is parsed, the text
is joined by Drafter, lint and grounding judge it, the repair call is made once, and every failure
(blocked twice, malformed JSON, 429, 500) ends in a template draft with the reason recorded.
What it does not prove: the quality of any real model's drafts. The recorded answers come from
drafter.devtools.scripted_llm, which builds them from the prompt's facts block.
"""

from __future__ import annotations

import pytest

from drafter.compose import get_composer
from drafter.compose.llm_facts import llm_facts
from drafter.lint import lint_draft
from drafter.lint.grounding import check_grounding


def _clean(draft, request) -> bool:
    """Lint-clean and grounded in the facts the composer showed the model."""
    block, rendered = llm_facts(request)
    lint = lint_draft(
        draft,
        platform=request.message.platform,
        buyer_language=request.language,
        order=request.retrieval.order,
        store=request.store,
    )
    grounding = check_grounding(
        draft.text,
        order=request.retrieval.order,
        faq=request.retrieval.faq,
        store=request.store,
        message_text=request.message.text,
        allowed=[*rendered.values.values(), block["next_check"]],
    )
    return lint.ok and not grounding


def test_good_draft_is_the_models_parts_joined_by_drafter(cassette, llm_settings, compose_request):
    request = compose_request()
    with cassette("good"):
        draft = get_composer("llm", llm_settings("good")).compose(request)
    assert draft.composer == "llm" and draft.fallback_reason is None
    assert (draft.template_id, draft.template_version) == ("drafter.draft", "2")
    assert draft.text == "\n\n".join([draft.restatement, draft.solution, draft.commitment])
    assert "JJD677179516175412" in draft.solution and "USPS" in draft.solution
    assert _clean(draft, request)
    usage = draft.usage
    assert usage["input_tokens"] > 0 and usage["output_tokens"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    expected_cost = (usage["input_tokens"] * 0.00015 + usage["output_tokens"] * 0.0006) / 1000
    assert usage["cost_usd"] == pytest.approx(expected_cost)
    assert usage["prompts"] == ["drafter.system@2", "drafter.draft@2"]
    assert [c["outcome"] for c in usage["calls"]] == ["ok"]


def test_violating_draft_is_repaired_once(cassette, llm_settings, compose_request):
    request = compose_request()
    with cassette("violating_then_fixed"):
        draft = get_composer("llm", llm_settings("violating_then_fixed")).compose(request)
    assert draft.composer == "llm" and draft.fallback_reason is None
    assert draft.template_id == "drafter.repair" and draft.situation == "llm_repaired"
    assert "@" not in draft.text and _clean(draft, request)
    first, second = draft.usage["calls"]
    assert "help@demo-shop.com" in first["raw_output"]  # the blocked draft is kept for the run record
    assert first["prompt"] == "drafter.draft@2" and second["prompt"] == "drafter.repair@2"
    assert draft.usage["input_tokens"] == first["input_tokens"] + second["input_tokens"]


def test_always_violating_falls_back_to_the_template(cassette, llm_settings, compose_request):
    request = compose_request()
    with cassette("always_violating"):
        draft = get_composer("llm", llm_settings("always_violating")).compose(request)
    assert draft.composer == "template"
    reason = draft.fallback_reason or ""
    assert reason.startswith("lint_blocked_after_repair: ")
    assert "grounding.unknown-fact" in reason and "no-url" in reason  # invented tracking number, link
    assert "LP99999999999CN" not in draft.text and _clean(draft, request)
    assert len(draft.usage["calls"]) == 2 and draft.usage["total_tokens"] > 0  # the failed calls still cost


def test_malformed_json_falls_back_without_repair(cassette, llm_settings, compose_request):
    request = compose_request()
    with cassette("malformed_json"):
        draft = get_composer("llm", llm_settings("malformed_json")).compose(request)
    assert draft.composer == "template" and draft.fallback_reason == "llm_malformed_output"
    assert [c["outcome"] for c in draft.usage["calls"]] == ["malformed_output"]
    assert draft.usage["calls"][0]["raw_output"].startswith('{"restatement"')


@pytest.mark.parametrize(
    ("case", "reason"), [("rate_limited", "llm_rate_limited"), ("server_error", "llm_server_error")]
)
def test_429_and_500_are_retried_then_fall_back(case, reason, cassette, llm_settings, compose_request):
    request = compose_request()
    with cassette(case):
        draft = get_composer("llm", llm_settings(case, llm_max_retries=2)).compose(request)
    assert draft.composer == "template" and draft.fallback_reason == reason
    assert draft.usage["calls"][0]["attempts"] == 3  # first try + llm_max_retries
    assert _clean(draft, request)


def test_a_single_429_is_retried_and_the_draft_comes_from_the_model(cassette, llm_settings, compose_request):
    with cassette("flaky_429"):
        draft = get_composer("llm", llm_settings("flaky_429")).compose(compose_request())
    assert draft.composer == "llm" and draft.fallback_reason is None
    assert draft.usage["calls"][0]["attempts"] == 2


def test_draft_without_an_order_states_no_order_facts(cassette, llm_settings, compose_request):
    request = compose_request()
    request = request.model_copy(
        update={
            "retrieval": request.retrieval.model_copy(update={"order": None, "order_lookup": "not_found"})
        }
    )
    with cassette("good_no_order"):
        draft = get_composer("llm", llm_settings("good")).compose(request)
    assert draft.composer == "llm" and "order number" in draft.solution
    assert _clean(draft, request)
