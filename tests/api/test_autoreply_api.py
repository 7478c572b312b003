"""GET /v1/autoreply/kit: the caller's own store, the platform's languages, clear errors."""

from __future__ import annotations


def test_kit_for_the_callers_store(client, demo_auth):
    resp = client.get("/v1/autoreply/kit", params={"platform": "aliexpress"}, headers=demo_auth)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["store_id"] == "demo-store" and body["ok"] is True
    assert set(body["languages"]) == {"zh", "en", "ru", "es", "fr", "pt"}
    assert all(t["lint"]["ok"] for t in body["texts"])


def test_kit_in_chosen_languages(client, demo_auth):
    resp = client.get(
        "/v1/autoreply/kit",
        params=[("platform", "ebay"), ("language", "de"), ("language", "ja")],
        headers=demo_auth,
    )
    assert resp.status_code == 200
    assert {t["language"] for t in resp.json()["texts"]} == {"de", "ja"}


def test_kit_errors_are_clear(client, demo_auth):
    assert client.get("/v1/autoreply/kit").status_code == 401
    bad_language = client.get("/v1/autoreply/kit", params={"language": "xx"}, headers=demo_auth)
    assert bad_language.status_code == 422 and bad_language.json()["code"] == "unsupported_language"
    not_on_platform = client.get(
        "/v1/autoreply/kit", params={"platform": "aliexpress", "language": "de"}, headers=demo_auth
    )
    assert not_on_platform.status_code == 422 and "zh, en" in not_on_platform.json()["message"]
    traversal = client.get(
        "/v1/autoreply/kit", params={"language": "../stores/demo-store"}, headers=demo_auth
    )
    assert traversal.status_code == 422
    bad_platform = client.get("/v1/autoreply/kit", params={"platform": "wish"}, headers=demo_auth)
    assert bad_platform.status_code == 422
