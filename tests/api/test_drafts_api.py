"""POST /v1/drafts and the draft lifecycle through the HTTP API (TestClient, real app, real stores)."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.api.conftest import new_key

BROKEN = "The headphones from order {oid} arrived broken, the left side does not work at all."


def _order(demo_orders, platform: str, status: str | None = None):
    return next(o for o in demo_orders if o.platform == platform and (status is None or o.status == status))


def _post(client: TestClient, auth: dict, **body):
    payload = {"platform": "ebay", "store_id": "demo-store", **body}
    return client.post("/v1/drafts", json=payload, headers=auth)


def test_draft_response_has_the_public_fields(client, demo_auth, demo_orders):
    order = _order(demo_orders, "amazon", "in_transit")
    res = _post(
        client,
        demo_auth,
        platform="amazon",
        text=f"Where is my order {order.order_id}?",
        received_at="2026-11-20T10:00:00+00:00",
    )
    assert res.status_code == 201, res.text
    body = res.json()
    for field in (
        "language",
        "intent",
        "confidence",
        "risk",
        "flags",
        "sla_deadline",
        "order",
        "faq",
        "draft",
        "lint",
        "route",
        "draft_id",
    ):
        assert field in body
    assert body["language"] == "en"
    assert body["order"]["order_id"] == order.order_id
    assert set(body["draft"]) >= {"restatement", "solution", "commitment", "text"}
    assert body["draft"]["restatement"] in body["draft"]["text"]
    assert order.order_id in body["draft"]["text"]
    assert body["lint"]["ok"] is True
    assert body["route"] in ("auto_send", "review", "escalate")
    assert body["sla_deadline"].endswith(("+01:00", "+02:00"))  # the demo store's own zone, with its offset
    assert all("id" in hit for hit in body["faq"])
    got = client.get(f"/v1/drafts/{body['draft_id']}", headers=demo_auth)
    assert got.status_code == 200 and got.json()["draft"]["text"] == body["draft"]["text"]
    trail = client.get(f"/v1/drafts/{body['draft_id']}/audit", headers=demo_auth).json()
    assert trail[0]["action"] == "drafted"


def test_repeated_message_id_returns_the_same_draft(client, demo_auth):
    mid = f"m-{uuid.uuid4()}"
    first = _post(client, demo_auth, text="Do you ship to Norway?", message_id=mid)
    again = _post(client, demo_auth, text="Do you ship to Norway?", message_id=mid)
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["Idempotent-Replay"] == "true"
    assert again.json()["draft_id"] == first.json()["draft_id"]


def test_unknown_order_is_a_warning_and_the_reply_asks_for_the_number(client, demo_auth):
    res = _post(
        client, demo_auth, platform="amazon", text="Where is my parcel?", order_id="999-0000000-0000000"
    )
    assert res.status_code == 201
    body = res.json()
    assert body["order"] is None
    assert any(w.startswith("order_not_found") for w in body["warnings"])
    assert "999-0000000-0000000" not in body["draft"]["text"]


def test_keys_only_see_their_own_store(client, shared_settings, demo_auth):
    other = new_key(shared_settings, "other-store")
    mine = _post(client, demo_auth, text="Do you sell gift wrapping?").json()["draft_id"]
    assert client.get(f"/v1/drafts/{mine}", headers=other).status_code == 404
    assert all(item["draft_id"] != mine for item in client.get("/v1/drafts", headers=other).json()["items"])
    res = _post(client, other, text="hello")  # body names demo-store, key is other-store's
    assert res.status_code == 403 and res.json()["code"] == "store_mismatch"


def test_missing_and_wrong_keys_are_refused(client):
    assert client.get("/v1/drafts").json()["code"] == "missing_api_key"
    res = client.get("/v1/drafts", headers={"Authorization": "Bearer nope"})
    assert res.status_code == 401 and res.json()["code"] == "invalid_api_key"
    assert client.get("/health").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_queue_is_sorted_by_deadline_and_filters(client, shared_settings):
    auth = new_key(shared_settings, "queue-store")
    for text in (
        "The lamp arrived broken and does not turn on.",
        "Thanks, all good!",
        "I will report you to my lawyer, the charger caught fire.",
    ):
        assert _post(client, auth, store_id="queue-store", text=text).status_code == 201
    items = client.get("/v1/drafts", headers=auth).json()["items"]
    deadlines = [i["sla_deadline"] for i in items]
    assert deadlines == sorted(deadlines) and len(items) == 3
    high = client.get("/v1/drafts?risk=high", headers=auth).json()["items"]
    assert [i["risk"] for i in high] == ["high"]
    assert client.get("/v1/drafts?status=escalated", headers=auth).json()["items"][0]["route"] == "escalate"


def test_edit_into_a_violation_blocks_approval_then_fix_and_approve(client, shared_settings, demo_orders):
    from sqlalchemy import select

    from drafter.persistence.db import session_scope
    from drafter.persistence.tables import OutboxRow

    auth = new_key(shared_settings, "demo-store")
    order = _order(demo_orders, "ebay", "delivered")
    draft = _post(client, auth, text=BROKEN.format(oid=order.order_id)).json()
    assert draft["status"] in ("pending_review", "escalated"), draft["route_reasons"]
    did = draft["draft_id"]
    bad = client.patch(
        f"/v1/drafts/{did}", json={"solution": "Write to me at seller@example.com"}, headers=auth
    )
    assert bad.status_code == 200 and bad.json()["lint"]["ok"] is False
    refused = client.post(f"/v1/drafts/{did}/approve", headers=auth)
    assert refused.status_code == 422 and refused.json()["code"] == "lint_blocked"
    rule_ids = {v["rule_id"] for v in refused.json()["details"]["violations"]}
    assert any("email" in r for r in rule_ids)
    ok = client.post(
        f"/v1/drafts/{did}/approve", json={"solution": "We will send a replacement today."}, headers=auth
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert "replacement" in ok.json()["draft"]["text"]
    with session_scope(shared_settings.resolved_database_url) as s:
        assert s.scalar(select(OutboxRow).where(OutboxRow.draft_id == did)) is not None
    again = client.post(f"/v1/drafts/{did}/approve", headers=auth)
    assert again.status_code == 409 and again.json()["code"] == "invalid_status_transition"
    actions = [e["action"] for e in client.get(f"/v1/drafts/{did}/audit", headers=auth).json()]
    assert actions[:1] == ["drafted"] and "approve_blocked" in actions and actions[-1] == "approved"


def test_reject_with_reason(client, demo_auth):
    did = _post(client, demo_auth, text="The jacket arrived with a torn sleeve.").json()["draft_id"]
    res = client.post(f"/v1/drafts/{did}/reject", json={"reason": "wrong tone"}, headers=demo_auth)
    assert res.status_code == 200 and res.json()["status"] == "rejected"
    assert res.json()["reject_reason"] == "wrong tone"
    assert client.post(f"/v1/drafts/{did}/reject", json={"reason": ""}, headers=demo_auth).status_code == 422
