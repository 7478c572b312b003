"""Rating a draft with one key on the reviewer's page, in Debian's chromium against a real uvicorn server:
3 marks it wrong, the toast says so, and the rating is stored and in the audit trail."""

from __future__ import annotations

import httpx
import pytest

from tests.web.test_browser import ARGS, CHROMIUM, _seed, server  # noqa: F401  (the server fixture)

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def test_one_key_rates_the_open_draft(server):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    base, settings = server
    key = (settings.data_dir / "demo-api-key.txt").read_text().strip()
    auth = {"Authorization": f"Bearer {key}"}
    ids = _seed(base, key)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 960})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/review")
        page.select_option("#ui-language", "en")
        page.fill("#api-key", key)
        page.click("#login-submit")
        page.locator(f'.queue-item[data-id="{ids["legal"]}"]').click()
        expect(page.locator("#detail .buyer-text")).to_be_visible()
        page.keyboard.press("3")
        expect(page.locator("#toast")).to_contain_text("Rated: wrong")
        page.keyboard.press("1")
        expect(page.locator("#toast")).to_contain_text("Rated: good")
        assert errors == []
        browser.close()
    trail = httpx.get(f"{base}/v1/drafts/{ids['legal']}/audit", headers=auth).json()
    ratings = [e["details"]["rating"] for e in trail if e["action"] == "rated"]
    assert ratings == ["wrong", "good"]
