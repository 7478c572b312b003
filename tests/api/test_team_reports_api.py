"""The HTTP side of promises, the SLA report, ratings and the follow-up queue filter."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_promises_report_feedback_and_follow_up_filter(client: TestClient, demo_auth: dict[str, str]):
    res = client.get("/v1/promises", params={"status": "open"}, headers=demo_auth)
    assert res.status_code == 200 and isinstance(res.json()["items"], list)
    assert client.get("/v1/promises", params={"status": "bogus"}, headers=demo_auth).status_code == 422
    report = client.get("/v1/reports/sla", headers=demo_auth)
    assert report.status_code == 200
    assert {"overall", "by_platform", "by_person", "by_week"} <= set(report.json())
    queue = client.get("/v1/drafts", params={"kind": "follow_up"}, headers=demo_auth)
    assert queue.status_code == 200 and isinstance(queue.json()["items"], list)
    message = {
        "platform": "amazon",
        "store_id": "demo-store",
        "text": "Where is my parcel?",
        "message_id": "team-api-1",
    }
    draft_id = client.post("/v1/drafts", json=message, headers=demo_auth).json()["draft_id"]
    rated = client.post(f"/v1/drafts/{draft_id}/feedback", json={"rating": "good"}, headers=demo_auth)
    assert rated.status_code == 200 and rated.json()["rating"] == "good"
    empty = client.post(f"/v1/drafts/{draft_id}/feedback", json={}, headers=demo_auth)
    assert empty.status_code == 422 and empty.json()["code"]
    missing = client.post("/v1/drafts/nope/feedback", json={"rating": "wrong"}, headers=demo_auth)
    assert missing.status_code == 404
    trail = client.get(f"/v1/drafts/{draft_id}/audit", headers=demo_auth).json()
    assert any(e["action"] == "rated" and e["details"]["rating"] == "good" for e in trail)
