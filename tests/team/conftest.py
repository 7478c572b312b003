"""The team's tests run against the real app (SQLite, and PostgreSQL when it answers), like the API tests.
bcrypt at 4 rounds: the cost factor changes the time, not the code path."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from drafter.config import Settings
from drafter.persistence.db import session_scope
from drafter.team import keys, users
from tests.api.conftest import client  # noqa: F401  (the app, on the settings below)
from tests.backends import create_scratch_db, drop_scratch_db, require_pg
from tests.conftest import make_settings

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def shared_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    if request.param == "sqlite":
        yield make_settings(tmp_path_factory.mktemp("team") / "var", password_bcrypt_rounds=4)
        return
    require_pg()
    url = create_scratch_db("drafter_team_test")
    yield make_settings(
        tmp_path_factory.mktemp("team-pg") / "var", database_url=url, password_bcrypt_rounds=4
    )
    drop_scratch_db(url)


@dataclass
class Person:
    user_id: int
    email: str
    key: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


def add_person(settings: Settings, store_id: str, role: str = "agent", name: str | None = None) -> Person:
    email = f"{role}-{uuid.uuid4().hex[:8]}@{store_id}.test"
    with session_scope(settings.resolved_database_url) as session:
        user = users.create_user(
            session,
            new=users.NewUser(email=email, name=name or email, role=role, password=PASSWORD),  # type: ignore[arg-type]
            stores=[store_id],
            rounds=4,
        )
        key = keys.create_key(session, store_id=store_id, user_id=user.id).key
        return Person(user_id=user.id, email=email, key=key)


def store_key(settings: Settings, store_id: str) -> dict[str, str]:
    with session_scope(settings.resolved_database_url) as session:
        return {"Authorization": f"Bearer {keys.create_key(session, store_id=store_id).key}"}


def new_draft(client: TestClient, auth: dict[str, str], store_id: str, text: str | None = None) -> str:
    """A draft that waits for review (a cancellation request is never auto-sent)."""
    res = client.post(
        "/v1/drafts",
        headers=auth,
        json={
            "platform": "ebay",
            "store_id": store_id,
            "message_id": f"team-{uuid.uuid4().hex}",
            "text": text or "Please cancel my order, I ordered the wrong size.",
        },
    )
    assert res.status_code == 201, res.text
    body = res.json()
    assert body["status"] in ("pending_review", "escalated"), body["status"]
    return body["draft_id"]


@pytest.fixture
def browser(client: TestClient) -> Iterator[TestClient]:  # noqa: F811
    """A second client on the same app with a cookie jar of its own (a review page in a browser). Not
    entered as a context manager: the app is already started by `client`."""
    c = TestClient(client.app, base_url="http://testserver")
    yield c
    c.close()
