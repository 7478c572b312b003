"""The queue listing (per-status index ranges merged) returns exactly what one sorted query would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from drafter.devtools.bench.review import STORE, _rows
from drafter.drafts import service
from drafter.persistence import migrate
from drafter.persistence.db import session_scope


@pytest.fixture(scope="module")
def queue_db(tmp_path_factory):
    from sqlalchemy import insert

    from drafter.config import Settings
    from drafter.persistence.tables import DraftRow

    settings = Settings(data_dir=tmp_path_factory.mktemp("queue") / "var")
    settings.data_dir.mkdir(parents=True)
    migrate.upgrade(settings.resolved_database_url)
    rows = _rows(400, seed=3)
    base = datetime(2026, 11, 21, tzinfo=UTC)
    for i, row in enumerate(rows[:40]):  # ties on the deadline: the id decides
        row["sla_deadline"] = base + timedelta(hours=i % 3)
    with session_scope(settings.resolved_database_url) as session:
        session.execute(insert(DraftRow), rows)
    return settings, rows


def _expected(rows, statuses, filters, limit, offset):
    keep = [
        r
        for r in rows
        if (not statuses or r["status"] in statuses) and all(r[k] == v for k, v in filters.items())
    ]
    keep.sort(key=lambda r: (r["sla_deadline"], r["id"]))
    return [r["id"] for r in keep[offset : offset + limit]]


@pytest.mark.parametrize(
    "statuses",
    [["pending_review", "escalated"], ["escalated", "pending_review", "sent"], ["pending_review"], None],
)
@pytest.mark.parametrize("filters", [{}, {"risk": "high"}, {"platform": "ebay", "language": "en"}])
@pytest.mark.parametrize("limit,offset", [(50, 0), (7, 13), (50, 230)])
def test_listing_matches_a_full_sort(queue_db, statuses, filters, limit, offset):
    settings, rows = queue_db
    with session_scope(settings.resolved_database_url) as session:
        got = service.list_drafts(
            session, store_id=STORE, statuses=statuses, filters=filters, limit=limit, offset=offset
        )
    assert [d.draft_id for d in got] == _expected(rows, statuses, filters, limit, offset)
    assert all(d.excerpt for d in got)
