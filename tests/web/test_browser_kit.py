"""The auto-reply kit in the review page, in a real browser (Debian's chromium via Playwright, a real
uvicorn server on 127.0.0.1): every language's texts with their lint, the reviewer-language text beside
each, an approval per text that the API then reports and a reload still shows."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tests.web.test_browser import ARGS, CHROMIUM, server  # noqa: F401  (the same real server fixture)

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def test_kit_view_shows_texts_and_stores_approvals(server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    base, settings = server
    key = (settings.data_dir / "demo-api-key.txt").read_text().strip()
    auth = {"Authorization": f"Bearer {key}"}
    kit = httpx.get(
        f"{base}/v1/autoreply/kit", params={"platform": "aliexpress", "reviewer_language": "en"}, headers=auth
    ).json()
    ru_welcome = next(t for t in kit["texts"] if t["language"] == "ru" and t["kind"] == "welcome")
    en_welcome = next(t for t in kit["texts"] if t["language"] == "en" and t["kind"] == "welcome")
    assert ru_welcome["approval"]["approved"] is False
    shots = Path(os.environ.get("DRAFTER_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 960})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/review/kit")
        page.select_option("#ui-language", "en")
        page.fill("#api-key", key)
        page.click("#login-submit")

        # One card per AliExpress language, each text with its lint result.
        expect(page.locator("#kit-view")).to_be_visible()
        expect(page.locator("#tab-kit")).to_have_class("tab active")
        expect(page.locator(".kit-language")).to_have_count(6)
        expect(page.locator(".kit-text")).to_have_count(len(kit["texts"]))
        expect(page.locator(".kit-text .lint-ok")).to_have_count(len(kit["texts"]))
        expect(page.locator("#kit-summary")).to_have_text(f"0 of {len(kit['texts'])} texts approved")

        # The Russian welcome, with the English one beside it for this reviewer.
        row = page.locator('.kit-language[data-language="ru"] .kit-text[data-kind="welcome"]')
        expect(row.locator(".kit-words")).to_have_text(ru_welcome["text"])
        expect(row.locator(".kit-gloss p")).to_have_text(en_welcome["text"])
        expect(row.locator(".kit-state")).to_have_text("Not approved yet")
        row.locator(".kit-approve").click()
        expect(page.locator("#toast")).to_contain_text("Approved")
        row = page.locator('.kit-language[data-language="ru"] .kit-text[data-kind="welcome"]')
        expect(row.locator(".kit-state")).to_contain_text("Approved by key:demo-store")
        expect(row.locator(".kit-approve")).to_be_hidden()
        expect(row.locator(".kit-gloss p")).to_have_text(en_welcome["text"])  # still beside it
        page.screenshot(path=str(shots / "review-kit.png"), full_page=False)

        after = httpx.get(f"{base}/v1/autoreply/kit", params={"platform": "aliexpress"}, headers=auth).json()
        state = next(t for t in after["texts"] if t["language"] == "ru" and t["kind"] == "welcome")[
            "approval"
        ]
        assert state["approved"] is True and state["approved_by"] == "key:demo-store"
        assert sum(t["approval"]["approved"] for t in after["texts"]) == 1

        # A reload keeps the approval; another platform lists its own languages.
        page.reload()
        expect(page.locator("#kit-summary")).to_have_text(f"1 of {len(kit['texts'])} texts approved")
        # A reviewer who reads Chinese sees the Chinese text beside it (the page's language decides).
        zh_welcome = next(t for t in kit["texts"] if t["language"] == "zh" and t["kind"] == "welcome")
        page.select_option("#ui-language", "zh-CN")
        expect(page.locator("#tab-kit")).to_have_text("自动回复套件")
        expect(row.locator(".kit-gloss p")).to_have_text(zh_welcome["text"])
        expect(row.locator(".kit-state")).to_contain_text("批准")
        page.select_option("#k-platform", "amazon")
        expect(page.locator(".kit-language")).to_have_count(14)
        assert errors == []
        browser.close()
