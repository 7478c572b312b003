"""A reviewing day on the demo store (development, `drafter report demo-activity`): so that the SLA report,
the promises and `drafter feedback export` have real decisions to show on demo data.

Three people and the store's key work through the demo queue in a fixed pattern: approve as drafted,
approve with an edit (and say why), reject, approve and rate good, leave open. Approved replies are marked
sent by hand (the demo store has no webhook), which records their promises. Everything goes through the
same service functions as the API, so the audit trail names each actor.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from drafter.drafts import service
from drafter.errors import DrafterError
from drafter.feedback.ratings import FeedbackIn, give_feedback
from drafter.models import DraftStatus
from drafter.persistence.db import session_scope
from drafter.persistence.init import DEMO_STORE
from drafter.persistence.tables import DraftRow
from drafter.pipeline import Pipeline
from drafter.review.demo import demo_messages
from drafter.review.history import mark_sent_by_hand

AGENTS = ("user:demo-agent-1", "user:demo-agent-2", "user:demo-lead", f"key:{DEMO_STORE}")
EDIT = " We have also checked this for you today."


def _ensure_drafts(pipeline: Pipeline) -> int:
    with session_scope(pipeline.settings.resolved_database_url) as session:
        count = session.scalar(
            select(func.count()).select_from(DraftRow).where(DraftRow.store_id == DEMO_STORE)
        )
        if count:
            return 0
        outcomes = service.create_drafts(
            session, pipeline=pipeline, messages=demo_messages(pipeline), actor="demo"
        )
        return sum(1 for o in outcomes if not isinstance(o, Exception) and o[1])


def _send(session: Any, pipeline: Pipeline, row: DraftRow, actor: str) -> bool:
    try:
        mark_sent_by_hand(
            session,
            store=pipeline.store(DEMO_STORE),
            settings=pipeline.settings,
            draft_id=row.id,
            actor=actor,
        )
    except DrafterError:  # delivered by a sink or webhook in this setup: the outbox sends it
        return False
    return True


def review_demo_day(pipeline: Pipeline) -> dict[str, int]:
    counts = {"drafted": _ensure_drafts(pipeline), "approved": 0, "edited": 0, "rejected": 0, "sent": 0}
    url = pipeline.settings.resolved_database_url
    with session_scope(url) as session:
        ids = list(
            session.scalars(
                select(DraftRow.id).where(DraftRow.store_id == DEMO_STORE).order_by(DraftRow.received_at)
            )
        )
    for i, draft_id in enumerate(ids):
        actor = AGENTS[i % len(AGENTS)]
        with session_scope(url) as session:
            row = service.get_draft(session, store_id=DEMO_STORE, draft_id=draft_id)
            step = i % 5
            try:
                if row.status in service.OPEN_STATUSES and step in (0, 1, 3):
                    parts = {"solution": row.solution + EDIT} if step == 1 else None
                    row = service.approve_draft(
                        session,
                        pipeline=pipeline,
                        store_id=DEMO_STORE,
                        draft_id=draft_id,
                        actor=actor,
                        parts=parts,
                    )
                    counts["approved"] += 1
                    if step == 1:
                        counts["edited"] += 1
                        give_feedback(
                            session,
                            store_id=DEMO_STORE,
                            draft_id=draft_id,
                            actor=actor,
                            feedback=FeedbackIn(rating="needs_work", reason="added that we checked today"),
                        )
                    elif step == 3:
                        feedback = FeedbackIn(rating="good", reason=None)
                        give_feedback(
                            session, store_id=DEMO_STORE, draft_id=draft_id, actor=actor, feedback=feedback
                        )
                elif row.status in service.OPEN_STATUSES and step == 2:
                    service.reject_draft(
                        session,
                        store_id=DEMO_STORE,
                        draft_id=draft_id,
                        actor=actor,
                        reason="wrong tone for this buyer",
                    )
                    give_feedback(
                        session,
                        store_id=DEMO_STORE,
                        draft_id=draft_id,
                        actor=actor,
                        feedback=FeedbackIn(rating="wrong", reason="the buyer asked something else"),
                    )
                    counts["rejected"] += 1
            except DrafterError:  # e.g. a blocking rule on an edit: the draft stays open
                session.rollback()
                continue
            if row.status == DraftStatus.approved.value and _send(session, pipeline, row, actor):
                counts["sent"] += 1
    return counts
