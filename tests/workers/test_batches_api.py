"""POST /v1/batches through Redis to a real Celery worker (in a thread), then progress and results."""

from __future__ import annotations

import time
import uuid

import pytest
from fastapi.testclient import TestClient

from drafter.api.app import create_app
from drafter.config import Settings
from drafter.persistence import keys
from drafter.persistence.db import session_scope

pytestmark = [pytest.mark.redis, pytest.mark.integration]


def _auth(settings: Settings, store_id: str = "demo-store") -> dict[str, str]:
    with session_scope(settings.resolved_database_url) as session:
        return {"Authorization": f"Bearer {keys.create_key(session, store_id=store_id)}"}


@pytest.fixture
def api(worker_env: Settings):
    with TestClient(create_app(worker_env)) as client:
        yield client, _auth(worker_env)


@pytest.fixture
def celery_worker(worker_env: Settings):
    from celery.contrib.testing.worker import start_worker

    from drafter.workers.app import configure

    app = configure(worker_env)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20, loglevel="WARNING"):
        yield


def _wait_complete(client: TestClient, auth: dict, batch_id: str, timeout_s: float = 120) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        body = client.get(f"/v1/batches/{batch_id}", params={"limit": 1000}, headers=auth).json()
        if body["complete"]:
            return body
        time.sleep(0.2)
    raise AssertionError(f"batch {batch_id} not complete after {timeout_s}s: {body}")


def test_batch_is_drafted_by_the_worker_and_reports_results(api, celery_worker):
    client, auth = api
    tag = uuid.uuid4().hex[:8]
    messages = [
        {
            "platform": "amazon",
            "store_id": "demo-store",
            "text": f"Do you ship to Norway? ({i})",
            "message_id": f"{tag}-{i}",
        }
        for i in range(30)
    ]
    messages += messages[:3]  # repeats inside the batch
    res = client.post("/v1/batches", json={"messages": messages}, headers=auth)
    assert res.status_code == 202, res.text
    accepted = res.json()
    assert accepted["total"] == 33 and accepted["tasks"] >= 2
    body = _wait_complete(client, auth, accepted["batch_id"])
    assert (body["done"], body["failed"], body["queued"]) == (33, 0, 0)
    items = body["items"]
    assert [i["seq"] for i in items] == list(range(33))
    assert all(i["draft_id"] and i["route"] in ("auto_send", "review", "escalate") for i in items)
    assert [i["draft_id"] for i in items[30:]] == [i["draft_id"] for i in items[:3]]
    assert sum(1 for i in items if i["created_draft"]) == 30
    draft = client.get(f"/v1/drafts/{items[0]['draft_id']}", headers=auth).json()
    assert draft["message_id"] == f"{tag}-0"
    # The same message through POST /v1/drafts is a replay of the batch's draft.
    again = client.post("/v1/drafts", json=messages[0], headers=auth)
    assert again.status_code == 200 and again.json()["draft_id"] == items[0]["draft_id"]
    metrics = client.get("/metrics").text
    assert 'drafter_batch_items{status="done"}' in metrics
    assert "drafter_queue_depth" in metrics
    assert 'drafter_http_requests_total{method="POST",path="/v1/batches",status="202"}' in metrics


def test_bad_batches_are_refused_with_a_code(api, worker_env):
    client, auth = api
    one = {"platform": "ebay", "store_id": "demo-store", "text": "hello"}
    assert client.post("/v1/batches", json={"messages": []}, headers=auth).status_code == 422
    res = client.post(
        "/v1/batches", json={"messages": [one, {**one, "store_id": "other-store"}]}, headers=auth
    )
    assert res.status_code == 403 and res.json()["code"] == "store_mismatch"
    res = client.post(
        "/v1/batches", json={"messages": [one] * (worker_env.batch_max_messages + 1)}, headers=auth
    )
    assert res.status_code == 413 and res.json()["code"] == "batch_too_large"
    res = client.post("/v1/batches", json={"messages": [{**one, "platform": "etsy"}]}, headers=auth)
    assert res.status_code == 422 and res.json()["code"] == "unknown_platform"
    res = client.get(f"/v1/batches/{uuid.uuid4()}", headers=auth)
    assert res.status_code == 404 and res.json()["code"] == "batch_not_found"
    assert client.post("/v1/batches", json={"messages": [one]}).status_code == 401
