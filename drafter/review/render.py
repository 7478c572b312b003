"""The reply in the reviewer's language, rendered by the template composer from the same situation and
facts as the buyer's (exact: no translation involved). The FAQ entries retrieved in the buyer's language
are swapped for the same entries in the reviewer's language, so a FAQ-based reply renders the same answer."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from drafter.compose import ComposeRequest, get_composer
from drafter.config import Settings
from drafter.knowledge import load_faq
from drafter.models import BuyerMessage, Classification, Draft, FaqEntry, FaqHit, Retrieval, StoreProfile


@lru_cache(maxsize=4)
def _faq_by_id_language(knowledge_dir: Path) -> dict[tuple[str, str], FaqEntry]:
    return {(e.id, e.language): e for e in load_faq(knowledge_dir)}


def faq_in(language: str, hits: list[FaqHit], knowledge_dir: Path) -> list[FaqHit]:
    entries = _faq_by_id_language(knowledge_dir)
    out = []
    for hit in hits:
        entry = entries.get((hit.id, language))
        out.append(
            hit
            if entry is None
            else FaqHit(
                id=entry.id,
                topic=entry.topic,
                language=entry.language,
                question=entry.question,
                answer=entry.answer,
                facts=entry.facts,
                score=hit.score,
            )
        )
    return out


def request_in(
    language: str,
    *,
    message: BuyerMessage,
    classification: Classification,
    retrieval: Retrieval,
    store: StoreProfile,
    received_at: datetime,
    knowledge_dir: Path,
) -> ComposeRequest:
    """The buyer's compose request, with the reviewer's language and FAQ entries."""
    retrieval = retrieval.model_copy(update={"faq": faq_in(language, retrieval.faq, knowledge_dir)})
    return ComposeRequest(
        message=message,
        classification=classification,
        retrieval=retrieval,
        store=store,
        language=language,
        received_at=received_at,
    )


def render_reply(request: ComposeRequest, settings: Settings) -> Draft:
    """The template composer, whatever composer the pipeline drafts with: its rendering is exact."""
    return get_composer("template", settings).compose(request)
