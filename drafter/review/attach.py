"""Adds `for_reviewer` to the API's draft views (the API shell calls this; the stage itself is for_reviewer.py)."""

from __future__ import annotations

import logging

from drafter.drafts.views import DraftView
from drafter.errors import DrafterError
from drafter.models import SUPPORTED_LANGUAGES, BuyerMessage
from drafter.persistence.tables import DraftRow
from drafter.pipeline import Pipeline
from drafter.review.for_reviewer import for_reviewer

log = logging.getLogger(__name__)


class UnsupportedReviewerLanguage(DrafterError):
    code = "unsupported_reviewer_language"
    status = 422


def with_reviewer_view(
    view: DraftView, row: DraftRow, pipeline: Pipeline, language: str | None = None
) -> DraftView:
    """`language`: the reviewer's own choice in the page; default the store's reviewer_language.
    A draft is never refused because its reviewer version could not be made: the field is then null."""
    if language is not None and language not in SUPPORTED_LANGUAGES:
        raise UnsupportedReviewerLanguage(
            f"drafts can be shown in {', '.join(SUPPORTED_LANGUAGES)}, not {language!r}",
            details={"supported": list(SUPPORTED_LANGUAGES)},
        )
    store = pipeline.store(row.store_id)
    try:
        view.for_reviewer = for_reviewer(
            message=BuyerMessage.model_validate(row.message),
            run=row.run,
            reply={
                "restatement": row.restatement,
                "solution": row.solution,
                "commitment": row.commitment,
                "text": row.text,
            },
            received_at=view.received_at,
            store=store,
            language=language or store.reviewer_language,
            settings=pipeline.settings,
        )
    except Exception:  # noqa: BLE001 - logged; the draft itself is still returned
        log.exception("could not build the reviewer-language view of draft %s", row.id)
    return view
