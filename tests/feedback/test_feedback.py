"""Learning from edits: the distance per part recorded at approval, ratings stored and audited, and the
export of edited and rejected drafts as eval cases and FAQ suggestions in the shapes their importers read."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from drafter.drafts import service
from drafter.eval.cases import EvalCase
from drafter.feedback.edits import part_distance
from drafter.feedback.export import export_feedback
from drafter.feedback.ratings import FeedbackIn, give_feedback
from drafter.models import FaqEntry
from drafter.persistence.db import session_scope
from drafter.persistence.promise_tables import FeedbackRow
from drafter.persistence.tables import AuditEvent
from tests.outbox.conftest import insert_draft

PARTS = {
    "restatement": "You asked about order A-1.",
    "solution": "It is on its way.",
    "commitment": "We will check again.",
}


def test_part_distance_counts_the_characters_changed():
    assert part_distance("same", "same") == {"distance": 0, "similarity": 1.0}
    changed = part_distance("It is on its way.", "It is on its way to you.")
    assert changed["distance"] == len(" to you") and 0.5 < changed["similarity"] < 1.0
    assert part_distance("", "new text")["distance"] == len("new text")


def _draft(pipeline, store_id: str, **overrides) -> str:
    return insert_draft(pipeline.settings, store_id=store_id, run={"draft": dict(PARTS)}, **overrides)


def test_approval_records_the_edit_distance_per_part_and_a_reason_can_follow(pipeline):
    store = f"fb-{uuid.uuid4().hex[:8]}"
    draft_id = _draft(pipeline, store)
    with session_scope(pipeline.settings.resolved_database_url) as session:
        service.approve_draft(
            session,
            pipeline=pipeline,
            store_id=store,
            draft_id=draft_id,
            actor="user:7",
            parts={"solution": "It is on its way to you."},
        )
    with session_scope(pipeline.settings.resolved_database_url) as session:
        give_feedback(
            session, store_id=store, draft_id=draft_id, actor="user:7", feedback=FeedbackIn(reason="warmer")
        )
    with session_scope(pipeline.settings.resolved_database_url) as session:
        (row,) = session.scalars(select(FeedbackRow).where(FeedbackRow.draft_id == draft_id))
        assert row.kind == "edit" and row.actor == "user:7" and row.reason == "warmer"
        assert row.distances["restatement"]["distance"] == 0
        assert row.distances["commitment"]["distance"] == 0
        assert row.distances["solution"]["distance"] == len(" to you") and row.distances["edited"] is True


def test_a_rating_is_stored_and_audited(pipeline):
    store = f"fb-{uuid.uuid4().hex[:8]}"
    draft_id = _draft(pipeline, store)
    with session_scope(pipeline.settings.resolved_database_url) as session:
        out = give_feedback(
            session,
            store_id=store,
            draft_id=draft_id,
            actor="user:3",
            feedback=FeedbackIn(rating="needs_work", reason="too formal"),
        )
    assert out.rating == "needs_work"
    with session_scope(pipeline.settings.resolved_database_url) as session:
        row = session.scalar(select(FeedbackRow).where(FeedbackRow.draft_id == draft_id))
        assert (row.kind, row.rating, row.reason) == ("rating", "needs_work", "too formal")
        event = session.scalar(
            select(AuditEvent).where(AuditEvent.draft_id == draft_id, AuditEvent.action == "rated")
        )
        assert event.actor == "user:3" and event.details == {"rating": "needs_work", "reason": "too formal"}


def test_export_writes_eval_cases_and_faq_suggestions_in_their_import_shapes(pipeline, tmp_path):
    store = f"fb-{uuid.uuid4().hex[:8]}"
    url = pipeline.settings.resolved_database_url
    edited, untouched, rejected = _draft(pipeline, store), _draft(pipeline, store), _draft(pipeline, store)
    with session_scope(url) as session:
        service.approve_draft(
            session,
            pipeline=pipeline,
            store_id=store,
            draft_id=edited,
            actor="user:1",
            parts={"solution": "Your parcel left our warehouse and is with the carrier now."},
        )
        service.approve_draft(session, pipeline=pipeline, store_id=store, draft_id=untouched, actor="user:1")
        service.reject_draft(session, store_id=store, draft_id=rejected, actor="user:2", reason="wrong order")
    with session_scope(url) as session:
        result = export_feedback(session, store_id=store, out_dir=tmp_path / "out")
    assert (result.eval_cases, result.faq_suggestions) == (2, 1)
    cases = [json.loads(line) for line in (tmp_path / "out" / "eval_cases.jsonl").read_text().splitlines()]
    for case in cases:
        EvalCase.model_validate(case)  # the eval/cases shape
    tags = {case["id"]: case["tags"] for case in cases}
    assert tags[f"feedback-{edited[:8]}"] == ["feedback", "edited"]
    assert tags[f"feedback-{rejected[:8]}"] == ["feedback", "rejected"]
    by_id = {case["id"]: case for case in cases}
    assert "with the carrier now" in by_id[f"feedback-{edited[:8]}"]["expected"]["reference_reply"]
    (faq,) = [
        json.loads(line) for line in (tmp_path / "out" / "faq_suggestions.jsonl").read_text().splitlines()
    ]
    entry = FaqEntry.model_validate(faq)  # the `drafter knowledge import` shape
    assert (
        entry.store_id == store and entry.answer.startswith("Your parcel left") and entry.topic == "shipping"
    )
    notes = [json.loads(line) for line in (tmp_path / "out" / "notes.jsonl").read_text().splitlines()]
    assert {n["draft_id"]: n["why"] for n in notes}[rejected] == ["rejected"]
