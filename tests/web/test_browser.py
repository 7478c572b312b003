"""The reviewer's page in a real browser: Debian's chromium driven by Playwright, against a real uvicorn
server on 127.0.0.1. Login, queue order, an edit that breaks a rule is blocked, the fix is approved."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from drafter.config import Settings
from drafter.devtools.localserver import free_port, wait_until_ready

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM = os.environ.get("DRAFTER_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Settings]]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(
            f"chromium not found at {CHROMIUM}: install Debian's chromium (scripts/test-deps.sh does)"
        )
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    import uvicorn

    from drafter.api.app import create_app

    settings = Settings(data_dir=tmp_path_factory.mktemp("browser") / "var")
    port = free_port()
    srv = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    if not wait_until_ready(base, timeout_s=120):
        pytest.fail("the server did not become ready")
    yield base, settings
    srv.should_exit = True
    thread.join(timeout=20)


def _seed(base: str, key: str) -> dict[str, str]:
    """Messages that land in review or escalation, received at different times (different deadlines)."""
    now = datetime.now(UTC)
    messages = {
        "cancel": ("ebay", "Please cancel my order 114-3941689-8835410, I ordered the wrong size.", 20),
        "address": ("shopify", "Can I still change the delivery address for my order?", 2),
        "broken": ("amazon", "The charger I got arrived broken, it does not turn on at all.", 1),
        "legal": (
            "ebay",
            "This is fraud. My lawyer will take legal action if I do not get my money back today.",
            0.2,
        ),
    }
    ids = {}
    auth = {"Authorization": f"Bearer {key}"}
    for name, (platform, text, hours_ago) in messages.items():
        res = httpx.post(
            f"{base}/v1/drafts",
            headers=auth,
            timeout=30,
            json={
                "platform": platform,
                "store_id": "demo-store",
                "text": text,
                "message_id": f"browser-{name}",
                "received_at": (now - timedelta(hours=hours_ago)).isoformat(),
            },
        )
        assert res.status_code in (200, 201), res.text
        ids[name] = res.json()["draft_id"]
    return ids


def test_review_page_in_chromium(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    base, settings = server
    key = (settings.data_dir / "demo-api-key.txt").read_text().strip()
    auth = {"Authorization": f"Bearer {key}"}
    ids = _seed(base, key)
    drafts = {name: httpx.get(f"{base}/v1/drafts/{i}", headers=auth).json() for name, i in ids.items()}
    queued = {n for n, d in drafts.items() if d["status"] in ("pending_review", "escalated")}
    assert {"cancel", "legal"} <= queued, {n: d["route_reasons"] for n, d in drafts.items()}
    shots = Path(os.environ.get("DRAFTER_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 960})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/review")

        # Login: a wrong key is refused, the store's key opens the queue. This reviewer reads English
        # (the store's reviewers read Chinese: without a choice the page would follow the store).
        expect(page.locator("#login-form")).to_be_visible()
        page.select_option("#ui-language", "en")
        page.fill("#api-key", "drk_not-a-real-key")
        page.click("#login-submit")
        expect(page.locator("#login-error")).to_contain_text("unknown or revoked")
        page.fill("#api-key", key)
        page.click("#login-submit")
        expect(page.locator("#store-name")).to_have_text("Demo Store")
        items = page.locator(".queue-item")
        expect(items).to_have_count(len(queued))

        # Queue order: soonest deadline first, with the risk colour of each draft.
        shown = items.evaluate_all("nodes => nodes.map(n => [n.dataset.id, n.dataset.risk])")
        by_id = {d["draft_id"]: d for d in drafts.values()}
        deadlines = [datetime.fromisoformat(by_id[i]["sla_deadline"]) for i, _ in shown]
        assert deadlines == sorted(deadlines)
        assert {i for i, _ in shown} == {ids[n] for n in queued}
        assert all(risk == by_id[i]["risk"] for i, risk in shown)
        legal = page.locator(f'.queue-item[data-id="{ids["legal"]}"]')
        expect(legal.locator(".risk-word")).to_have_class("risk-word risk-high")
        expect(legal.locator(".risk-word")).to_have_text("High risk")

        # Filters: only escalated drafts.
        page.select_option("#f-status", "escalated")
        expect(items).to_have_count(sum(drafts[n]["status"] == "escalated" for n in queued))
        page.select_option("#f-status", "open")
        expect(items).to_have_count(len(queued))

        # One draft: the buyer's message, its lint, then an edit that breaks a rule.
        page.locator(f'.queue-item[data-id="{ids["cancel"]}"]').click()
        expect(page.locator("#detail .buyer-text")).to_have_text(drafts["cancel"]["message_text"])
        expect(page.locator("#detail .lint-status")).to_have_text("Lint clean")
        solution = page.locator('#detail .part[data-part="solution"] textarea')
        original = solution.input_value()
        solution.click()
        solution.press("End")
        solution.type(" You can also write to me at help@example.com.")
        expect(page.locator("#detail .lint-status")).to_contain_text("Blocked")
        mark = page.locator('#detail .part[data-part="solution"] .hl-backdrop mark')
        expect(mark.first).to_have_text("help@example.com")
        expect(page.locator("#detail .violations li").first).to_contain_text("help@example.com")
        page.screenshot(path=str(shots / "review-blocked.png"))
        page.click("#detail .approve")
        expect(page.locator("#detail .banner")).to_contain_text("Approval blocked")
        assert (
            httpx.get(f"{base}/v1/drafts/{ids['cancel']}", headers=auth).json()["status"] == "pending_review"
        )

        # Fix it and approve with the keyboard shortcut.
        solution.fill(original)
        expect(page.locator("#detail .lint-status")).to_have_text("Lint clean")
        expect(mark).to_have_count(0)
        solution.press("Escape")
        page.keyboard.press("a")
        expect(page.locator("#toast")).to_contain_text("Approved")
        expect(page.locator(f'.queue-item[data-id="{ids["cancel"]}"]')).to_have_count(0)
        after = httpx.get(f"{base}/v1/drafts/{ids['cancel']}", headers=auth).json()
        assert after["status"] == "approved" and after["draft"]["solution"] == original
        audit = [
            e["action"] for e in httpx.get(f"{base}/v1/drafts/{ids['cancel']}/audit", headers=auth).json()
        ]
        assert audit[-1] == "approved" and audit.index("approve_blocked") < len(audit) - 1
        expect(page.locator(".queue-item.selected")).to_have_count(1)  # moved on to the next draft
        page.keyboard.press("j")
        page.screenshot(path=str(shots / "review-queue.png"))

        # First-response metrics as an inline SVG chart.
        page.click("#tab-metrics")
        expect(page.locator("#metrics-chart svg")).to_be_visible()
        expect(page.locator("#metrics-table tbody tr")).not_to_have_count(0)
        page.screenshot(path=str(shots / "review-metrics.png"))
        assert errors == []
        browser.close()
