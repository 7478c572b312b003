"""What the linter knows about a reply besides its text (its own module: the document, the detectors and
the engine all read it, and none of them needs the others to do so)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from drafter.config import BUNDLED_KNOWLEDGE
from drafter.models import Order


@dataclass(frozen=True)
class LintContext:
    """Known ids must not be mistaken for phone numbers; the reply's parts and the buyer's language
    decide some rules; `knowledge_dir` says whose rule packs and word lists apply."""

    buyer_language: str | None = None
    order: Order | None = None
    known_ids: tuple[str, ...] = ()
    banned_terms: tuple[str, ...] = field(default_factory=tuple)
    order_id: str | None = None  # when only the id is known (no Order): must be restated
    regions: tuple[str, ...] = ()  # extra ISO regions a national phone number could belong to
    draft_parts: tuple[str, str, str] | None = None  # restatement, solution, commitment (lint_draft)
    rules_dir: Path | None = None  # default: <knowledge_dir>/rules
    knowledge_dir: Path = BUNDLED_KNOWLEDGE

    @property
    def resolved_rules_dir(self) -> Path:
        return self.rules_dir if self.rules_dir is not None else self.knowledge_dir / "rules"
