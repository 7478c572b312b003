"""The worker's unit of work, without a broker: idempotent under redelivery and concurrent deliveries."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from drafter.config import Settings
from drafter.models import BuyerMessage, Platform
from drafter.persistence.db import session_scope
from drafter.persistence.tables import BatchItem, DraftRow, OutboxRow
from drafter.pipeline import Pipeline
from drafter.wiring import build_pipeline
from drafter.workers import batches
from drafter.workers.tasks import process_items


@pytest.fixture(scope="module")
def backend_pipeline(backend_settings: Settings) -> Pipeline:
    return build_pipeline(backend_settings)


def _messages(n: int, *, duplicates: int, tag: str) -> list[BuyerMessage]:
    texts = (
        "Where is my order? It has not arrived.",
        "Thank you, everything arrived fine!",
        "Do you ship to Norway?",
        "The charger arrived broken.",
    )
    unique = [
        BuyerMessage(
            platform="ebay", store_id="demo-store", text=f"{texts[i % 4]} ({i})", message_id=f"{tag}-{i}"
        )
        for i in range(n - duplicates)
    ]
    return unique + unique[:duplicates]  # repeats of the first messages, as a buyer's resend would be


def _drafts_per_message(settings: Settings, tag: str) -> dict[str, int]:
    with session_scope(settings.resolved_database_url) as session:
        rows = session.execute(
            select(DraftRow.message_id, func.count())
            .where(DraftRow.message_id.like(f"{tag}-%"))
            .group_by(DraftRow.message_id)
        ).all()
    return dict(rows)


def test_redelivered_and_concurrent_chunks_make_one_draft_per_message(backend_settings, backend_pipeline):
    tag = f"t{uuid.uuid4().hex[:8]}"
    messages = _messages(24, duplicates=4, tag=tag)
    with session_scope(backend_settings.resolved_database_url) as session:
        batch_id, item_ids = batches.create_batch(session, store_id="demo-store", messages=messages)
    # The same chunk delivered to two workers at once, then once more after both finished.
    with ThreadPoolExecutor(2) as pool:
        results = list(
            pool.map(lambda _: process_items(backend_settings, backend_pipeline, item_ids), range(2))
        )
    again = process_items(backend_settings, backend_pipeline, item_ids)
    assert again == {"done": 0, "duplicate": 0, "failed": 0, "skipped": len(item_ids)}
    assert sum(r["done"] for r in results) == 20  # 20 distinct message ids, each drafted once
    assert sum(r["failed"] for r in results) == 0
    per_message = _drafts_per_message(backend_settings, tag)
    assert len(per_message) == 20 and set(per_message.values()) == {1}
    with session_scope(backend_settings.resolved_database_url) as session:
        view = batches.batch_view(session, store_id="demo-store", batch_id=batch_id, limit=100)
        draft_ids = {item.draft_id for item in view.items}
        outbox = session.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.draft_id.in_(draft_ids))
        )
        auto_sent = session.scalar(
            select(func.count())
            .select_from(DraftRow)
            .where(DraftRow.id.in_(draft_ids), DraftRow.route == "auto_send")
        )
    assert view.complete and view.done == 24 and view.queued == 0
    by_id = {item.message_id: item.draft_id for item in view.items}
    assert all(item.draft_id == by_id[item.message_id] for item in view.items)  # repeats share the draft
    assert len(draft_ids) == 20
    assert outbox == auto_sent  # one outbox row per auto-sent draft, never two


def test_items_without_message_id_get_a_stable_one(backend_settings, backend_pipeline):
    message = BuyerMessage(platform="amazon", store_id="demo-store", text="Do you sell gift wrapping?")
    with session_scope(backend_settings.resolved_database_url) as session:
        batch_id, item_ids = batches.create_batch(session, store_id="demo-store", messages=[message, message])
    process_items(backend_settings, backend_pipeline, item_ids)
    process_items(backend_settings, backend_pipeline, item_ids)
    with session_scope(backend_settings.resolved_database_url) as session:
        items = session.scalars(
            select(BatchItem).where(BatchItem.batch_id == batch_id).order_by(BatchItem.seq)
        ).all()
        assert [i.message_id for i in items] == [f"batch:{batch_id}:0", f"batch:{batch_id}:1"]
        assert len({i.draft_id for i in items}) == 2  # two messages, two drafts: never merged
        assert all(i.attempts == 1 for i in items)


def test_stale_items_are_found_for_requeueing(backend_settings):
    message = BuyerMessage(
        platform="ebay", store_id="demo-store", text="Hello?", message_id=f"s-{uuid.uuid4()}"
    )
    with session_scope(backend_settings.resolved_database_url) as session:
        _, item_ids = batches.create_batch(session, store_id="demo-store", messages=[message])
    with session_scope(backend_settings.resolved_database_url) as session:
        assert item_ids[0] not in batches.stale_item_ids(session, older_than_s=60)
        assert item_ids[0] in batches.stale_item_ids(session, older_than_s=-1)


def test_an_unreachable_store_leaves_items_queued_for_a_retry(
    backend_settings, backend_pipeline, monkeypatch
):
    import httpx

    from drafter.workers.tasks import TRANSIENT

    message = BuyerMessage(
        platform="ebay", store_id="demo-store", text="Do you ship to Chile?", message_id=f"r-{uuid.uuid4()}"
    )
    with session_scope(backend_settings.resolved_database_url) as session:
        _, item_ids = batches.create_batch(session, store_id="demo-store", messages=[message])

    def refused(*_, **__):
        raise httpx.ConnectError("[Errno 111] Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(backend_pipeline.faq_index, "search_many", refused)
        with pytest.raises(TRANSIENT):
            process_items(backend_settings, backend_pipeline, item_ids)
    with session_scope(backend_settings.resolved_database_url) as session:
        assert session.get(BatchItem, item_ids[0]).status == "queued"
    assert process_items(backend_settings, backend_pipeline, item_ids)["done"] == 1  # the retry drafts it


def _chunk_with_one_bad(tag: str, n: int = 50, bad: int = 17) -> list[BuyerMessage]:
    messages = [
        BuyerMessage(
            platform="ebay",
            store_id="demo-store",
            text=f"Do you ship to Chile? ({i})",
            message_id=f"{tag}-{i}",
        )
        for i in range(n)
    ]
    # Saved before the edge refused NUL (or by another writer): model_construct skips the checks.
    messages[bad] = BuyerMessage.model_construct(**{**messages[bad].model_dump(), "order_id": "8\x00123"})
    return messages


def test_one_bad_item_fails_alone_and_the_chunk_is_drafted(backend_settings, backend_pipeline):
    tag = f"nul{uuid.uuid4().hex[:8]}"
    with session_scope(backend_settings.resolved_database_url) as session:
        batch_id, item_ids = batches.create_batch(
            session, store_id="demo-store", messages=_chunk_with_one_bad(tag)
        )
    counts = process_items(backend_settings, backend_pipeline, item_ids)
    assert counts == {"done": 49, "duplicate": 0, "failed": 1, "skipped": 0}
    with session_scope(backend_settings.resolved_database_url) as session:
        view = batches.batch_view(session, store_id="demo-store", batch_id=batch_id, limit=100)
    assert view.complete and view.done == 49 and view.failed == 1
    bad = view.items[17]
    assert bad.status == "failed" and bad.error.startswith("control_character") and "\x00" not in bad.error
    assert (
        process_items(backend_settings, backend_pipeline, item_ids)["skipped"] == 50
    )  # nothing left to retry


def test_a_value_the_database_refuses_fails_that_item_alone(backend_settings, backend_pipeline, monkeypatch):
    """Past the model's checks (here switched off), PostgreSQL refuses NUL with a DataError: the chunk is
    written again one message at a time, instead of being retried whole until it is given up."""
    if not backend_settings.resolved_database_url.startswith("postgresql"):
        pytest.skip("SQLite stores NUL; only PostgreSQL refuses it")
    from drafter.workers import tasks

    tag = f"dbnul{uuid.uuid4().hex[:8]}"
    with session_scope(backend_settings.resolved_database_url) as session:
        _, item_ids = batches.create_batch(
            session, store_id="demo-store", messages=_chunk_with_one_bad(tag, 10, bad=7)
        )

    class Unchecked:
        @staticmethod
        def model_validate(data):
            return BuyerMessage.model_construct(**{**data, "platform": Platform(data["platform"])})

    monkeypatch.setattr(tasks, "BuyerMessage", Unchecked)
    counts = process_items(backend_settings, backend_pipeline, item_ids)
    assert counts["done"] == 9 and counts["failed"] == 1
    with session_scope(backend_settings.resolved_database_url) as session:
        failed = session.scalars(
            select(BatchItem).where(BatchItem.id.in_(item_ids), BatchItem.status == "failed")
        ).all()
    assert [f.message_id for f in failed] == [f"{tag}-7"] and "DataError" in failed[0].error
