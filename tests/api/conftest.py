from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from drafter.api.app import create_app
from drafter.config import Settings
from drafter.store import keys
from drafter.store.db import session_scope


@pytest.fixture(scope="module")
def client(shared_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(shared_settings)) as c:
        yield c


def new_key(settings: Settings, store_id: str) -> dict[str, str]:
    with session_scope(settings.resolved_database_url) as session:
        key = keys.create_key(session, store_id=store_id)
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def demo_auth(shared_settings: Settings, client: TestClient) -> dict[str, str]:
    return new_key(shared_settings, "demo-store")
