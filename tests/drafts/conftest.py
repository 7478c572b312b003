"""A real `drafter serve` in a subprocess on 127.0.0.1, on SQLite and on PostgreSQL, for the race tests;
and a webhook receiver plus the settings an outbox pass needs to deliver that server's approvals."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from drafter.config import Settings
from drafter.devtools.localserver import free_port, wait_until_ready
from drafter.persistence import keys
from drafter.persistence.db import get_engine, session_scope
from tests.backends import create_scratch_db, drop_scratch_db, require_pg, stop_process
from tests.outbox.conftest import LOCAL_RECEIVER, SECRET, write_knowledge
from tests.outbox.receiver import Receiver

STORE = "race-store"  # no store file: the defaults (auto_reply off), so every draft waits for review


@dataclass
class Server:
    base: str
    headers: dict[str, str]
    settings: Settings  # the server's data dir and database

    def client(self) -> httpx.Client:
        """One keep-alive connection to the server (each thread of a race has its own)."""
        return httpx.Client(
            base_url=self.base,
            headers=self.headers,
            timeout=60,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        )


def start_server(data_dir: Path, database_url: str | None) -> tuple[subprocess.Popen, Server]:
    port = free_port()
    env = {**os.environ, "DRAFTER_DATA_DIR": str(data_dir), "DRAFTER_LOAD_DEMO_DATA": "false"}
    if database_url:
        env["DRAFTER_DATABASE_URL"] = database_url
    log = open(data_dir.parent / "serve.log", "wb")  # noqa: SIM115 (kept for the failure message)
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    if not wait_until_ready(base, timeout_s=300):
        stop_process(proc)
        pytest.fail(
            "drafter serve did not become ready: " + (data_dir.parent / "serve.log").read_text()[-3000:]
        )
    settings = Settings(data_dir=data_dir, database_url=database_url)
    with session_scope(settings.resolved_database_url) as session:
        key = keys.create_key(session, store_id=STORE)
    return proc, Server(base=base, headers={"Authorization": f"Bearer {key}"}, settings=settings)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = None
    if request.param == "postgresql":
        require_pg()
        url = create_scratch_db("drafter_race_test")
    root = tmp_path_factory.mktemp(f"race-{request.param}")
    proc, srv = start_server(root / "var", url)
    try:
        yield srv
    finally:
        stop_process(proc)
        get_engine(srv.settings.resolved_database_url).dispose()
        if url:
            drop_scratch_db(url)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(secret=SECRET)
    yield r
    r.close()


@pytest.fixture
def outbox_for(server: Server, receiver: Receiver, tmp_path: Path) -> Settings:
    """Outbox settings on the server's database, with the race store's webhook at the receiver."""
    kdir = write_knowledge(
        tmp_path, {STORE: {"webhook_url": receiver.url, "webhook_secret": SECRET, **LOCAL_RECEIVER}}
    )
    return server.settings.model_copy(
        update={"knowledge_dir": kdir, "outbox_batch": 200, "outbox_store_batch": 200}
    )
