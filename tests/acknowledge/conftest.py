"""Stores with acknowledgements on and off, an API app over them, and the outbox test receiver."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from drafter.config import REPO_ROOT, Settings
from tests.conftest import make_settings
from tests.outbox.conftest import LOCAL_RECEIVER, SECRET
from tests.outbox.receiver import Receiver

# An AliExpress seller working Beijing hours; the stores differ only in their acknowledgement choices.
BASE = {
    "timezone": "Asia/Shanghai",
    "name": "Ack Test Store",
    "policy": {"business_hours": {"open": "09:00", "close": "18:00"}},
}
STORES = {
    "ack-on": {"acknowledge_off_hours": True},
    "ack-off": {},
    "ack-risky": {"acknowledge_off_hours": True, "acknowledge_high_risk": True},
    "ack-queue": {"acknowledge_queue_over": 1},
}


def knowledge_with(root: Path, stores: dict[str, dict]) -> Path:
    """The bundled knowledge with extra store files (the pipeline needs all of it: rules, templates, FAQ)."""
    kdir = root / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", kdir)
    for store_id, data in stores.items():
        (kdir / "stores" / f"{store_id}.yaml").write_text(yaml.safe_dump({"store_id": store_id, **data}))
    return kdir


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    r = Receiver(secret=SECRET)
    yield r
    r.close()


@pytest.fixture(scope="module")
def ack_settings(tmp_path_factory: pytest.TempPathFactory, receiver: Receiver) -> Settings:
    root = tmp_path_factory.mktemp("ack")
    hook = {"webhook_url": receiver.url, "webhook_secret": SECRET, **LOCAL_RECEIVER}
    stores = {store_id: {**BASE, **hook, **data} for store_id, data in STORES.items()}
    return make_settings(root / "var", knowledge_dir=knowledge_with(root, stores), load_demo_data=False)


@pytest.fixture(scope="module")
def client(ack_settings: Settings) -> Iterator[TestClient]:
    from drafter.api.app import create_app

    with TestClient(create_app(ack_settings)) as c:
        yield c
