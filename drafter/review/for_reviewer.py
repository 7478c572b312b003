"""`for_reviewer` of a draft: its message and reply in the reviewer's language.

Without an LLM (the default) the reply is rendered again by the template composer in the reviewer's
language from the same situation and facts, and the message is glossed (gloss.py): exact, nothing is
translated. With an LLM configured for it, message and reply (as written or edited) are machine-translated
and marked so. Either way the numbers and dates of the two replies are compared (agreement.py).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from drafter.compose.facts import build_facts
from drafter.config import Settings
from drafter.drafts.reviewer_view import ForReviewer, ReviewerDraft
from drafter.models import BuyerMessage, Classification, Retrieval, StoreProfile
from drafter.review.agreement import disagreements
from drafter.review.gloss import gloss
from drafter.review.labels import labels
from drafter.review.render import render_reply, request_in

log = logging.getLogger(__name__)


def uses_llm(settings: Settings) -> bool:
    mode = settings.review_translation
    return mode == "llm" or (mode == "auto" and bool(settings.llm_base_url))


def for_reviewer(
    *,
    message: BuyerMessage,
    run: dict[str, Any],
    reply: dict[str, str],
    received_at: datetime,
    store: StoreProfile,
    language: str,
    settings: Settings,
) -> ForReviewer:
    """`reply`: the current restatement, solution, commitment and text (edits included)."""
    classification = Classification.model_validate(run["classification"])
    retrieval = Retrieval.model_validate(run.get("retrieval") or {})
    if uses_llm(settings):
        # local: start-up time (langchain loads only when a store reads machine translations)
        from drafter.review.translate import translate

        summary = gloss(
            message=message,
            classification=classification,
            retrieval=retrieval,
            language=language,
            knowledge_dir=settings.knowledge_dir,
        )
        try:
            return translate(
                message_text=message.text, reply=reply, language=language, gloss=summary, settings=settings
            )
        except Exception as exc:  # noqa: BLE001 - the exact rendering below is always there
            log.warning("machine translation for the reviewer failed, rendering instead: %s", exc)
    return rendered(
        message=message,
        classification=classification,
        retrieval=retrieval,
        run=run,
        reply=reply,
        received_at=received_at,
        store=store,
        language=language,
        settings=settings,
    )


def rendered(
    *,
    message: BuyerMessage,
    classification: Classification,
    retrieval: Retrieval,
    run: dict[str, Any],
    reply: dict[str, str],
    received_at: datetime,
    store: StoreProfile,
    language: str,
    settings: Settings,
) -> ForReviewer:
    kdir = settings.knowledge_dir
    request = request_in(
        language,
        message=message,
        classification=classification,
        retrieval=retrieval,
        store=store,
        received_at=received_at,
        knowledge_dir=kdir,
    )
    draft = render_reply(request, settings)
    buyer_request = request.model_copy(update={"language": classification.language, "retrieval": retrieval})
    buyer_facts = build_facts(buyer_request, knowledge_dir=kdir).values
    reviewer_facts = build_facts(request, knowledge_dir=kdir).values
    words = labels(kdir, language)["notes"]
    composed = run.get("draft") or {}
    notes = []
    if composed.get("text") and composed["text"] != reply["text"]:
        notes.append(words["edited"])
    if composed.get("composer") == "llm":
        notes.append(words["llm_draft"])
    elif composed.get("situation") and composed["situation"] != draft.situation:
        notes.append(words["other_situation"])
    return ForReviewer(
        language=language,
        method="template_and_gloss",
        message=gloss(
            message=message,
            classification=classification,
            retrieval=retrieval,
            language=language,
            knowledge_dir=kdir,
        ),
        draft=ReviewerDraft(
            restatement=draft.restatement,
            solution=draft.solution,
            commitment=draft.commitment,
            text=draft.text,
            situation=draft.situation,
            template_id=draft.template_id,
        ),
        disagreements=disagreements(reply["text"], draft.text, buyer_facts, reviewer_facts),
        notes=notes,
    )
