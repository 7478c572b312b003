"""Idempotent ingestion under concurrent duplicates: the unique constraint (store_id, message_id) decides.

Every caller is held at a barrier after the pipeline ran and before the insert, so all of them have
already passed the "is there a draft for this message_id?" read: only the constraint can stop the
second insert, and the IntegrityError path in create_draft must hand back the winner's draft.
"""

from __future__ import annotations

import multiprocessing
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from drafter.config import Settings
from drafter.drafts import service
from drafter.knowledge import Knowledge
from drafter.models import BuyerMessage, PipelineResult, StoreProfile
from drafter.persistence import migrate
from drafter.persistence.db import get_engine, session_scope
from drafter.persistence.tables import AuditEvent, DraftRow, OutboxRow

CALLERS = 6


class HeldPipeline:
    """The real pipeline's result for the message, released to all callers at once. Store profiles come
    from the bundled knowledge, as the real pipeline's do (draft creation reads them)."""

    def __init__(self, result: PipelineResult, barrier) -> None:  # noqa: ANN001
        self.result, self.barrier = result, barrier
        self.settings = Settings()
        self.knowledge = Knowledge.from_settings(self.settings)

    def store(self, store_id: str) -> StoreProfile:
        return self.knowledge.store(store_id)

    def run(self, message: BuyerMessage, **_: object) -> PipelineResult:
        self.barrier.wait(timeout=30)
        return self.result.model_copy(update={"message": message})

    def run_many(self, messages, *, return_exceptions: bool = False, **_: object):  # noqa: ANN001, ANN201
        self.barrier.wait(timeout=30)
        return [self.result.model_copy(update={"message": m}) for m in messages]


def _message(store_id: str = "demo-store") -> BuyerMessage:
    return BuyerMessage(
        platform="ebay",
        store_id=store_id,
        text="Thank you, everything arrived fine!",
        message_id=f"m-{uuid.uuid4()}",
    )


def _create(url: str, held: HeldPipeline, message: BuyerMessage) -> tuple[str, bool]:
    with session_scope(url) as session:
        row, created = service.create_draft(session, pipeline=held, message=message, actor="test")
        return row.id, created


def _counts(url: str, message: BuyerMessage) -> tuple[int, int, int]:
    with session_scope(url) as session:
        ids = select(DraftRow.id).where(DraftRow.message_id == message.message_id).scalar_subquery()
        drafts = session.scalar(
            select(func.count()).select_from(DraftRow).where(DraftRow.message_id == message.message_id)
        )
        audits = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.draft_id.in_(ids))
        )
        outbox = session.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.draft_id.in_(ids))
        )
        return drafts, audits, outbox


@pytest.fixture
def auto_send_result(pipeline) -> PipelineResult:
    result = pipeline.run(_message())
    assert result.route.route.value == "auto_send", "the thank-you message is expected to auto-send"
    return result


def test_concurrent_duplicates_from_threads_make_one_draft(db_url, auto_send_result):
    migrate.upgrade(db_url)
    message = _message()
    held = HeldPipeline(auto_send_result, threading.Barrier(CALLERS))
    with ThreadPoolExecutor(CALLERS) as pool:
        outcomes = list(pool.map(lambda _: _create(db_url, held, message), range(CALLERS)))
    assert len({draft_id for draft_id, _ in outcomes}) == 1
    assert sorted(created for _, created in outcomes) == [False] * (CALLERS - 1) + [True]
    drafts, audits, outbox = _counts(db_url, message)
    assert drafts == 1
    assert audits == 2  # drafted + auto_approved, written once by the winner
    assert outbox == 1  # one reply queued: it cannot be sent twice


def _process_worker(url: str, result_json: str, message_json: str, barrier, out) -> None:  # noqa: ANN001
    get_engine.cache_clear()  # the parent disposed its pool before forking; the child opens its own
    held = HeldPipeline(PipelineResult.model_validate_json(result_json), barrier)
    out.put(_create(url, held, BuyerMessage.model_validate_json(message_json)))


def test_concurrent_duplicates_from_processes_make_one_draft(pg_url, auto_send_result):
    migrate.upgrade(pg_url)
    get_engine(pg_url).dispose()
    message = _message()
    # fork: the children start in milliseconds with the modules already imported (spawn takes seconds each).
    ctx = multiprocessing.get_context("fork")
    barrier, out = ctx.Barrier(CALLERS), ctx.Queue()
    procs = [
        ctx.Process(
            target=_process_worker,
            args=(pg_url, auto_send_result.model_dump_json(), message.model_dump_json(), barrier, out),
        )
        for _ in range(CALLERS)
    ]
    for proc in procs:
        proc.start()
    outcomes = [out.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
    assert all(proc.exitcode == 0 for proc in procs)
    assert len({draft_id for draft_id, _ in outcomes}) == 1
    assert sum(created for _, created in outcomes) == 1
    assert _counts(pg_url, message) == (1, 2, 1)


def test_messages_without_id_are_never_merged(db_url, auto_send_result):
    migrate.upgrade(db_url)
    message = _message().model_copy(update={"message_id": None})
    held = HeldPipeline(auto_send_result, threading.Barrier(3))
    with ThreadPoolExecutor(3) as pool:
        outcomes = list(pool.map(lambda _: _create(db_url, held, message), range(3)))
    assert len({draft_id for draft_id, _ in outcomes}) == 3
    assert all(created for _, created in outcomes)


def test_concurrent_batches_sharing_messages_make_one_draft_each(db_url, auto_send_result):
    """Worker chunks that overlap: every batch's one-shot write collides, falls back to one savepoint per
    message, and each message still ends with one draft, its audit trail and one outbox row."""
    migrate.upgrade(db_url)
    shared = [_message() for _ in range(4)]
    held = HeldPipeline(auto_send_result, threading.Barrier(3))

    def create_batch(own: BuyerMessage) -> list[tuple[str, bool]]:
        with session_scope(db_url) as session:
            outcomes = service.create_drafts(session, pipeline=held, messages=[*shared, own], actor="test")
            return [(row.id, created) for row, created in outcomes]

    own = [_message() for _ in range(3)]
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(create_batch, own))
    for i in range(len(shared)):
        assert len({result[i][0] for result in results}) == 1  # every caller got the one draft
        assert sum(result[i][1] for result in results) == 1  # and exactly one of them created it
        assert _counts(db_url, shared[i]) == (1, 2, 1)
    assert all(result[-1][1] for result in results)  # each batch's own message was drafted by it
    assert all(_counts(db_url, m) == (1, 2, 1) for m in own)
