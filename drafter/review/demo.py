"""Demo messages on first start (DRAFTER_DEMO_DRAFTS, on in `make run`): a fresh install opens on a queue of
drafts in several languages instead of an empty page. Messages are data (knowledge/demo/messages.jsonl),
drafted by the real pipeline; their receipt times are set relative to now so the deadlines are live."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from drafter.drafts import service
from drafter.knowledge import read_jsonl
from drafter.models import BuyerMessage
from drafter.persistence.db import session_scope
from drafter.persistence.init import DEMO_STORE
from drafter.persistence.tables import DraftRow
from drafter.pipeline import Pipeline

log = logging.getLogger(__name__)


def demo_messages(pipeline: Pipeline, now: datetime | None = None) -> list[BuyerMessage]:
    now = now or datetime.now(UTC)
    path = pipeline.settings.knowledge_dir / "demo" / "messages.jsonl"
    return [
        BuyerMessage(
            platform=m["platform"],
            store_id=DEMO_STORE,
            text=m["text"],
            message_id=m["message_id"],
            received_at=now - timedelta(hours=m["hours_ago"]),
        )
        for m in read_jsonl(path)
    ]


def load_demo_drafts(pipeline: Pipeline) -> int:
    """Draft the demo messages once per data dir: never again after the demo store has any draft."""
    settings = pipeline.settings
    marker = settings.data_dir / ".demo-drafts-loaded"
    if not (settings.demo_drafts and settings.load_demo_data) or marker.exists():
        return 0
    with session_scope(settings.resolved_database_url) as session:
        existing = session.scalar(
            select(func.count()).select_from(DraftRow).where(DraftRow.store_id == DEMO_STORE)
        )
        created = 0
        if not existing:
            outcomes = service.create_drafts(
                session, pipeline=pipeline, messages=demo_messages(pipeline), actor="demo"
            )
            created = sum(1 for o in outcomes if not isinstance(o, Exception) and o[1])
    marker.touch()
    log.info("drafted %d demo messages for %s", created, DEMO_STORE)
    return created
