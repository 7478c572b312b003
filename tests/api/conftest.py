from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from drafter.api.app import create_app
from drafter.config import Settings
from drafter.persistence import keys
from drafter.persistence.db import session_scope
from tests.backends import create_scratch_db, drop_scratch_db, require_pg
from tests.conftest import make_settings


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def shared_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """The API tests run once on SQLite and once on PostgreSQL (skipped with a message when it is absent)."""
    if request.param == "sqlite":
        yield make_settings(tmp_path_factory.mktemp("shared") / "var")
        return
    require_pg()
    url = create_scratch_db("drafter_api_test")
    yield make_settings(tmp_path_factory.mktemp("shared-pg") / "var", database_url=url)
    drop_scratch_db(url)


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
