"""Bad input gets a 4xx with a machine-readable code; never a 500; accepted data is never lost."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"platform": "ebay", "store_id": "demo-store", "text": ""}, "text_empty"),
        ({"platform": "ebay", "store_id": "demo-store", "text": "   \n\t "}, "text_empty"),
        ({"platform": "ebay", "store_id": "demo-store", "text": "x" * 10_001}, "text_too_long"),
        ({"platform": "etsy", "store_id": "demo-store", "text": "hello"}, "unknown_platform"),
        ({"store_id": "demo-store", "text": "hello"}, "missing_field"),
        ({"platform": "ebay", "store_id": "demo-store", "text": "hi", "colour": "red"}, "unknown_field"),
        ({"platform": "ebay", "store_id": "demo-store", "text": "hi", "received_at": "yesterday"}, "invalid_request"),
    ],
)
def test_bad_draft_requests(client, demo_auth, body, code):
    res = client.post("/v1/drafts", json=body, headers=demo_auth)
    assert res.status_code == 422, res.text
    assert res.json()["code"] == code
    assert res.json()["message"]


def test_invalid_json(client, demo_auth):
    res = client.post("/v1/drafts", content=b"{not json", headers={**demo_auth, "content-type": "application/json"})
    assert res.status_code == 422 and res.json()["code"] == "invalid_json"


def test_unknown_draft_id(client, demo_auth):
    res = client.get("/v1/drafts/does-not-exist", headers=demo_auth)
    assert res.status_code == 404 and res.json()["code"] == "draft_not_found"
    res = client.post("/v1/drafts/does-not-exist/approve", headers=demo_auth)
    assert res.status_code == 404 and res.json()["code"] == "draft_not_found"


def test_classify_and_lint_endpoints(client, demo_auth):
    res = client.post("/v1/classify", json={"platform": "amazon", "text": "I will file an A-to-z claim!"},
                      headers=demo_auth)
    assert res.status_code == 200
    assert res.json()["risk"] == "high" and "chargeback_claim" in res.json()["flags"]
    res = client.post("/v1/lint", json={"platform": "ebay", "text": "Write me: bob@example.com"}, headers=demo_auth)
    assert res.status_code == 200 and res.json()["ok"] is False
    assert res.json()["violations"][0]["span"][1] > res.json()["violations"][0]["span"][0]
    res = client.post("/v1/lint", json={"platform": "ebay", "text": ""}, headers=demo_auth)
    assert res.status_code == 422 and res.json()["code"] == "text_empty"
