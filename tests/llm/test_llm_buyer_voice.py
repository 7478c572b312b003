"""A restatement in the buyer's voice: the repair call is told why, and a draft still written that way
goes to review, never out. The model is a stand-in client (the vendor is the only fake); the
composer, lint, grounding and router are the real ones."""

from __future__ import annotations

from typing import Any

from drafter.compose.llm import DraftParts, LlmComposer
from drafter.lint.engine import lint_draft
from drafter.models import Draft, Retrieval, RouteName
from drafter.route import decide_route

FIRST_PERSON = "Where is my parcel? I ordered wireless headphones and I am still waiting."
THIRD_PERSON = "The buyer is asking where the wireless headphones from order 49-95566-97648 are."
SOLUTION = "Your order 49-95566-97648 has shipped with USPS; the tracking number is JJD677179516175412."
COMMITMENT = "We check the tracking again and write to you here."


class ScriptedClient:
    """Answers each call with the next parts and keeps the prompts it was sent."""

    def __init__(self, *answers: DraftParts) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []

    def call(self, messages: list[Any], schema: type, **_: Any) -> DraftParts:
        self.prompts.append(str(messages[-1].content))
        return self.answers.pop(0)


def parts(restatement: str) -> DraftParts:
    return DraftParts(restatement=restatement, solution=SOLUTION, commitment=COMMITMENT, language="en")


def test_repair_prompt_says_why_and_the_fixed_draft_is_used(llm_settings, compose_request) -> None:
    client = ScriptedClient(parts(FIRST_PERSON), parts("You asked where your wireless headphones are."))
    draft = LlmComposer(llm_settings("voice"), client=client).compose(compose_request())
    assert len(client.prompts) == 2
    repair = client.prompts[1]
    assert "voice.buyer-first-person" in repair
    assert "restate the issue to the buyer in the second person" in repair
    assert draft.composer == "llm" and draft.situation == "llm_repaired" and not draft.fallback_reason


def test_a_draft_still_in_the_buyers_voice_goes_to_review(llm_settings, compose_request) -> None:
    client = ScriptedClient(parts(THIRD_PERSON), parts(THIRD_PERSON))
    request = compose_request()
    draft = LlmComposer(llm_settings("voice"), client=client).compose(request)
    assert "voice.buyer-third-person" in client.prompts[1]
    assert draft.fallback_reason and "voice.buyer-third-person" in draft.fallback_reason
    decision = decide_route(
        classification=request.classification,
        retrieval=request.retrieval,
        lint=lint_draft(draft, platform=request.message.platform, buyer_language="en"),
        store=request.store.model_copy(update={"llm_auto_send": True}),
        draft=draft,
    )
    assert decision.route == RouteName.review and "composer_fallback" in decision.codes


def test_a_voice_violation_alone_keeps_a_draft_from_auto_sending(compose_request) -> None:
    """If such a draft reached the router (an edited reply, a future composer), lint alone refuses it."""
    request = compose_request()
    text = Draft.join(FIRST_PERSON, SOLUTION, COMMITMENT)
    reply = Draft(
        restatement=FIRST_PERSON,
        solution=SOLUTION,
        commitment=COMMITMENT,
        text=text,
        language="en",
        composer="llm",
    )
    lint = lint_draft(
        reply, platform=request.message.platform, buyer_language="en", order=request.retrieval.order
    )
    assert not lint.ok and "voice.buyer-first-person" in {v.rule_id for v in lint.violations}
    decision = decide_route(
        classification=request.classification,
        retrieval=Retrieval(order=request.retrieval.order, order_lookup="found"),
        lint=lint,
        store=request.store.model_copy(update={"llm_auto_send": True}),
        draft=reply,
    )
    assert decision.route == RouteName.review and "lint_blocked" in decision.codes
