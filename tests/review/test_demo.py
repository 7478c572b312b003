"""Demo messages on first start: drafted once, in several languages, only when asked for."""

from __future__ import annotations

from sqlalchemy import func, select

from drafter.config import Settings
from drafter.persistence.db import session_scope
from drafter.persistence.tables import DraftRow
from drafter.review.demo import load_demo_drafts
from drafter.wiring import build_pipeline


def test_demo_drafts_load_once_in_several_languages(tmp_path):
    off = build_pipeline(Settings(data_dir=tmp_path / "off"))
    assert load_demo_drafts(off) == 0
    pipeline = build_pipeline(Settings(data_dir=tmp_path / "on", demo_drafts=True))
    created = load_demo_drafts(pipeline)
    assert created >= 12
    with session_scope(pipeline.settings.resolved_database_url) as session:
        languages = set(session.scalars(select(DraftRow.language)))
        open_drafts = session.scalar(
            select(func.count())
            .select_from(DraftRow)
            .where(DraftRow.status.in_(["pending_review", "escalated"]))
        )
    assert len(languages) >= 8, languages
    assert open_drafts >= 8
    assert load_demo_drafts(pipeline) == 0  # a second start adds nothing
