"""Bad input gets a 4xx with a machine-readable code; never a 500; accepted data is never lost."""

from __future__ import annotations

import json

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
        (
            {"platform": "ebay", "store_id": "demo-store", "text": "hi", "received_at": "yesterday"},
            "invalid_request",
        ),
    ],
)
def test_bad_draft_requests(client, demo_auth, body, code):
    res = client.post("/v1/drafts", json=body, headers=demo_auth)
    assert res.status_code == 422, res.text
    assert res.json()["code"] == code
    assert res.json()["message"]


def test_invalid_json(client, demo_auth):
    res = client.post(
        "/v1/drafts", content=b"{not json", headers={**demo_auth, "content-type": "application/json"}
    )
    assert res.status_code == 422 and res.json()["code"] == "invalid_json"


def test_unknown_draft_id(client, demo_auth):
    res = client.get("/v1/drafts/does-not-exist", headers=demo_auth)
    assert res.status_code == 404 and res.json()["code"] == "draft_not_found"
    res = client.post("/v1/drafts/does-not-exist/approve", headers=demo_auth)
    assert res.status_code == 404 and res.json()["code"] == "draft_not_found"


def test_classify_and_lint_endpoints(client, demo_auth):
    res = client.post(
        "/v1/classify", json={"platform": "amazon", "text": "I will file an A-to-z claim!"}, headers=demo_auth
    )
    assert res.status_code == 200
    assert res.json()["risk"] == "high" and "chargeback_claim" in res.json()["flags"]
    res = client.post(
        "/v1/lint", json={"platform": "ebay", "text": "Write me: bob@example.com"}, headers=demo_auth
    )
    assert res.status_code == 200 and res.json()["ok"] is False
    assert res.json()["violations"][0]["span"][1] > res.json()["violations"][0]["span"][0]
    res = client.post("/v1/lint", json={"platform": "ebay", "text": ""}, headers=demo_auth)
    assert res.status_code == 422 and res.json()["code"] == "text_empty"


# ---------------------------------------------------------------- control characters, dates, offsets


def _draft(client, auth, message_id: str) -> str:
    body = {
        "platform": "ebay",
        "store_id": "demo-store",
        "text": "Where is my parcel?",
        "message_id": message_id,
    }
    res = client.post("/v1/drafts", json=body, headers=auth)
    assert res.status_code in (200, 201), res.text
    return res.json()["draft_id"]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x0b", "\ud800"])
@pytest.mark.parametrize("field", ["message_id", "order_id", "store_id", "text", "buyer_locale"])
def test_control_characters_in_a_draft_request(client, demo_auth, field, char):
    body = {"platform": "ebay", "store_id": "demo-store", "text": "Where is my parcel?", field: f"ab{char}cd"}
    # as \uXXXX escapes, the way a JSON encoder sends them (a lone surrogate has no UTF-8 form at all)
    res = client.post(
        "/v1/drafts", content=json.dumps(body), headers={**demo_auth, "content-type": "application/json"}
    )
    assert res.status_code == 422, res.text
    assert res.json()["code"] == "control_character"
    assert res.json()["details"][0]["loc"] == ["body", field]


def test_tab_newline_and_cr_are_text(client, demo_auth):
    body = {"platform": "ebay", "store_id": "demo-store", "text": "Hello,\r\n\twhere is my parcel?"}
    assert client.post("/v1/drafts", json=body, headers=demo_auth).status_code == 201


def test_control_characters_in_edits_rejections_and_filters(client, demo_auth):
    draft_id = _draft(client, demo_auth, "nul-edits-1")
    res = client.patch(f"/v1/drafts/{draft_id}", json={"solution": "We ship\x00 today."}, headers=demo_auth)
    assert res.status_code == 422 and res.json()["code"] == "control_character"
    res = client.post(f"/v1/drafts/{draft_id}/reject", json={"reason": "no\x00"}, headers=demo_auth)
    assert res.status_code == 422 and res.json()["code"] == "control_character"
    res = client.post(f"/v1/drafts/{draft_id}/approve", json={"commitment": "\x01"}, headers=demo_auth)
    assert res.status_code == 422 and res.json()["code"] == "control_character"
    res = client.get("/v1/drafts", params={"language": "en\x00"}, headers=demo_auth)
    assert res.status_code == 422 and res.json()["details"][0]["loc"] == ["query", "language"]
    res = client.get("/v1/drafts/ab%00cd", headers=demo_auth)
    assert res.status_code == 422 and res.json()["code"] == "control_character"
    res = client.post(
        "/v1/lint", json={"platform": "ebay", "text": "hi", "order_id": "1\x00"}, headers=demo_auth
    )
    assert res.status_code == 422 and res.json()["code"] == "control_character"
    # nothing above changed the draft
    res = client.get(f"/v1/drafts/{draft_id}", headers=demo_auth)
    assert res.status_code == 200 and "\x00" not in res.json()["draft"]["text"]


@pytest.mark.parametrize(
    "when",
    [
        "9999-12-31T23:59:59+14:00",
        "0001-01-01T00:00:00-12:00",
        "2100-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
    ],
)
def test_absurd_dates_are_refused(client, demo_auth, when):
    body = {
        "platform": "aliexpress",
        "store_id": "demo-store",
        "text": "Where is my parcel?",
        "received_at": when,
    }
    res = client.post("/v1/drafts", json=body, headers=demo_auth)
    assert res.status_code == 422, res.text
    assert res.json()["code"] == "date_out_of_range"


def test_a_date_near_the_range_end_still_drafts(client, demo_auth):
    body = {
        "platform": "aliexpress",
        "store_id": "demo-store",
        "text": "Where is my parcel?",
        "received_at": "2099-12-31T23:00:00+14:00",
    }
    res = client.post("/v1/drafts", json=body, headers=demo_auth)
    assert res.status_code == 201, res.text
    assert res.json()["sla_deadline"] > "2099-12-31"


def test_naive_received_at_is_refused(client, demo_auth):
    body = {"platform": "ebay", "store_id": "demo-store", "text": "Hi", "received_at": "2026-11-20T10:00:00"}
    res = client.post("/v1/drafts", json=body, headers=demo_auth)
    assert res.status_code == 422 and res.json()["code"] == "timezone_required"


@pytest.mark.parametrize(
    "query",
    ["offset=9223372036854775808", "offset=1000000001", "offset=-1", "limit=0", "limit=99999999999999999999"],
)
def test_out_of_range_offsets_and_limits(client, demo_auth, query):
    res = client.get(f"/v1/drafts?{query}", headers=demo_auth)
    assert res.status_code == 422, res.text
    assert res.json()["code"] == "out_of_range"


def test_huge_offset_within_range_is_an_empty_page(client, demo_auth):
    res = client.get("/v1/drafts?offset=1000000000", headers=demo_auth)
    assert res.status_code == 200 and res.json()["items"] == []
    res = client.get("/v1/batches/nope?offset=9223372036854775808", headers=demo_auth)
    assert res.status_code == 422 and res.json()["code"] == "out_of_range"
