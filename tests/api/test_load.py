"""Under load: `drafter serve` answers what it cannot take in time with 503 + Retry-After (never a 500, never a
30 s pool timeout), several worker processes share one data dir, and a draft's order lookup goes through
the request's own database session."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from drafter.api.app import create_app
from drafter.devtools.localserver import free_port, wait_until_ready
from drafter.persistence.order_store import SessionOrders
from tests.conftest import make_settings

pytestmark = pytest.mark.integration


def _serve(tmp_path: Path, *args: str, **env: str) -> tuple[subprocess.Popen, str, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter", "serve", "--port", str(port), *args],
        env={**os.environ, "DRAFTER_DATA_DIR": str(tmp_path / "var"), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    if not wait_until_ready(base, timeout_s=300):  # first start on a shared 2-core machine can be slow
        proc.terminate()
        pytest.fail("service did not become ready")
    return proc, base, (tmp_path / "var" / "demo-api-key.txt").read_text().strip()


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=30)


async def _burst(base: str, key: str, n: int) -> list[httpx.Response]:
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60
    ) as client:
        return await asyncio.gather(
            *(
                client.post(
                    "/v1/drafts",
                    json={
                        "platform": "ebay",
                        "store_id": "demo-store",
                        "text": f"Where is my parcel? ({i})",
                        "message_id": f"burst-{uuid.uuid4()}",
                    },
                )
                for i in range(n)
            )
        )


def test_overload_is_answered_fast_with_503_and_retry_after(tmp_path):
    # One slot and almost no patience: a burst of 24 cannot all be taken in time.
    proc, base, key = _serve(tmp_path, DRAFTER_API_MAX_INFLIGHT="1", DRAFTER_API_MAX_WAIT_S="0.05")
    try:
        responses = asyncio.run(_burst(base, key, 24))
        statuses = sorted(r.status_code for r in responses)
        assert set(statuses) <= {201, 503}, statuses
        assert 201 in statuses and 503 in statuses, statuses
        refused = next(r for r in responses if r.status_code == 503)
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["code"] == "overloaded"
        assert httpx.get(f"{base}/health").status_code == 200  # health is never held back
        # Nothing accepted was lost: every 201 is in the queue.
        listed = httpx.get(
            f"{base}/v1/drafts", params={"limit": 500}, headers={"Authorization": f"Bearer {key}"}
        ).json()["items"]
        created = {r.json()["draft_id"] for r in responses if r.status_code == 201}
        assert created <= {item["draft_id"] for item in listed}
    finally:
        _stop(proc)


def test_two_worker_processes_share_one_data_dir(tmp_path):
    # Patient admission: this test is about two processes sharing SQLite and Chroma, not about overload.
    proc, base, key = _serve(tmp_path, "--workers", "2", DRAFTER_API_MAX_WAIT_S="120")
    try:
        responses = asyncio.run(_burst(base, key, 16))
        assert [r.status_code for r in responses] == [201] * 16
        ids = {r.json()["draft_id"] for r in responses}
        listed = httpx.get(
            f"{base}/v1/drafts", params={"limit": 100}, headers={"Authorization": f"Bearer {key}"}
        ).json()["items"]
        assert ids <= {item["draft_id"] for item in listed}
    finally:
        _stop(proc)


class _Refuse:
    """An order source that must not be used: the API has the request's session for that."""

    def __call__(self, store_id: str, order_id: str):  # noqa: ANN204
        raise AssertionError("the pipeline's own order source was used instead of the request's session")

    def many(self, keys):  # noqa: ANN001, ANN201
        raise AssertionError("the pipeline's own order source was used instead of the request's session")


def test_a_draft_finds_its_order_through_the_requests_session(tmp_path, monkeypatch):
    from drafter.knowledge import load_demo_orders

    settings = make_settings(tmp_path / "var")
    used: list[str] = []
    real_call = SessionOrders.__call__

    def spy(self, store_id: str, order_id: str):  # noqa: ANN001, ANN202
        used.append(order_id)
        return real_call(self, store_id, order_id)

    real_many = SessionOrders.many

    def spy_many(self, keys):  # noqa: ANN001, ANN202
        keys = list(keys)
        used.extend(order_id for _, order_id in keys)
        return real_many(self, keys)

    monkeypatch.setattr(SessionOrders, "__call__", spy)
    monkeypatch.setattr(SessionOrders, "many", spy_many)  # a draft looks its batch's orders up at once
    with TestClient(create_app(settings)) as client:
        client.app.state.pipeline.orders = _Refuse()
        order = next(o for o in load_demo_orders(settings.knowledge_dir) if o.store_id == "demo-store")
        key = (settings.data_dir / "demo-api-key.txt").read_text().strip()
        res = client.post(
            "/v1/drafts",
            headers={"Authorization": f"Bearer {key}"},
            json={
                "platform": order.platform.value,
                "store_id": "demo-store",
                "text": f"Where is my order {order.order_id}?",
                "order_id": order.order_id,
            },
        )
        assert res.status_code == 201, res.text
        assert res.json()["order"]["order_id"] == order.order_id
    assert used == [order.order_id]
