"""Optional LLM second opinion for low-confidence classifications (off by default).

The embedded classifier stays the judge of risk, flags and confidence. The model may only change
which intent is drafted for, when the embedded classifier was unsure; the confidence is never
raised, so a model's say-so can never push a message to auto-send. A message carrying injection
text is never shown to the model for classification. Any failure keeps the embedded answer.
"""

from __future__ import annotations

import json
import time

from langchain_core.messages import HumanMessage
from pydantic import BaseModel, ConfigDict, Field

from drafter.config import Settings
from drafter.llm.client import LlmCallError, LlmClient
from drafter.llm.cost import UsageMeter
from drafter.llm.prompts import load_prompt, untrusted
from drafter.models import Classification, Intent

_SWITCH_AT = 0.7  # the model's own confidence needed before its intent replaces the embedded one


class IntentOpinion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    intent: Intent
    confidence: float = Field(ge=0.0, le=1.0)


def wanted(classification: Classification, settings: Settings) -> bool:
    return (
        settings.llm_classify_second_opinion
        and not classification.injection
        and classification.confidence < settings.llm_second_opinion_below
    )


def second_opinion(
    text: str, *, classification: Classification, settings: Settings, client: LlmClient | None = None
) -> Classification:
    if not wanted(classification, settings):
        return classification

    prompt = load_prompt(settings.prompts_dir, "classify")
    top = sorted(classification.scores.items(), key=lambda kv: -kv[1])[:3]
    facts = {"embedded_guess": classification.intent.value, "embedded_top": [k for k, _ in top]}
    message = HumanMessage(
        content=prompt.render(
            intents=", ".join(i.value for i in Intent),
            facts_json=json.dumps(facts, sort_keys=True),
            buyer_message=untrusted(text),
        )
    )
    meter = UsageMeter(settings.llm_model, settings.llm_price_in_per_1k, settings.llm_price_out_per_1k)
    deadline = time.monotonic() + min(settings.llm_timeout_s, settings.llm_total_budget_s)
    try:
        opinion = (client or LlmClient(settings)).call(
            [message], IntentOpinion, deadline=deadline, meter=meter, prompt_ref=prompt.ref
        )
    except LlmCallError:
        return classification
    if opinion.intent == classification.intent or opinion.confidence < _SWITCH_AT:
        return classification
    secondary = [classification.intent, *(i for i in classification.secondary_intents if i != opinion.intent)]
    return classification.model_copy(update={"intent": opinion.intent, "secondary_intents": secondary})
