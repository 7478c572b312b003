"""On PostgreSQL the claim really is SELECT ... FOR UPDATE SKIP LOCKED: a row another worker holds is
skipped without waiting, and the whole delivery flow runs the same as on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from drafter.outbox.passes import run_once
from drafter.outbox.worker import claim
from drafter.persistence import migrate
from drafter.persistence.db import get_sessionmaker
from drafter.persistence.tables import OutboxRow
from tests.backends import create_scratch_db, drop_scratch_db, require_pg
from tests.outbox.conftest import insert_draft
from tests.outbox.test_worker import approve, state

pytestmark = [pytest.mark.postgres, pytest.mark.integration]


@pytest.fixture
def pg_outbox(outbox_settings):
    require_pg()
    url = create_scratch_db("drafter_outbox_test")
    settings = outbox_settings.model_copy(update={"database_url": url})
    migrate.upgrade(url)
    yield settings
    drop_scratch_db(url)


def test_claim_skips_rows_locked_by_another_worker(pg_outbox, pipeline, receiver):
    ids = [insert_draft(pg_outbox) for _ in range(3)]
    for draft_id in ids:
        approve(pg_outbox, pipeline, draft_id)
    make = get_sessionmaker(pg_outbox.resolved_database_url)
    holder, worker = make(), make()
    try:
        first = holder.scalars(select(OutboxRow).order_by(OutboxRow.id).limit(1).with_for_update()).one()
        claimed = claim(worker, now=datetime.now(UTC), limit=10, lease_s=30)  # must not block
        assert sorted(c.draft_id for c in claimed) == sorted(i for i in ids if i != first.draft_id)
        holder.rollback()
        again = claim(worker, now=datetime.now(UTC), limit=10, lease_s=30)
        assert [c.draft_id for c in again] == [first.draft_id]
    finally:
        holder.close()
        worker.close()


def test_delivery_flow_on_postgres(pg_outbox, pipeline, receiver):
    ids = [insert_draft(pg_outbox) for _ in range(2)]
    for draft_id in ids:
        approve(pg_outbox, pipeline, draft_id)
    receiver.fail_with = [500]
    t0 = datetime.now(UTC)
    first = run_once(pg_outbox, now=t0)
    assert first["claimed"] == 2 and first["retry"] == 1 and first["delivered"] == 1
    from datetime import timedelta

    assert run_once(pg_outbox, now=t0 + timedelta(seconds=11))["delivered"] == 1
    for draft_id in ids:
        row, draft, actions = state(pg_outbox, draft_id)
        assert row.status == "sent" and draft.status == "sent" and actions.count("sent") == 1
    assert sorted(receiver.accepted) == sorted(f"draft-{i}" for i in ids)
