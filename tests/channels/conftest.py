"""Fixtures for the channel tests: a real dovecot and a real SMTP server, a data dir with mail stores."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafter.cli import _register_all, app
from drafter.config import REPO_ROOT, Settings, reset_settings_cache
from drafter.knowledge import load_demo_orders
from drafter.persistence import order_store
from drafter.persistence.db import session_scope
from drafter.persistence.init import ensure_initialized
from tests.backends import create_scratch_db, drop_scratch_db, require_pg
from tests.channels.mailservers import Dovecot, SmtpSink, dovecot_binary, start_dovecot, start_smtp

_register_all()
MAILBOX_USER, MAILBOX_PASSWORD = "seller", "imap-pw-7f3a9c"
SELLER_ADDRESS = "support@seller.test"
REVIEW_STORE, AUTO_STORE = "mail-review", "mail-auto"


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    if dovecot_binary() is None:
        pytest.skip(
            "dovecot is not installed and could not be (scripts/test-deps.sh installs dovecot-imapd as root)"
        )
    server = start_dovecot({MAILBOX_USER: MAILBOX_PASSWORD, "other": "other-pw"})
    yield server
    server.stop()


@pytest.fixture
def mailbox(dovecot: Dovecot) -> str:
    """A fresh, empty mailbox user for one test."""
    user = f"seller-{uuid.uuid4().hex[:8]}"
    dovecot.add_user(user, MAILBOX_PASSWORD)
    return user


@pytest.fixture
def smtp_server() -> Iterator[SmtpSink]:
    sink = start_smtp(auth={SELLER_ADDRESS: "smtp-pw-51be"})
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def channel_knowledge(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A data dir whose FAQ index is built once, and a knowledge dir with two stores: one where a person
    reviews every reply, one that auto-sends routine replies."""
    base = tmp_path_factory.mktemp("channels")
    kdir = base / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", kdir)
    for store_id, auto in ((REVIEW_STORE, False), (AUTO_STORE, True)):
        (kdir / "stores" / f"{store_id}.yaml").write_text(
            yaml.safe_dump({"store_id": store_id, "name": store_id, "auto_reply": auto})
        )
    ensure_initialized(Settings(data_dir=base / "var", knowledge_dir=kdir))
    return base / "var", kdir


@pytest.fixture(params=["sqlite", "postgresql"])
def mail_settings(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    channel_knowledge: tuple[Path, Path],
) -> Iterator[Settings]:
    """A fresh database per test (SQLite, then PostgreSQL when it answers) beside the shared FAQ index; each
    store gets a copy of the demo orders so the order ids in the test messages resolve."""
    data_dir, kdir = channel_knowledge
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'drafter.db'}"
    else:
        require_pg()
        url = create_scratch_db("drafter_channels_test")
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DRAFTER_DATABASE_URL", url)
    monkeypatch.setenv("DRAFTER_KNOWLEDGE_DIR", str(kdir))
    monkeypatch.setenv("DRAFTER_OUTBOX_BACKOFF_BASE_S", "0")
    reset_settings_cache()
    from drafter.config import get_settings

    settings = get_settings()
    ensure_initialized(settings)
    demo = [o for o in load_demo_orders(REPO_ROOT / "knowledge") if o.store_id == "demo-store"]
    with session_scope(settings.resolved_database_url) as session:
        for store_id in (REVIEW_STORE, AUTO_STORE):
            order_store.upsert_orders(
                session, orders=[o.model_copy(update={"store_id": store_id}) for o in demo]
            )
    yield settings
    reset_settings_cache()
    if request.param == "postgresql":
        drop_scratch_db(url)


@pytest.fixture(scope="session")
def demo_store_orders():
    return [o for o in load_demo_orders(REPO_ROOT / "knowledge") if o.store_id == "demo-store"]


def approve_through_api(settings: Settings, store_id: str) -> list[dict]:
    """A reviewer approves every open draft of the store through the API; returns the approved drafts."""
    from fastapi.testclient import TestClient

    from drafter.api.app import create_app
    from drafter.persistence import keys

    with session_scope(settings.resolved_database_url) as session:
        auth = {"Authorization": f"Bearer {keys.create_key(session, store_id=store_id)}"}
    approved = []
    with TestClient(create_app(settings)) as client:
        queue = client.get(
            "/v1/drafts", headers=auth, params=[("status", "pending_review"), ("status", "escalated")]
        )
        for item in queue.json()["items"]:
            res = client.post(f"/v1/drafts/{item['draft_id']}/approve", headers=auth, json={})
            assert res.status_code == 200, res.text
            approved.append(res.json())
    return approved


@pytest.fixture(scope="session")
def amazon_orders():
    return [
        o
        for o in load_demo_orders(REPO_ROOT / "knowledge")
        if o.platform == "amazon" and o.store_id == "demo-store"
    ]


runner = CliRunner()


def cli(*args: str, env: dict[str, str] | None = None) -> list[dict]:
    result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def add_email_channel(
    store_id: str,
    name: str,
    dovecot: Dovecot,
    smtp: SmtpSink,
    *,
    user: str,
    imap_port: int | None = None,
    smtp_port: int | None = None,
) -> dict:
    env = {"TEST_IMAP_PASSWORD": dovecot.users.get(user, "x")}
    (row,) = cli(
        "channels",
        "add",
        store_id,
        name,
        "--kind",
        "email",
        "--platform",
        "amazon",
        "-o",
        "imap_host=127.0.0.1",
        "-o",
        f"imap_port={imap_port or dovecot.port}",
        "-o",
        "imap_security=plain",
        "-o",
        f"imap_username={user}",
        "-o",
        "smtp_host=127.0.0.1",
        "-o",
        f"smtp_port={smtp_port or smtp.port}",
        "-o",
        "smtp_security=plain",
        "-o",
        f"smtp_username={SELLER_ADDRESS}",
        "-o",
        f"from_address={SELLER_ADDRESS}",
        "-o",
        "from_name=Seller Support",
        "-s",
        "imap_password=env:TEST_IMAP_PASSWORD",
        "-s",
        "smtp_password=smtp-pw-51be",
        env=env,
    )
    return row
