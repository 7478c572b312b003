"""The review page's sign-in: e-mail and password, an HttpOnly SameSite=Strict cookie, a CSRF token on
every change made with it, expiry (absolute and idle), sign-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from drafter.persistence.db import session_scope
from drafter.persistence.team_tables import ReviewSession
from drafter.team.sessions import COOKIE
from tests.team.conftest import PASSWORD, add_person, new_draft

STORE = "session-store"


def _login(browser, email: str, password: str = PASSWORD, **extra):  # noqa: ANN001, ANN202
    return browser.post("/v1/auth/login", json={"email": email, "password": password}, **extra)


def test_sign_in_csrf_and_sign_out(client, browser, shared_settings):
    agent = add_person(shared_settings, STORE, name="Anna")
    draft_id = new_draft(client, agent.auth, STORE)

    wrong = _login(browser, agent.email, "not the password")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "invalid_login")
    unknown = _login(browser, "nobody@session-store.test")
    assert unknown.json() == wrong.json()  # the same answer: no hint which e-mails exist
    assert COOKIE not in browser.cookies

    res = _login(browser, agent.email.upper())
    assert res.status_code == 200, res.text
    body = res.json()
    assert (body["user_id"], body["store_id"], body["role"], body["via"]) == (
        agent.user_id,
        STORE,
        "agent",
        "session",
    )
    cookie = res.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    csrf = body["csrf_token"]
    assert client.get("/v1/auth/session").status_code == 401  # the other client has no cookie

    # Reading needs only the cookie; changing needs the CSRF token too.
    assert browser.get(f"/v1/drafts/{draft_id}").status_code == 200
    assert browser.get("/v1/auth/session").json()["csrf_token"] == csrf
    refused = browser.post(f"/v1/drafts/{draft_id}/lock")
    assert (refused.status_code, refused.json()["code"]) == (403, "csrf_failed")
    forged = browser.post(f"/v1/drafts/{draft_id}/lock", headers={"X-CSRF-Token": "0" * 64})
    assert forged.json()["code"] == "csrf_failed"
    ok = browser.post(f"/v1/drafts/{draft_id}/lock", headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200 and ok.json()["user_id"] == agent.user_id
    trail = browser.get(f"/v1/drafts/{draft_id}/audit").json()
    assert trail[0]["actor"] == f"user:{agent.user_id}"

    assert browser.post("/v1/auth/logout").json()["code"] == "csrf_failed"
    assert browser.post("/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert browser.get(f"/v1/drafts/{draft_id}").status_code == 401


def test_sign_in_from_another_site_is_refused(browser, shared_settings):
    agent = add_person(shared_settings, STORE)
    res = _login(browser, agent.email, headers={"Origin": "https://evil.example"})
    assert (res.status_code, res.json()["code"]) == (403, "csrf_failed")
    form = browser.post(
        "/v1/auth/login",
        content=f'{{"email": "{agent.email}", "password": "{PASSWORD}"}}',
        headers={"Content-Type": "text/plain"},
    )
    assert form.status_code == 422 and COOKIE not in browser.cookies  # a plain form post is no JSON login


def test_sessions_expire(browser, shared_settings):
    agent = add_person(shared_settings, STORE)
    assert _login(browser, agent.email).status_code == 200
    assert browser.get("/v1/auth/session").status_code == 200
    url = shared_settings.resolved_database_url
    with session_scope(url) as session:  # the absolute expiry passes
        session.execute(
            update(ReviewSession)
            .where(ReviewSession.user_id == agent.user_id)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert browser.get("/v1/auth/session").json()["code"] == "session_expired"

    assert _login(browser, agent.email).status_code == 200
    idle = timedelta(minutes=shared_settings.session_idle_minutes + 1)
    with session_scope(url) as session:  # nothing for longer than the idle window
        session.execute(
            update(ReviewSession)
            .where(ReviewSession.user_id == agent.user_id, ReviewSession.revoked_at.is_(None))
            .values(last_seen_at=datetime.now(UTC) - idle)
        )
    assert browser.get("/v1/auth/session").status_code == 401


def test_key_sign_in_becomes_a_session(client, browser, shared_settings):
    agent = add_person(shared_settings, STORE)
    assert _login(browser, agent.email).status_code == 200
    first = browser.cookies[COOKIE]
    res = browser.post("/v1/auth/login", json={"api_key": agent.key})
    assert res.status_code == 200 and res.json()["user_id"] == agent.user_id
    # Signing in again replaced the browser's first session: its token no longer works.
    assert client.get("/v1/auth/session", cookies={COOKIE: first}).json()["code"] == "session_expired"
    assert browser.get("/v1/drafts").status_code == 200
    bad = browser.post("/v1/auth/login", json={"api_key": "drk_not-a-real-key"})
    assert bad.json()["code"] == "invalid_api_key"
    key_id = client.get("/v1/keys", headers=agent.auth).json()["items"][0]["key_id"]
    assert client.delete(f"/v1/keys/{key_id}", headers=agent.auth).status_code == 204
    assert browser.get("/v1/drafts").status_code == 401  # revoking the key ended its session at once
