"""The outbox path: an approved reply delivered to the store's webhook (real receiver on 127.0.0.1) records
its promise in the same transaction that marks it sent; delivered twice, it is still one promise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from drafter.drafts import service
from drafter.outbox.draft_status import mark_sent
from drafter.outbox.passes import run_once
from drafter.persistence.db import session_scope
from drafter.persistence.promise_tables import PromiseRow
from drafter.persistence.tables import DraftRow
from tests.outbox.conftest import insert_draft, outbox_settings, receiver  # noqa: F401  (fixtures)

MONDAY_8_UTC = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_a_reply_delivered_by_the_outbox_becomes_one_promise(outbox_settings, pipeline, receiver):  # noqa: F811
    draft_id = insert_draft(
        outbox_settings, received_at=MONDAY_8_UTC, sla_deadline=MONDAY_8_UTC + timedelta(hours=24)
    )
    url = outbox_settings.resolved_database_url
    with session_scope(url) as session:
        service.approve_draft(
            session, pipeline=pipeline, store_id="hook-store", draft_id=draft_id, actor="test"
        )
    assert run_once(outbox_settings)["delivered"] == 1
    with session_scope(url) as session:
        promise = session.scalar(select(PromiseRow).where(PromiseRow.draft_id == draft_id))
        # hook-store has the default profile: UTC, recheck before 17:00, Monday to Friday.
        assert promise.due_at.replace(tzinfo=UTC) == datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
        assert promise.status == "open" and promise.promised == "We will check again."
        # The outbox marks a draft sent once; a second call changes nothing and records no second promise.
        assert not mark_sent(session, draft_id=draft_id, at=datetime.now(UTC))
        assert session.get(DraftRow, draft_id).status == "sent"
    with session_scope(url) as session:
        assert (
            session.scalar(
                select(func.count()).select_from(PromiseRow).where(PromiseRow.draft_id == draft_id)
            )
            == 1
        )
