from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from drafter.config import REPO_ROOT, Settings
from drafter.persistence import migrate
from drafter.persistence.db import session_scope
from drafter.persistence.tables import DraftRow
from tests.outbox.receiver import Receiver

SECRET = "whsec-test-0123456789abcdef0123456789abcdef"  # at least 32 bytes, as the outbox requires
# The test receiver listens on http://127.0.0.1: stores opt in to plain http and loopback, as a developer would.
LOCAL_RECEIVER = {"webhook_allow_http_hosts": ["127.0.0.1"], "webhook_allow_private_hosts": ["127.0.0.1"]}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(secret=SECRET)
    yield r
    r.close()


def write_knowledge(root: Path, stores: dict[str, dict]) -> Path:
    """A knowledge dir with the bundled defaults and the given store files (webhooks point at the test)."""
    kdir = root / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge" / "stores", kdir / "stores")
    for store_id, data in stores.items():
        (kdir / "stores" / f"{store_id}.yaml").write_text(yaml.safe_dump({"store_id": store_id, **data}))
    return kdir


@pytest.fixture
def outbox_settings(tmp_path: Path, receiver: Receiver) -> Settings:
    kdir = write_knowledge(
        tmp_path,
        {
            "hook-store": {
                "webhook_url": receiver.url,
                "webhook_secret": SECRET,
                "outbox_max_attempts": 3,
                **LOCAL_RECEIVER,
            },
            "quiet-store": {},
            "unsigned-store": {"webhook_url": receiver.url, **LOCAL_RECEIVER},
        },
    )
    settings = Settings(
        data_dir=tmp_path / "var",
        knowledge_dir=kdir,
        outbox_backoff_base_s=10,
        outbox_backoff_max_s=60,
        outbox_lease_s=30,
        outbox_hold_s=300,
        outbox_timeout_s=5,
    )
    settings.data_dir.mkdir(parents=True)
    migrate.upgrade(settings.resolved_database_url)
    return settings


def insert_draft(
    settings: Settings,
    *,
    store_id: str = "hook-store",
    status: str = "pending_review",
    text: str | None = None,
    **overrides,
) -> str:
    now = datetime.now(UTC)
    draft_id = str(uuid.uuid4())
    parts = ("You asked about order A-1.", "It is on its way.", "We will check again.")
    values = dict(
        id=draft_id,
        store_id=store_id,
        message_id=f"m-{draft_id[:8]}",
        platform="ebay",
        status=status,
        route="review",
        risk="low",
        intent="shipping_status",
        language="en",
        confidence=0.9,
        order_id="A-1",
        received_at=now - timedelta(hours=1),
        sla_deadline=now + timedelta(hours=23),
        restatement=parts[0],
        solution=parts[1],
        commitment=parts[2],
        text=text or "\n\n".join(parts),
        lint={"ok": True, "violations": []},
        message={"platform": "ebay", "store_id": store_id, "text": "Where is my order A-1?", "thread": []},
        run={},
        created_at=now,
    )
    values.update(overrides)
    with session_scope(settings.resolved_database_url) as session:
        session.add(DraftRow(**values))
    return draft_id
