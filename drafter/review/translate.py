"""Machine translation of the buyer's message and of the reply (as written or edited) into the reviewer's
language, through the configured LLM (drafter.llm.client). Marked as machine translation; the structured
gloss (asks, details, flags with their words) is kept beside it, and numbers that do not survive the
translation are marked like the template path's. Results are cached per text in the process."""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict

from langchain_core.messages import HumanMessage
from pydantic import BaseModel, ConfigDict

from drafter.compose.llm import language_name, untrusted
from drafter.config import Settings
from drafter.drafts.reviewer_view import ForReviewer, ReviewerDraft, ReviewerMessage
from drafter.llm.client import LlmClient
from drafter.llm.cost import UsageMeter
from drafter.llm.prompts import load_prompt
from drafter.models import Draft
from drafter.review.agreement import disagreements
from drafter.review.labels import labels

_CACHE: OrderedDict[str, ForReviewer] = OrderedDict()
_CACHE_SIZE = 1024


class Translation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    message: str
    restatement: str
    solution: str
    commitment: str


def translate(
    *,
    message_text: str,
    reply: dict[str, str],
    language: str,
    gloss: ReviewerMessage,
    settings: Settings,
    client: LlmClient | None = None,
) -> ForReviewer:
    parts = {k: reply[k] for k in ("restatement", "solution", "commitment")}
    key = hashlib.sha256(
        json.dumps([settings.llm_model, language, message_text, parts], ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    prompt = load_prompt(settings.prompts_dir, "translate")
    human = HumanMessage(
        content=prompt.render(
            language_name=language_name(language),
            buyer_message=untrusted(message_text),
            reply_json=json.dumps(parts, ensure_ascii=False),
        )
    )
    meter = UsageMeter(settings.llm_model, settings.llm_price_in_per_1k, settings.llm_price_out_per_1k)
    deadline = time.monotonic() + min(settings.llm_timeout_s, settings.llm_total_budget_s)
    out = (client or LlmClient(settings)).call(
        [human], Translation, deadline=deadline, meter=meter, prompt_ref=prompt.ref
    )
    if not isinstance(out, Translation):  # LlmClient.call answers with the schema it was given
        raise TypeError(f"expected a Translation, got {type(out).__name__}")
    text = Draft.join(out.restatement, out.solution, out.commitment)
    result = ForReviewer(
        language=language,
        method="machine_translation",
        machine_translated=True,
        message=gloss.model_copy(update={"text": out.message}),
        draft=ReviewerDraft(
            restatement=out.restatement, solution=out.solution, commitment=out.commitment, text=text
        ),
        # A translation may write a month or a small count as a word: single digits are not compared.
        disagreements=disagreements(reply["text"], text, min_digits=2),
        notes=[labels(settings.knowledge_dir, language)["notes"]["machine_translation"]],
    )
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result
