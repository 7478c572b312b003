"""AliExpress round trip against a local fake of the TOP gateway's message-center calls, answering in the
documented shapes and checking every request's signature (see drafter/channels/aliexpress.py)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from drafter.channels.aliexpress import sign
from drafter.outbox.passes import run_once
from tests.channels.conftest import REVIEW_STORE, approve_through_api, cli
from tests.channels.fakeserver import FakeServer, Request

APP_KEY, SECRET, SESSION, SELLER = "34567890", "top-secret-9", "session-token-5", "cn1234567abc"


class FakeAliExpress:
    def __init__(self) -> None:
        self.relations: dict[str, dict] = {}
        self.messages: dict[tuple[str, str], list[dict]] = {}
        self.added: list[dict] = []
        self.processed: list[str] = []
        self.limit_next = 0

    def buyer_writes(self, channel_id: str, buyer: str, text: str, source: str = "message_center") -> None:
        now = int(time.time() * 1000)
        self.relations[channel_id] = {
            "channel_id": channel_id,
            "other_login_id": buyer,
            "other_name": buyer.title(),
            "message_time": now,
            "last_message_is_own": False,
            "read_stat": 0,
            "unread_count": 1,
            "deal_stat": 0,
        }
        box = self.messages.setdefault((channel_id, source), [])
        box.append(
            {
                "id": 1000 + len(box),
                "gmt_create": now,
                "content": text,
                "sender_login_id": buyer,
                "sender_name": buyer.title(),
                "message_type": 1,
            }
        )

    def __call__(self, req: Request) -> tuple[int, object]:
        form = req.form()
        given = form.pop("sign", "")
        if (
            form.get("app_key") != APP_KEY
            or form.get("session") != SESSION
            or given != sign(form, SECRET, "md5")
        ):
            return 200, {"error_response": {"code": 25, "msg": "Invalid signature"}}
        if self.limit_next:
            self.limit_next -= 1
            return 200, {"error_response": {"code": 7, "msg": "App Call Limited"}}
        method = form["method"].rsplit(".", 1)[1]
        wrap = form["method"].replace(".", "_") + "_response"
        if method == "querymsgrelationlist":
            return 200, {
                wrap: {
                    "result": {
                        "is_success": True,
                        "relation_list": {"relation_result": list(self.relations.values())},
                    }
                }
            }
        if method == "querymsgdetaillist":
            box = self.messages.get((form["channel_id"], form["msg_sources"]), [])
            return 200, {
                wrap: {"result": {"is_success": True, "message_detail_list": {"msg_detail_dto": box}}}
            }
        if method == "addmsg":
            import json

            self.added.append(json.loads(form["create_param"]))
            return 200, {wrap: {"result": {"is_success": True}}}
        if method == "updatemsgprocessed":
            self.processed.append(form["channel_id"])
            return 200, {wrap: {"result": {"is_success": True}}}
        return 200, {"error_response": {"code": 22, "msg": "Invalid method"}}


@pytest.fixture
def aliexpress():
    fake = FakeAliExpress()
    server = FakeServer(fake).start()
    yield fake, server
    server.stop()


def test_aliexpress_round_trip(mail_settings, aliexpress, demo_store_orders):
    fake, server = aliexpress
    order = next(o for o in demo_store_orders if o.platform == "aliexpress" and o.tracking_number)
    fake.buyer_writes(
        order.order_id, "es_buyer_77", "Hola, ¿dónde está mi pedido? Gracias", source="order_msg"
    )
    (row,) = cli(
        "channels",
        "add",
        REVIEW_STORE,
        "ae",
        "--kind",
        "aliexpress",
        "--platform",
        "aliexpress",
        "-o",
        f"app_key={APP_KEY}",
        "-o",
        f"seller_login_id={SELLER}",
        "-o",
        f"gateway={server.url}/router/rest",
        "-s",
        f"app_secret={SECRET}",
        "-s",
        f"session={SESSION}",
    )
    assert SESSION not in str(row)
    fake.limit_next = 1  # the app's call limit: the poll reports it and the next one succeeds
    (limited,) = cli("channels", "poll", REVIEW_STORE, "ae")
    assert "App Call Limited" in limited["error"]
    from drafter.persistence.db import session_scope
    from drafter.persistence.tables import ChannelRow

    with session_scope(mail_settings.resolved_database_url) as session:
        session.query(ChannelRow).update({"lease_until": None})
    (polled,) = cli("channels", "poll", REVIEW_STORE, "ae")
    assert polled["drafted"] == 1, polled
    (again,) = cli("channels", "poll", REVIEW_STORE, "ae")
    assert again["drafted"] == 0

    (approved,) = approve_through_api(mail_settings, REVIEW_STORE)
    assert approved["order"]["order_id"] == order.order_id and approved["language"] == "es"
    result = run_once(mail_settings, now=datetime.now(UTC) + timedelta(seconds=1))
    assert result["delivered"] == 1, result
    assert fake.added == [
        {
            "channel_id": order.order_id,
            "buyer_id": "es_buyer_77",
            "content": approved["draft"]["text"],
            "msg_sources": "order_msg",
        }
    ]
    assert fake.processed == [order.order_id]


def test_signature_is_the_documented_md5():
    params = {"method": "x", "app_key": "k", "empty": "", "b": "2", "a": "1"}
    import hashlib

    expected = hashlib.md5(b"s" + b"a1app_keykb2methodx" + b"s").hexdigest().upper()
    assert sign(params, "s", "md5") == expected
