"""eBay round trip against a local fake of the Commerce Message API and eBay's OAuth token endpoint,
answering in the documented shapes (see drafter/channels/ebay.py): poll drafts a buyer's message with its
order, approval sends the reply into the same conversation with a refreshed user token, a 429 is retried
by the outbox, and polling again drafts nothing new."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from drafter.outbox.passes import run_once
from drafter.persistence.db import session_scope
from drafter.persistence.tables import DraftRow
from tests.channels.conftest import REVIEW_STORE, approve_through_api, cli
from tests.channels.fakeserver import FakeServer, Request

CLIENT_ID, CLIENT_SECRET, REFRESH = "app-id-1", "app-secret-2", "v^1.1#refresh-3"
SELLER = "trendy_seller"


class FakeEbay:
    def __init__(self) -> None:
        self.tokens: set[str] = set()
        self.issued = 0
        self.conversations: dict[str, dict] = {}
        self.throttle_sends = 0
        self.sent: list[dict] = []
        self.marked_read: list[str] = []

    def add_buyer_message(
        self,
        conversation_id: str,
        buyer: str,
        text: str,
        *,
        order_id: str | None = None,
        at: datetime | None = None,
    ) -> None:
        conv = self.conversations.setdefault(
            conversation_id,
            {
                "conversationId": conversation_id,
                "conversationStatus": "UNREAD",
                "conversationType": "FROM_MEMBERS",
                "conversationTitle": "Question",
                "createdDate": _iso(at or datetime.now(UTC)),
                "referenceId": order_id,
                "referenceType": "ORDER" if order_id else None,
                "messages": [],
            },
        )
        n = sum(len(c["messages"]) for c in self.conversations.values())
        conv["messages"].append(
            {
                "messageId": f"m{n + 1}",
                "messageBody": text,
                "senderUsername": buyer,
                "recipientUsername": SELLER,
                "createdDate": _iso(at or datetime.now(UTC)),
                "readStatus": False,
            }
        )

    def __call__(self, req: Request) -> tuple[int, object]:
        if req.path == "/identity/v1/oauth2/token":
            basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            form = req.form()
            if (
                req.headers.get("authorization") != f"Basic {basic}"
                or form.get("refresh_token") != REFRESH
                or form.get("grant_type") != "refresh_token"
            ):
                return 401, {"error": "invalid_grant"}
            self.issued += 1
            token = f"user-token-{self.issued}"
            self.tokens.add(token)
            return 200, {"access_token": token, "expires_in": 7200, "token_type": "User Access Token"}
        if req.headers.get("authorization", "").removeprefix("Bearer ") not in self.tokens:
            return 401, {"errors": [{"errorId": 1001, "message": "Invalid access token"}]}
        if req.method == "GET" and req.path == "/commerce/message/v1/conversation":
            assert req.query["conversation_type"] == "FROM_MEMBERS"
            since = req.query.get("start_time", "")
            convs = [
                {k: v for k, v in c.items() if k != "messages"}
                for c in self.conversations.values()
                if any(m["createdDate"] >= since for m in c["messages"])
            ]
            return 200, {"conversations": convs, "total": len(convs), "limit": 50, "offset": 0}
        if req.method == "GET" and req.path.startswith("/commerce/message/v1/conversation/"):
            conv = self.conversations[req.path.rsplit("/", 1)[1]]
            return 200, {**{k: v for k, v in conv.items() if k != "messages"}, "messages": conv["messages"]}
        if req.method == "POST" and req.path == "/commerce/message/v1/send_message":
            if self.throttle_sends:
                self.throttle_sends -= 1
                return 429, {"errors": [{"errorId": 2001, "message": "Too many requests"}]}
            body = req.json()
            conv = self.conversations[body["conversationId"]]
            message = {
                "messageId": f"s{len(self.sent) + 1}",
                "messageBody": body["messageText"],
                "senderUsername": SELLER,
                "createdDate": _iso(datetime.now(UTC)),
            }
            conv["messages"].append(message)
            self.sent.append(body)
            return 200, message
        if req.method == "POST" and req.path == "/commerce/message/v1/update_conversation":
            self.marked_read.append(req.json()["conversationId"])
            return 204, None
        return 404, {"errors": [{"message": f"no route {req.method} {req.path}"}]}


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.fixture
def ebay():
    fake = FakeEbay()
    server = FakeServer(fake).start()
    yield fake, server
    server.stop()


def _add(server: FakeServer) -> dict:
    (row,) = cli(
        "channels",
        "add",
        REVIEW_STORE,
        "ebay-main",
        "--kind",
        "ebay",
        "--platform",
        "ebay",
        "-o",
        f"seller_username={SELLER}",
        "-o",
        f"api_base={server.url}",
        "-o",
        f"token_url={server.url}/identity/v1/oauth2/token",
        "-s",
        f"client_id={CLIENT_ID}",
        "-s",
        f"client_secret={CLIENT_SECRET}",
        "-s",
        f"refresh_token={REFRESH}",
    )
    return row


def test_ebay_round_trip(mail_settings, ebay, demo_store_orders):
    fake, server = ebay
    order = next(o for o in demo_store_orders if o.platform == "ebay" and o.tracking_number)
    fake.add_buyer_message(
        "c-100",
        "anna_b",
        "Hello, when will my parcel arrive? Thank you",
        order_id=order.order_id,
        at=datetime.now(UTC) - timedelta(minutes=5),
    )
    row = _add(server)
    assert REFRESH not in str(row) and row["secrets"]["refresh_token"] == "********"

    (polled,) = cli("channels", "poll", REVIEW_STORE, "ebay-main")
    assert polled["drafted"] == 1, polled
    (again,) = cli("channels", "poll", REVIEW_STORE, "ebay-main")
    assert (
        again["drafted"] == 0
    )  # the inclusive start_time hands the last message back; it is not drafted twice

    (approved,) = approve_through_api(mail_settings, REVIEW_STORE)
    assert approved["order"]["order_id"] == order.order_id
    fake.throttle_sends = 1  # the first send hits eBay's call limit
    first = run_once(mail_settings)
    assert first["retry"] == 1, first
    second = run_once(mail_settings, now=datetime.now(UTC) + timedelta(minutes=5))
    assert second["delivered"] == 1, second
    assert fake.sent == [{"conversationId": "c-100", "messageText": approved["draft"]["text"]}]
    assert fake.marked_read == ["c-100"]
    with session_scope(mail_settings.resolved_database_url) as session:
        assert session.scalar(select(DraftRow.status).where(DraftRow.id == approved["draft_id"])) == "sent"

    # Our own reply is now the newest message of the conversation: polling skips it and drafts nothing.
    fake.tokens.clear()  # the user token expired: the adapter refreshes it and carries on
    (third,) = cli("channels", "poll", REVIEW_STORE, "ebay-main")
    assert third["drafted"] == 0 and "error" not in third
    assert fake.issued >= 2


@pytest.mark.parametrize("mail_settings", ["sqlite"], indirect=True)  # the database plays no part here
def test_ebay_down_is_reported_and_backed_off(mail_settings, ebay):
    fake, server = ebay
    _add(server)
    server.down = True
    (polled,) = cli("channels", "poll", REVIEW_STORE, "ebay-main")
    assert "503" in polled["error"]
