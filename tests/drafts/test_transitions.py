"""Compare-and-set on the draft row, in process, on SQLite and PostgreSQL: two sessions read the same
draft, the first writer wins, the second gets a 409 that says why; approval queues the stored text."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from drafter.drafts import service
from drafter.errors import DraftChanged, InvalidTransition, LintBlocked
from drafter.persistence import migrate
from drafter.persistence.db import get_sessionmaker, session_scope
from drafter.persistence.tables import AuditEvent, DraftRow, OutboxRow
from tests.backends import db_url, fresh_pg_url  # noqa: F401  (fixtures)

PARTS = ("You asked about order A-1.", "It is on its way.", "We will check again.")


@pytest.fixture
def draft(db_url):  # noqa: F811
    migrate.upgrade(db_url)
    now = datetime.now(UTC)
    draft_id = str(uuid.uuid4())
    with session_scope(db_url) as session:
        session.add(
            DraftRow(
                id=draft_id,
                store_id="s1",
                message_id=f"m-{draft_id[:8]}",
                platform="ebay",
                status="pending_review",
                route="review",
                risk="low",
                intent="shipping_status",
                language="en",
                confidence=0.9,
                order_id=None,
                received_at=now - timedelta(hours=1),
                sla_deadline=now + timedelta(hours=23),
                restatement=PARTS[0],
                solution=PARTS[1],
                commitment=PARTS[2],
                text="\n\n".join(PARTS),
                lint={"ok": True, "violations": []},
                message={"platform": "ebay", "store_id": "s1", "text": "Where is my order?", "thread": []},
                run={},
            )
        )
    return db_url, draft_id


def two_sessions(url):
    make = get_sessionmaker(url)
    return make(), make()


def approve(session, pipeline, draft_id, **kw):
    return service.approve_draft(
        session, pipeline=pipeline, store_id="s1", draft_id=draft_id, actor="t", **kw
    )


def test_every_change_bumps_the_version(draft, pipeline):
    url, draft_id = draft
    with session_scope(url) as s:
        assert s.get(DraftRow, draft_id).version == 1
        service.edit_draft(
            s, pipeline=pipeline, store_id="s1", draft_id=draft_id, parts={"solution": "It ships."}, actor="t"
        )
    with session_scope(url) as s:
        assert s.get(DraftRow, draft_id).version == 2
        approve(s, pipeline, draft_id)
    with session_scope(url) as s:
        row = s.get(DraftRow, draft_id)
        assert (row.version, row.status) == (3, "approved")


@pytest.mark.parametrize("second", ["reject", "approve", "edit"])
def test_the_second_writer_of_a_closed_draft_gets_invalid_transition(draft, pipeline, second):
    url, draft_id = draft
    a, b = two_sessions(url)
    try:
        held = (
            a.get(DraftRow, draft_id),
            b.get(DraftRow, draft_id),
        )  # both read version 1, status pending_review
        assert [r.version for r in held] == [1, 1]
        approve(a, pipeline, draft_id)
        a.commit()
        with pytest.raises(InvalidTransition):
            if second == "reject":
                service.reject_draft(b, store_id="s1", draft_id=draft_id, actor="t", reason="no")
            elif second == "approve":
                approve(b, pipeline, draft_id)
            else:
                service.edit_draft(
                    b,
                    pipeline=pipeline,
                    store_id="s1",
                    draft_id=draft_id,
                    parts={"solution": "Changed."},
                    actor="t",
                )
        b.commit()
    finally:
        a.close(), b.close()
    with session_scope(url) as s:
        assert s.get(DraftRow, draft_id).status == "approved"
        assert len(s.scalars(select(OutboxRow).where(OutboxRow.draft_id == draft_id)).all()) == 1
        assert [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.draft_id == draft_id))] == [
            "approved"
        ]


def test_approval_that_read_the_draft_before_an_edit_loses_with_draft_changed(draft, pipeline):
    url, draft_id = draft
    a, b = two_sessions(url)
    try:
        held = b.get(DraftRow, draft_id)  # the approver read the clean text (kept: the session's copy) ...
        assert held.lint["ok"]
        service.edit_draft(
            a,
            pipeline=pipeline,
            store_id="s1",
            draft_id=draft_id,
            parts={"solution": "Call +1 415 555 0100 for help."},
            actor="t",
        )
        a.commit()  # ... an edit with a phone number lands meanwhile
        with pytest.raises(DraftChanged):
            approve(b, pipeline, draft_id)
        b.commit()
    finally:
        a.close(), b.close()
    with session_scope(url) as s:
        row = s.get(DraftRow, draft_id)
        assert row.status == "pending_review" and "555" in row.text and not row.lint["ok"]
        assert s.scalars(select(OutboxRow)).all() == []
        approve_again = pytest.raises(LintBlocked)
        with approve_again:  # read afresh, the edited text is linted and refused
            approve(s, pipeline, draft_id)


def test_approval_queues_exactly_the_stored_linted_text(draft, pipeline):
    url, draft_id = draft
    with session_scope(url) as s:
        row = approve(s, pipeline, draft_id, parts={"commitment": "We will write to you here tomorrow."})
    with session_scope(url) as s:
        stored = s.get(DraftRow, draft_id)
        queued = s.scalars(select(OutboxRow).where(OutboxRow.draft_id == draft_id)).one()
        assert queued.payload["text"] == stored.text == row.text and stored.lint["ok"]
        assert stored.text.endswith("We will write to you here tomorrow.")
