"""`drafter feedback export`: what reviewers changed, as material a person accepts into the project.

Writes three JSON Lines files to a folder:
- eval_cases.jsonl: edited, rejected and badly rated drafts as eval cases (the eval/cases shape, each one
  validated as drafter.eval.cases.EvalCase): the message, the order the draft saw, the classification as
  expected values, and for an edited draft the approved reply as reference_reply. Candidates: a person
  checks the expected values and moves the good ones into eval/cases.
- faq_suggestions.jsonl: answers a reviewer rewrote substantially (solution similarity under 0.8), as
  FAQ entries in the `drafter knowledge import` shape (validated as FaqEntry), question = the buyer's
  words, answer = the approved solution. Suggestions: a person edits and imports them.
- notes.jsonl: per candidate, why it was picked (edited / rejected / rating), the distances, the reject
  reason and the reviewers' ratings and reasons.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.eval.cases import EvalCase
from drafter.models import FaqEntry
from drafter.persistence.promise_tables import FeedbackRow
from drafter.persistence.tables import DraftRow

FAQ_SIMILARITY_BELOW = 0.8
# FAQ topics (knowledge/faq) an intent's answers belong to; anything else is filed under `other`.
TOPIC_OF_INTENT = {
    "shipping_status": "shipping",
    "delivery_time": "shipping",
    "return_request": "returns",
    "refund_request": "refunds",
    "size_fit": "sizes",
    "payment_invoice": "invoices",
    "product_question": "product_care",
    "price_discount": "payment",
}


class ExportResult(BaseModel):
    out_dir: str
    eval_cases: int
    faq_suggestions: int
    drafts_seen: int


def _why(row: DraftRow, feedback: list[FeedbackRow]) -> list[str]:
    why = []
    if row.status == "rejected":
        why.append("rejected")
    if any(f.kind == "edit" and (f.distances or {}).get("edited") for f in feedback):
        why.append("edited")
    why += [
        f"rated_{f.rating}" for f in feedback if f.kind == "rating" and f.rating in ("needs_work", "wrong")
    ]
    return why


def _case(row: DraftRow, why: list[str]) -> dict[str, Any]:
    run = row.run or {}
    c = run.get("classification") or {}
    doc = {
        "id": f"feedback-{row.id[:8]}",
        "tags": ["feedback", *why],
        "message": row.message,
        "order": (run.get("retrieval") or {}).get("order"),
        "expected": {
            "intent": row.intent,
            "intent_also": c.get("secondary_intents", []),
            "risk": row.risk,
            "flags": c.get("flags", []),
            "injection": c.get("injection", False),
            "route": "review" if "rejected" in why else row.route,
            "language": row.language,
            "must_state": [row.order_id] if row.order_id and row.order_id in (row.text or "") else [],
            "must_not_state": [],
            "asks_for_order_id": False,
            "reference_reply": row.text if "edited" in why and row.status != "rejected" else None,
        },
    }
    return EvalCase.model_validate(doc).model_dump(mode="json", exclude_none=True)


def _faq(row: DraftRow, edit: FeedbackRow) -> dict[str, Any] | None:
    solution = (edit.distances or {}).get("solution") or {}
    if row.status == "rejected" or solution.get("similarity", 1.0) >= FAQ_SIMILARITY_BELOW:
        return None
    entry = FaqEntry(
        id=f"suggested-{row.id[:8]}",
        platform=row.platform,
        language=row.language,
        topic=TOPIC_OF_INTENT.get(row.intent, "other"),
        question=((row.message or {}).get("text") or "")[:2000],
        answer=row.solution,
        store_id=row.store_id,
        facts={},
    )
    return entry.model_dump(mode="json")


def export_feedback(
    session: Session, *, store_id: str, out_dir: Path, days: int = 90, now: datetime | None = None
) -> ExportResult:
    since = (now or datetime.now(UTC)) - timedelta(days=days)
    feedback: dict[str, list[FeedbackRow]] = defaultdict(list)
    for f in session.scalars(
        select(FeedbackRow).where(FeedbackRow.store_id == store_id, FeedbackRow.created_at >= since)
    ):
        feedback[f.draft_id].append(f)
    rejected = set(
        session.scalars(
            select(DraftRow.id).where(
                DraftRow.store_id == store_id, DraftRow.status == "rejected", DraftRow.received_at >= since
            )
        )
    )
    ids = sorted(set(feedback) | rejected)
    out_dir.mkdir(parents=True, exist_ok=True)
    cases = faqs = 0
    with (
        (out_dir / "eval_cases.jsonl").open("w", encoding="utf-8") as fc,
        (out_dir / "faq_suggestions.jsonl").open("w", encoding="utf-8") as ff,
        (out_dir / "notes.jsonl").open("w", encoding="utf-8") as fn,
    ):
        for draft_id in ids:
            row = session.get(DraftRow, draft_id)
            if row is None:
                continue
            items = feedback.get(draft_id, [])
            why = _why(row, items)
            if not why:
                continue
            case = _case(row, why)
            fc.write(json.dumps(case, ensure_ascii=False) + "\n")
            cases += 1
            edits = [f for f in items if f.kind == "edit"]
            faq = _faq(row, edits[-1]) if edits else None
            if faq is not None:
                ff.write(json.dumps(faq, ensure_ascii=False) + "\n")
                faqs += 1
            note = {
                "case_id": case["id"],
                "draft_id": row.id,
                "why": why,
                "reject_reason": row.reject_reason,
                "distances": edits[-1].distances if edits else None,
                "drafted": ((row.run or {}).get("draft") or {}).get("text"),
                "approved": row.text if row.status != "rejected" else None,
                "feedback": [
                    {"actor": f.actor, "kind": f.kind, "rating": f.rating, "reason": f.reason} for f in items
                ],
            }
            fn.write(json.dumps(note, ensure_ascii=False) + "\n")
    return ExportResult(out_dir=str(out_dir), eval_cases=cases, faq_suggestions=faqs, drafts_seen=len(ids))
