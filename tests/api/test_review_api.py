"""The page's routes and /v1/review through the real app (TestClient)."""

from __future__ import annotations

import uuid

from tests.api.conftest import new_key


def _review_draft(client, auth, demo_orders):
    order = next(o for o in demo_orders if o.store_id == "demo-store" and o.platform == "ebay")
    res = client.post(
        "/v1/drafts",
        headers=auth,
        json={
            "platform": "ebay",
            "store_id": "demo-store",
            "message_id": f"web-{uuid.uuid4()}",
            "text": f"Please cancel my order {order.order_id}, I ordered the wrong colour.",
        },
    )
    assert res.status_code == 201, res.text
    return res.json()


def test_page_and_static_files_are_served(client):
    page = client.get("/review")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Sign in to Drafter" in page.text and "/review/static/review.js" in page.text
    assert client.get("/review/static/review.js").status_code == 200
    assert client.get("/review/static/review.css").status_code == 200
    assert client.get("/review/", follow_redirects=False).status_code == 308


def test_me_needs_a_key_and_names_the_store(client, demo_auth):
    assert client.get("/v1/review/me").status_code == 401
    me = client.get("/v1/review/me", headers=demo_auth).json()
    assert me["store_id"] == "demo-store" and me["name"] == "Demo Store" and me["timezone"] == "Europe/Berlin"
    assert "pending_review" in me["statuses"] and "aliexpress" in me["platforms"]


def test_lint_preview_uses_the_drafts_context_and_saves_nothing(client, demo_auth, demo_orders):
    d = _review_draft(client, demo_auth, demo_orders)
    parts = {k: d["draft"][k] for k in ("restatement", "solution", "commitment")}
    bad = {**parts, "solution": parts["solution"] + " Write to me at help@example.com."}
    res = client.post(f"/v1/review/drafts/{d['draft_id']}/lint", headers=demo_auth, json=bad)
    assert res.status_code == 200
    body = res.json()
    assert body["lint"]["ok"] is False
    email = next(v for v in body["lint"]["violations"] if "help@example.com" in v["excerpt"])
    assert body["text"][email["span"][0] : email["span"][1]] == email["excerpt"]
    assert client.post(f"/v1/review/drafts/{d['draft_id']}/lint", headers=demo_auth, json=parts).json()[
        "lint"
    ]["ok"]
    again = client.get(f"/v1/drafts/{d['draft_id']}", headers=demo_auth).json()
    assert again["draft"]["solution"] == parts["solution"]  # unsaved


def test_lint_preview_of_another_stores_draft_is_not_found(client, shared_settings, demo_auth, demo_orders):
    d = _review_draft(client, demo_auth, demo_orders)
    other = new_key(shared_settings, "other-store")
    parts = {k: d["draft"][k] for k in ("restatement", "solution", "commitment")}
    assert (
        client.post(f"/v1/review/drafts/{d['draft_id']}/lint", headers=other, json=parts).status_code == 404
    )


def test_draft_view_carries_the_buyers_message_and_thread(client, demo_auth):
    res = client.post(
        "/v1/drafts",
        headers=demo_auth,
        json={
            "platform": "ebay",
            "store_id": "demo-store",
            "text": "Any news?",
            "thread": [
                {"author": "buyer", "text": "Is the jacket waterproof?"},
                {"author": "seller", "text": "Yes, it is."},
            ],
        },
    )
    body = res.json()
    assert body["message_text"] == "Any news?"
    assert [m["author"] for m in body["thread"]] == ["buyer", "seller"]
    assert body["route_codes"] and len(body["route_codes"]) == len(body["route_reasons"])


def test_metrics_endpoint_answers_for_the_callers_store(client, demo_auth):
    res = client.get("/v1/review/metrics?days=30", headers=demo_auth)
    assert res.status_code == 200
    body = res.json()
    assert body["store_id"] == "demo-store" and body["overall"]["platform"] == "all"
    assert body["overall"]["messages"] == sum(p["messages"] for p in body["platforms"])
    assert client.get("/v1/review/metrics?days=0", headers=demo_auth).status_code == 422
