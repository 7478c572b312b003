"""The team on the review page, in a real browser against a real server: sign in with e-mail and password,
another person's lock shown in the queue and on the draft (actions disabled), "Take it", sign out."""

from __future__ import annotations

import httpx
import pytest

from drafter.persistence.db import session_scope
from drafter.team import keys, users
from tests.web.test_browser import ARGS, CHROMIUM, server  # noqa: F401  (the real uvicorn server)

pytestmark = [pytest.mark.integration, pytest.mark.browser]
PASSWORD = "anna's long password"


def _person(settings, email: str, name: str) -> tuple[int, str]:  # noqa: ANN001
    with session_scope(settings.resolved_database_url) as session:
        new = users.NewUser(email=email, name=name, role="agent", password=PASSWORD)
        user = users.create_user(session, new=new, stores=["demo-store"], rounds=4)
        return user.id, keys.create_key(session, store_id="demo-store", user_id=user.id).key


def test_sign_in_lock_and_take(server):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    base, settings = server
    anna_id, _ = _person(settings, "anna@demo-store.test", "Anna")
    _, ben_key = _person(settings, "ben@demo-store.test", "Ben")
    ben = {"Authorization": f"Bearer {ben_key}"}
    res = httpx.post(
        f"{base}/v1/drafts",
        headers=ben,
        timeout=30,
        json={
            "platform": "ebay",
            "store_id": "demo-store",
            "message_id": "team-browser-1",
            "text": "Please cancel my order, I ordered the wrong size.",
        },
    )
    assert res.status_code in (200, 201), res.text
    draft_id = res.json()["draft_id"]
    assert httpx.post(f"{base}/v1/drafts/{draft_id}/lock", headers=ben).status_code == 200

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 960})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/review")
        page.select_option("#ui-language", "en")
        page.fill("#email", "anna@demo-store.test")
        page.fill("#password", "not the password")
        page.click("#login-submit")
        expect(page.locator("#login-error")).to_contain_text("Wrong e-mail or password")
        page.fill("#password", PASSWORD)
        page.click("#login-submit")
        expect(page.locator("#user-name")).to_have_text("Anna")
        assert not any(c["name"] == "drafter_session" and not c["httpOnly"] for c in page.context.cookies())

        item = page.locator(f'.queue-item[data-id="{draft_id}"]')
        expect(item.locator(".q-lock")).to_have_text("Open by Ben")
        item.click()
        expect(page.locator("#detail .d-lock")).to_contain_text("Ben has this draft open")
        expect(page.locator("#detail .approve")).to_be_disabled()

        # Ben lets go: opening the draft again takes it for Anna; "Take it" assigns it to her.
        assert httpx.delete(f"{base}/v1/drafts/{draft_id}/lock", headers=ben).status_code == 204
        page.goto(f"{base}/review/drafts/{draft_id}")
        expect(page.locator("#detail .d-lock")).to_contain_text("You have this draft open")
        expect(page.locator("#detail .approve")).to_be_enabled()
        page.click("#detail .take")
        expect(page.locator("#toast")).to_contain_text("The draft is yours.")
        expect(page.locator("#detail .d-assignee")).to_have_text("Assigned to Anna")
        view = httpx.get(f"{base}/v1/drafts/{draft_id}", headers=ben).json()
        assert view["assignee"]["user_id"] == anna_id and view["lock"]["user_id"] == anna_id
        trail = httpx.get(f"{base}/v1/drafts/{draft_id}/audit", headers=ben).json()
        assert trail[-1]["actor"] == f"user:{anna_id}" and trail[-1]["actor_name"] == "Anna"
        page.select_option("#f-assignee", "me")  # the queue filter: only what is assigned to Anna
        expect(page.locator(".queue-item")).to_have_count(1)
        expect(page.locator(f'.queue-item[data-id="{draft_id}"] .q-assignee')).to_have_text(
            "Assigned to Anna"
        )
        # Ben, by API, is refused while Anna has it open.
        refused = httpx.post(f"{base}/v1/drafts/{draft_id}/reject", headers=ben, json={"reason": "dup"})
        assert refused.json()["code"] == "draft_locked"

        page.click("#logout")
        expect(page.locator("#login-form")).to_be_visible()
        page.goto(f"{base}/review")
        expect(page.locator("#login-form")).to_be_visible()  # the session ended on the server too
        assert errors == []
        browser.close()
