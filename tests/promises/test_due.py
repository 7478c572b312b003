"""Which commitments are promises with a time, and when they are due (knowledge/promises/rules.yaml)."""

from __future__ import annotations

from datetime import UTC, datetime

from drafter.config import REPO_ROOT
from drafter.knowledge import store_profile
from drafter.persistence.tables import DraftRow
from drafter.promises.due import due_of

KNOWLEDGE = REPO_ROOT / "knowledge"


def _row(commit: str | None, *, received: datetime, store: str = "demo-store", composer: str = "template"):
    template_id = f"en.shipping_status.in_transit.{commit}" if commit else None
    return DraftRow(
        id="d",
        store_id=store,
        platform="ebay",
        language="en",
        received_at=received,
        commitment="We check the tracking again and write to you here.",
        message={"buyer_locale": "en-US"},
        run={"draft": {"composer": composer, "template_id": template_id, "situation": "in_transit"}},
    )


def test_recheck_is_due_at_the_stores_recheck_time_and_said_in_the_buyers_zone():
    store = store_profile(KNOWLEDGE, "demo-store")  # Europe/Berlin, before 17:00
    friday_evening = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)  # 18:30 Berlin: too late for today
    due = due_of(_row("recheck", received=friday_evening), store, knowledge_dir=KNOWLEDGE)
    assert due is not None and due.at == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # Monday 17:00 Berlin
    assert due.buyer_zone == "America/New_York" and due.buyer_at.hour == 11  # 11:00 in New York
    assert due.commit_key == "recheck" and due.situation == "in_transit"


def test_open_offers_and_buyer_first_commitments_are_no_follow_ups():
    store = store_profile(KNOWLEDGE, "demo-store")
    monday = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    for commit in ("open_door", "exchange", "ask_order", "photos", "size_help"):
        assert due_of(_row(commit, received=monday), store, knowledge_dir=KNOWLEDGE) is None, commit
    llm = due_of(_row(None, received=monday, composer="llm"), store, knowledge_dir=KNOWLEDGE)
    assert llm is not None and llm.at == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # the next check


def test_an_invoice_is_due_after_its_business_days():
    store = store_profile(KNOWLEDGE, "demo-store")  # invoice_business_days: 1
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    due = due_of(_row("invoice", received=friday), store, knowledge_dir=KNOWLEDGE)
    assert due is not None and due.at == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # Monday 17:00 Berlin
