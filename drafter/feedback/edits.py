"""The edit distance per part between what Drafter drafted and what the reviewer approved.

rapidfuzz is not among the project's dependencies, so difflib (stdlib) measures it: `distance` is the
number of characters in the edit script between the two texts (inserted, deleted or replaced; 0 when
untouched), `similarity` difflib's ratio (1.0 when untouched). Recorded on every approval, edited or not,
so the share of drafts sent unchanged can be counted too.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from sqlalchemy.orm import Session

from drafter.persistence.promise_tables import FeedbackRow
from drafter.persistence.tables import DraftRow

PARTS = ("restatement", "solution", "commitment")


def part_distance(before: str, after: str) -> dict[str, Any]:
    if before == after:
        return {"distance": 0, "similarity": 1.0}
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    distance = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
    return {"distance": distance, "similarity": round(matcher.ratio(), 4)}


def distances(drafted: dict[str, str], approved: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        part: part_distance(drafted.get(part) or "", approved.get(part) or "") for part in PARTS
    }
    out["edited"] = any(out[part]["distance"] for part in PARTS)
    return out


def drafted_parts(row: DraftRow) -> dict[str, str]:
    """The parts as Drafter wrote them (the run record keeps the original; the row holds the edits)."""
    draft = (row.run or {}).get("draft") or {}
    return {part: draft.get(part) or "" for part in PARTS}


def record_edits(session: Session, row: DraftRow, *, actor: str, reason: str | None = None) -> FeedbackRow:
    """Hook of approve_draft: in the approval's transaction."""
    approved = {part: getattr(row, part) or "" for part in PARTS}
    feedback = FeedbackRow(
        draft_id=row.id,
        store_id=row.store_id,
        actor=actor,
        kind="edit",
        reason=reason,
        distances=distances(drafted_parts(row), approved),
    )
    session.add(feedback)
    return feedback
