"""The kit as the review page shows it: every text with its lint result, its approval state and, for
texts in another language than the reviewer's, the same text in the reviewer's language.

That counterpart is the kit's own text for the same slot (welcome, off-hours, the same keyword topic)
rendered from the same store facts in the reviewer's language: exact, nothing machine-translated, the
way drafter/review/for_reviewer.py renders a reply again for the reviewer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from drafter.autoreply.kit import AutoReplyKit, ReviewerText, build_kit
from drafter.models import StoreProfile


def add_reviewer_texts(
    kit: AutoReplyKit, *, knowledge_dir: Path, store: StoreProfile, language: str, today: date | None = None
) -> AutoReplyKit:
    """Fill `for_reviewer` of each text not already in `language` (left empty where the platform's kit
    has no texts in that language)."""
    if language in kit.languages:
        own = kit
    else:
        try:
            own = build_kit(
                knowledge_dir=knowledge_dir,
                store=store,
                platform=kit.platform,
                languages=[language],
                today=today,
            )
        except KeyError:
            return kit
    slots = {(t.kind, t.topic): t.text for t in own.texts if t.language == language}
    for text in kit.texts:
        counterpart = slots.get((text.kind, text.topic))
        if text.language != language and counterpart is not None:
            text.for_reviewer = ReviewerText(language=language, text=counterpart)
    return kit
