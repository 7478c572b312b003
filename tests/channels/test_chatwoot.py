"""Chatwoot round trip: signed webhooks in (documented `message_created` shape), the draft posted back as a
private note on a local fake Chatwoot API, the approved reply as a public message; our own notes, agents'
messages, repeats and forged or stale webhooks draft nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from fastapi.testclient import TestClient

from drafter.api.app import create_app
from drafter.outbox.passes import run_once
from tests.channels.conftest import AUTO_STORE, REVIEW_STORE, approve_through_api, cli
from tests.channels.fakeserver import FakeServer, Request

TOKEN, WEBHOOK_SECRET, ACCOUNT = "cw-token-8812", "cw-hook-secret-31", 7


class FakeChatwoot:
    def __init__(self) -> None:
        self.posted: list[dict] = []

    def __call__(self, req: Request) -> tuple[int, object]:
        if req.headers.get("api_access_token") != TOKEN:
            return 401, {"error": "Invalid Access Token"}
        parts = req.path.strip("/").split("/")  # api v1 accounts {id} conversations {display_id} messages
        if req.method == "POST" and parts[-1] == "messages" and parts[3] == str(ACCOUNT):
            body = req.json()
            self.posted.append({"conversation": int(parts[5]), **body})
            return 200, {
                "id": 9000 + len(self.posted),
                "content": body["content"],
                "private": body["private"],
                "message_type": 1,
            }
        if req.method == "GET" and parts[-1] == "conversations":
            return 200, {"data": {"payload": []}}
        return 404, {"error": "not found"}


def _event(message_id: int, text: str, *, conversation: int = 41, **overrides) -> dict:
    event = {
        "event": "message_created",
        "id": message_id,
        "content": text,
        "created_at": "2026-11-26 03:00:00 UTC",
        "message_type": "incoming",
        "content_type": "text",
        "private": False,
        "sender": {"id": 3, "name": "Lena", "type": "contact"},
        "conversation": {"id": 900 + conversation, "display_id": conversation, "custom_attributes": {}},
        "account": {"id": ACCOUNT, "name": "Shop"},
    }
    event.update(overrides)
    return event


def _post(client: TestClient, store: str, event: dict, *, secret: str = WEBHOOK_SECRET, age_s: int = 0):
    body = json.dumps(event).encode()
    ts = str(int(time.time()) - age_s)
    sig = "sha256=" + hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return client.post(
        f"/v1/channels/{store}/helpdesk/webhook",
        content=body,
        headers={"X-Chatwoot-Signature": sig, "X-Chatwoot-Timestamp": ts, "Content-Type": "application/json"},
    )


@pytest.fixture
def chatwoot():
    fake = FakeChatwoot()
    server = FakeServer(fake).start()
    yield fake, server
    server.stop()


def _add(store: str, server: FakeServer) -> None:
    cli(
        "channels",
        "add",
        store,
        "helpdesk",
        "--kind",
        "chatwoot",
        "--platform",
        "shopify",
        "-o",
        f"base_url={server.url}",
        "-o",
        f"account_id={ACCOUNT}",
        "-s",
        f"api_access_token={TOKEN}",
        "-s",
        f"webhook_secret={WEBHOOK_SECRET}",
    )


def test_chatwoot_draft_as_private_note_then_reply(mail_settings, chatwoot, demo_store_orders):
    fake, server = chatwoot
    _add(REVIEW_STORE, server)
    order = next(o for o in demo_store_orders if o.platform == "shopify")
    with TestClient(create_app(mail_settings)) as client:
        first = _post(
            client, REVIEW_STORE, _event(501, f"Hi! Where is my order #{order.order_id.lstrip('#')}?")
        )
        assert first.status_code == 200 and first.json()["drafted"] == 1, first.text
        (note,) = fake.posted
        assert note["private"] is True and note["conversation"] == 41 and note["message_type"] == "outgoing"

        # Chatwoot delivers the same webhook again, and echoes our note and an agent's message back.
        assert _post(client, REVIEW_STORE, _event(501, "Hi! Where is my order?")).json()["duplicate"] == 1
        echo = _event(
            502,
            note["content"],
            message_type="outgoing",
            private=True,
            sender={"id": 1, "name": "Drafter", "type": "user"},
        )
        assert _post(client, REVIEW_STORE, echo).json() == {"ignored": True}
        assert len(fake.posted) == 1

        forged = _post(client, REVIEW_STORE, _event(503, "refund me"), secret="guess")
        assert forged.status_code == 401 and forged.json()["code"] == "invalid_signature"
        stale = _post(client, REVIEW_STORE, _event(504, "hello"), age_s=3600)
        assert stale.status_code == 401
        missing = client.post(f"/v1/channels/{REVIEW_STORE}/nope/webhook", content=b"{}")
        assert missing.status_code == 404 and missing.json()["code"] == "channel_not_found"
        odd = _post(client, REVIEW_STORE, _event(505, "x", content=["not", "text"]))
        assert odd.status_code == 422 and odd.json()["code"] == "invalid_webhook_event"

    (approved,) = approve_through_api(mail_settings, REVIEW_STORE)
    assert note["content"].endswith(approved["draft"]["text"])
    assert run_once(mail_settings)["delivered"] == 1
    reply = fake.posted[-1]
    assert reply == {
        "conversation": 41,
        "content": approved["draft"]["text"],
        "message_type": "outgoing",
        "private": False,
    }


def test_chatwoot_auto_send_replies_without_a_note(mail_settings, chatwoot, demo_store_orders):
    fake, server = chatwoot
    _add(AUTO_STORE, server)
    with TestClient(create_app(mail_settings)) as client:
        res = _post(
            client,
            AUTO_STORE,
            _event(601, "Thank you so much, the dress arrived and it is perfect!", conversation=77),
        )
        assert res.json()["drafted"] == 1, res.text
    assert fake.posted == []  # auto-sent: no note for an agent to act on
    assert run_once(mail_settings)["delivered"] == 1
    assert fake.posted[0]["private"] is False and fake.posted[0]["conversation"] == 77
