"""An acknowledgement for a message a channel brought in goes back through that channel's send path:
eBay's message API (a local fake in its documented shapes), into the buyer's conversation, while the
reply waits for a person; the approved reply follows through the same conversation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from drafter.config import REPO_ROOT, Settings, reset_settings_cache
from drafter.knowledge import load_demo_orders
from drafter.outbox.passes import run_once
from drafter.persistence import order_store
from drafter.persistence.db import session_scope
from drafter.persistence.init import ensure_initialized
from tests.acknowledge.conftest import knowledge_with
from tests.channels.conftest import approve_through_api, cli
from tests.channels.fakeserver import FakeServer
from tests.channels.test_ebay import CLIENT_ID, CLIENT_SECRET, REFRESH, SELLER, FakeEbay

STORE = "ack-ebay"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    # The team works tomorrow only: today is its day off, so a message now is off-hours.
    tomorrow = (datetime.now(UTC).weekday() + 1) % 7
    store = {
        "name": "Ack eBay Store",
        "timezone": "UTC",
        "acknowledge_off_hours": True,
        "policy": {"business_hours": {"days": [tomorrow], "open": "09:00", "close": "18:00"}},
    }
    kdir = knowledge_with(tmp_path, {STORE: store})
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DRAFTER_KNOWLEDGE_DIR", str(kdir))
    monkeypatch.setenv("DRAFTER_OUTBOX_BACKOFF_BASE_S", "0")
    reset_settings_cache()
    from drafter.config import get_settings

    settings = get_settings()
    ensure_initialized(settings)
    demo = [o for o in load_demo_orders(REPO_ROOT / "knowledge") if o.store_id == "demo-store"]
    with session_scope(settings.resolved_database_url) as session:
        order_store.upsert_orders(session, orders=[o.model_copy(update={"store_id": STORE}) for o in demo])
    yield settings
    reset_settings_cache()


def test_acknowledgement_goes_through_the_channel(settings):
    fake = FakeEbay()
    server = FakeServer(fake).start()
    try:
        order = next(
            o
            for o in load_demo_orders(REPO_ROOT / "knowledge")
            if o.store_id == "demo-store" and o.platform == "ebay" and o.tracking_number
        )
        fake.add_buyer_message(
            "c-7",
            "anna_b",
            "Hello, when will my parcel arrive? Thank you",
            order_id=order.order_id,
            at=datetime.now(UTC) - timedelta(minutes=2),
        )
        cli(
            "channels", "add", STORE, "ebay-main", "--kind", "ebay", "--platform", "ebay",
            "-o", f"seller_username={SELLER}", "-o", f"api_base={server.url}",
            "-o", f"token_url={server.url}/identity/v1/oauth2/token",
            "-s", f"client_id={CLIENT_ID}", "-s", f"client_secret={CLIENT_SECRET}", "-s", f"refresh_token={REFRESH}",
        )  # fmt: skip
        (polled,) = cli("channels", "poll", STORE, "ebay-main")
        assert polled["drafted"] == 1, polled

        counts = run_once(settings)
        assert counts["delivered"] == 1, counts
        (ack,) = fake.sent
        assert ack["conversationId"] == "c-7"
        assert order.order_id in ack["messageText"] and "your time" in ack["messageText"]

        # The reply itself waited for a person; approved, it follows in the same conversation.
        (approved,) = approve_through_api(settings, STORE)
        assert (
            approved["acknowledgement"]["sent_at"]
            and approved["acknowledgement"]["text"] == ack["messageText"]
        )
        assert run_once(settings)["delivered"] == 1
        assert fake.sent[1] == {"conversationId": "c-7", "messageText": approved["draft"]["text"]}
        assert run_once(settings)["claimed"] == 0  # each went out once
    finally:
        server.stop()
