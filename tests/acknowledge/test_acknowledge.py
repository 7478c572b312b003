"""Off-hours acknowledgement end to end: POST /v1/drafts on a real app, the outbox delivering to a real
webhook receiver on 127.0.0.1, the draft's view and audit trail."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from drafter.config import Settings
from drafter.outbox.passes import run_once
from drafter.persistence.db import session_scope
from drafter.persistence.tables import OutboxRow
from tests.api.conftest import new_key

BEIJING = ZoneInfo("Asia/Shanghai")


def next_workday(after: date) -> date:
    day = after + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


# Times still ahead (an acknowledgement never promises a time already past): the next weekday's
# 23:30 Beijing time, after AliExpress's 22:00, and 10:30, inside its and the stores' working hours.
DAY = next_workday(datetime.now(BEIJING).date())
LATE = datetime.combine(DAY, time(23, 30), BEIJING)
WORKING = datetime.combine(DAY, time(10, 30), BEIJING)
ORDER = "8096574507826998"
CANCEL = f"Please cancel my order {ORDER}, I ordered the wrong size by mistake."
LEGAL = (
    f"This is fraud. My lawyer will take legal action over order {ORDER} if I do not get my money back today."
)


def post(client, settings: Settings, store_id: str, text: str, at: datetime, message_id: str) -> dict:
    headers = new_key(settings, store_id)
    body = {
        "platform": "aliexpress",
        "store_id": store_id,
        "text": text,
        "order_id": ORDER,
        "buyer_locale": "en-US",
        "received_at": at.isoformat(),
        "message_id": message_id,
    }
    res = client.post("/v1/drafts", json=body, headers=headers)
    assert res.status_code == 201, res.text
    draft = client.get(f"/v1/drafts/{res.json()['draft_id']}", headers=headers).json()
    audit = client.get(f"/v1/drafts/{draft['draft_id']}/audit", headers=headers).json()
    why = " ".join(str(a["details"].get("why", "")) for a in audit)
    return {"draft": draft, "audit": [a["action"] for a in audit], "why": why, "headers": headers}


def outbox_rows(settings: Settings, draft_id: str) -> dict[str, OutboxRow]:
    with session_scope(settings.resolved_database_url) as session:
        rows = session.scalars(select(OutboxRow).where(OutboxRow.draft_id == draft_id)).all()
        session.expunge_all()
    return {row.kind: row for row in rows}


def test_late_message_is_acknowledged_at_once_within_six_hours_and_still_queued(
    client, ack_settings, receiver
):
    got = post(client, ack_settings, "ack-on", CANCEL, LATE, "late-1")
    draft = got["draft"]
    assert draft["status"] in ("pending_review", "escalated"), draft["route_reasons"]
    assert draft["risk"] != "high"
    ack = draft["acknowledgement"]
    assert ack is not None and ack["sent_at"] is None and ack["status"] == "pending"
    promised = datetime.fromisoformat(ack["promised_by"])
    assert LATE < promised <= LATE + timedelta(hours=6)
    # Said in the buyer's zone (en-US: New York), naming the order and the hour.
    assert promised.utcoffset() == promised.astimezone(ZoneInfo("America/New_York")).utcoffset()
    assert ORDER in ack["text"] and f"{promised:%H}:00" in ack["text"] and "your time" in ack["text"]
    assert "acknowledgement_queued" in got["audit"]
    assert "outside 09:00-22:00 Beijing time" in got["why"]
    rows = outbox_rows(ack_settings, draft["draft_id"])
    assert set(rows) == {
        "acknowledgement"
    }  # the reply waits for a person; only the acknowledgement is queued

    counts = run_once(ack_settings)
    assert counts["delivered"] >= 1, counts
    delivered = receiver.accepted[f"ack-{draft['draft_id']}"]
    assert delivered["kind"] == "acknowledgement" and delivered["text"] == ack["text"]
    assert delivered["order_id"] == ORDER and delivered["promised_by"] == ack["promised_by"]
    assert all(call["signed"] for call in receiver.calls)

    after = client.get(f"/v1/drafts/{draft['draft_id']}", headers=got["headers"]).json()
    assert after["status"] == draft["status"]  # the reply itself still waits in the review queue
    assert after["acknowledgement"]["sent_at"] is not None
    trail = client.get(f"/v1/drafts/{draft['draft_id']}/audit", headers=got["headers"]).json()
    assert [a["action"] for a in trail].count("acknowledgement_sent") == 1

    # Once: further passes send nothing more for this draft.
    calls = len([c for c in receiver.calls if c["key"] == f"ack-{draft['draft_id']}"])
    run_once(ack_settings)
    assert len([c for c in receiver.calls if c["key"] == f"ack-{draft['draft_id']}"]) == calls == 1

    # Approving the draft queues the reply beside the acknowledgement; it is delivered as a reply.
    approved = client.post(f"/v1/drafts/{draft['draft_id']}/approve", headers=got["headers"])
    assert approved.status_code == 200, approved.text
    assert set(outbox_rows(ack_settings, draft["draft_id"])) == {"acknowledgement", "reply"}
    run_once(ack_settings)
    reply = receiver.accepted[f"draft-{draft['draft_id']}"]
    assert reply.get("kind", "reply") == "reply" and reply["text"] == approved.json()["draft"]["text"]
    assert client.get(f"/v1/drafts/{draft['draft_id']}", headers=got["headers"]).json()["status"] == "sent"


def test_high_risk_message_gets_none_unless_the_store_chose_it(client, ack_settings):
    plain = post(client, ack_settings, "ack-on", LEGAL, LATE, "legal-1")
    assert plain["draft"]["risk"] == "high"
    assert plain["draft"]["acknowledgement"] is None
    assert "acknowledgement_withheld" in plain["audit"] and "acknowledgement_queued" not in plain["audit"]
    assert outbox_rows(ack_settings, plain["draft"]["draft_id"]) == {}

    chosen = post(client, ack_settings, "ack-risky", LEGAL, LATE, "legal-2")
    assert chosen["draft"]["risk"] == "high"
    ack = chosen["draft"]["acknowledgement"]
    assert ack is not None and ORDER in ack["text"]
    # A high-risk message's own deadline (1 h) is what the store promises, not the 6 h limit.
    assert datetime.fromisoformat(ack["promised_by"]) <= LATE + timedelta(hours=1)


def test_store_with_acknowledgements_off_gets_none(client, ack_settings):
    got = post(client, ack_settings, "ack-off", CANCEL, LATE, "off-1")
    assert got["draft"]["status"] in ("pending_review", "escalated")
    assert got["draft"]["acknowledgement"] is None
    assert not any(a.startswith("acknowledgement") for a in got["audit"])
    assert outbox_rows(ack_settings, got["draft"]["draft_id"]) == {}


def test_in_working_hours_none_and_a_long_queue_gets_one(client, ack_settings):
    working = post(client, ack_settings, "ack-on", CANCEL, WORKING, "working-1")
    assert working["draft"]["acknowledgement"] is None
    first = post(client, ack_settings, "ack-queue", CANCEL, WORKING, "queue-1")
    assert first["draft"]["acknowledgement"] is None  # one open draft: not over the store's 1
    second = post(client, ack_settings, "ack-queue", CANCEL + " Thanks.", WORKING, "queue-2")
    ack = second["draft"]["acknowledgement"]
    assert ack is not None and "many messages" in ack["text"]
    # Working hours: the platform's in-hours limit (3 h) bounds the promise.
    assert datetime.fromisoformat(ack["promised_by"]) <= WORKING + timedelta(hours=3)


def test_a_message_brought_in_too_late_gets_none(client, ack_settings):
    """Received two nights ago, drafted now: the time it could promise has passed."""
    yesterday = datetime.combine(datetime.now(BEIJING).date() - timedelta(days=2), time(23, 30), BEIJING)
    assert yesterday + timedelta(hours=6) < datetime.now(UTC)
    got = post(client, ack_settings, "ack-on", CANCEL, yesterday, "late-old")
    assert got["draft"]["acknowledgement"] is None
    assert "acknowledgement_withheld" in got["audit"] and "has passed" in got["why"]


def test_payload_shape_matches_a_reply(ack_settings):
    """A receiver reads an acknowledgement like a reply, plus `kind` and `promised_by`."""
    with session_scope(ack_settings.resolved_database_url) as session:
        rows = session.scalars(select(OutboxRow).where(OutboxRow.kind == "acknowledgement")).all()
        assert rows
        for row in rows:
            assert row.idempotency_key == f"ack-{row.draft_id}"
            assert {"draft_id", "store_id", "platform", "message_id", "order_id", "language", "text"} <= set(
                row.payload
            )
            json.dumps(row.payload)
