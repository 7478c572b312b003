"""Kit approval: GET /v1/autoreply/kit shows each text's approval state, POST /v1/autoreply/kit/approve
stores who approved which words when, and a text that changed needs approving again."""

from __future__ import annotations

from sqlalchemy import update

from drafter.persistence.db import session_scope
from drafter.persistence.tables import KitApproval


def _kit(client, auth, **params):
    res = client.get("/v1/autoreply/kit", params={"platform": "aliexpress", **params}, headers=auth)
    assert res.status_code == 200, res.text
    return res.json()


def _slot(kit, language, kind, topic=None):
    return next(t for t in kit["texts"] if (t["language"], t["kind"], t["topic"]) == (language, kind, topic))


def test_approve_a_text_and_see_it_again_after_a_change(client, demo_auth, shared_settings):
    kit = _kit(client, demo_auth, reviewer_language="zh")
    welcome = _slot(kit, "ru", "welcome")
    assert welcome["approval"]["approved"] is False and len(welcome["text_hash"]) == 64
    assert kit["approved"] is False
    # The reviewer reads Chinese: the Russian welcome comes with the Chinese welcome beside it.
    assert welcome["for_reviewer"]["language"] == "zh"
    assert welcome["for_reviewer"]["text"] == _slot(kit, "zh", "welcome")["text"]
    assert _slot(kit, "zh", "welcome")["for_reviewer"] is None

    body = {"platform": "aliexpress", "language": "ru", "kind": "welcome", "text_hash": welcome["text_hash"]}
    res = client.post("/v1/autoreply/kit/approve", json={**body, "reviewer": "Li Wei"}, headers=demo_auth)
    assert res.status_code == 200, res.text
    approval = res.json()["approval"]
    assert approval["approved"] and approval["approved_by"] == "Li Wei" and approval["approved_at"]
    assert _slot(_kit(client, demo_auth), "ru", "welcome")["approval"]["approved"] is True

    # The words approved are no longer the kit's (a template or the store's hours changed): approve again.
    with session_scope(shared_settings.resolved_database_url) as session:
        session.execute(
            update(KitApproval)
            .where(KitApproval.store_id == "demo-store", KitApproval.language == "ru")
            .values(text_hash="0" * 64)
        )
    state = _slot(_kit(client, demo_auth), "ru", "welcome")["approval"]
    assert state["approved"] is False and state["stale"] is True and state["approved_by"] == "Li Wei"


def test_approval_refuses_what_the_reviewer_did_not_see(client, demo_auth):
    kit = _kit(client, demo_auth)
    text = _slot(kit, "en", "keyword", "returns")
    stale = {
        "platform": "aliexpress",
        "language": "en",
        "kind": "keyword",
        "topic": "returns",
        "text_hash": "f" * 64,
    }
    res = client.post("/v1/autoreply/kit/approve", json=stale, headers=demo_auth)
    assert res.status_code == 409 and res.json()["code"] == "kit_text_changed"
    assert res.json()["details"]["text_hash"] == text["text_hash"]
    missing = {**stale, "topic": "warranty", "text_hash": text["text_hash"]}
    res = client.post("/v1/autoreply/kit/approve", json=missing, headers=demo_auth)
    assert res.status_code == 404 and res.json()["code"] == "kit_text_not_found"
    res = client.post(
        "/v1/autoreply/kit/approve", json={**stale, "text_hash": text["text_hash"]}, headers=demo_auth
    )
    assert res.status_code == 200 and res.json()["approval"]["approved_by"] == "key:demo-store"
    assert client.post("/v1/autoreply/kit/approve", json=stale).status_code == 401
    bad = client.post("/v1/autoreply/kit/approve", json={**stale, "kind": "essay"}, headers=demo_auth)
    assert bad.status_code == 422
