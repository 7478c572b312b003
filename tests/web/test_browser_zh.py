"""The review page as a Chinese seller's team uses it, in Debian's chromium (Playwright) at 1366×768 against a
real uvicorn server that drafted the demo messages on first start: no English UI words, the why above the
fold, the buyer's and the reviewer's language side by side, search in the history, deep links, the key kept
across tabs, Enter rejects, mark as sent by hand."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from drafter.config import Settings
from drafter.devtools.localserver import free_port, wait_until_ready
from tests.web.test_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.integration, pytest.mark.browser]

# Latin words a Chinese page may show: the product's name and protocol words with no Chinese form.
ALLOWED_LATIN = {"Drafter", "Webhook", "API", "FAQ", "Ctrl", "Enter", "Esc"}
CJK = re.compile(r"[\u4e00-\u9fff]")

# Visible text that is UI, not data: data (buyer text, replies, ids) sits under translate="no".
UI_TEXT_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!node.textContent.trim() || !parent || parent.closest('[translate="no"], script, style, template')) continue;
    const box = parent.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(parent).visibility === 'hidden') continue;
    out.push(node.textContent.trim());
  }
  for (const n of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
    if (n.closest('[translate="no"], template') || !n.getBoundingClientRect().width) continue;
    for (const a of ['placeholder', 'title', 'aria-label']) if (n.getAttribute(a)) out.push(n.getAttribute(a));
  }
  return out;
}"""


def english_words(texts: list[str]) -> list[str]:
    return sorted({w for text in texts for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED_LATIN})


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory) -> Iterator[tuple[str, Settings]]:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"chromium not found at {CHROMIUM}: install Debian's chromium (scripts/test-deps.sh does)"
        )
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    import uvicorn

    from drafter.api.app import create_app

    settings = Settings(data_dir=tmp_path_factory.mktemp("browser-zh") / "var", demo_drafts=True)
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


def test_chinese_review_page(demo_server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    base, settings = demo_server
    key = (settings.data_dir / "demo-api-key.txt").read_text().strip()
    auth = {"Authorization": f"Bearer {key}"}
    shots = Path(os.environ.get("DRAFTER_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    threaded = httpx.post(
        f"{base}/v1/drafts",
        headers=auth,
        timeout=60,
        json={
            "platform": "ebay",
            "store_id": "demo-store",
            "message_id": "zh-thread",
            "text": "Und wann kommt es jetzt? Ich warte immer noch.",
            "thread": [
                {"author": "buyer", "text": "Wo ist meine Bestellung?"},
                {"role": "agent", "text": "Ihre Bestellung ist unterwegs."},
            ],
        },
    ).json()
    queue = httpx.get(
        f"{base}/v1/drafts?status=pending_review&status=escalated&limit=100", headers=auth
    ).json()["items"]
    assert len(queue) >= 8, "the demo messages were drafted on first start"
    escalated = next(d for d in queue if d["risk"] == "high")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/review")

        # Sign-in page: Chinese, and it says where the demo key is.
        expect(page.locator("#login-form h1")).to_have_text("登录 Drafter")
        expect(page.locator("#login-where")).to_contain_text("var/demo-api-key.txt")
        page.screenshot(path=str(shots / "zh-signin.png"))
        page.fill("#api-key", key)
        page.click("#login-submit")
        expect(page.locator(".queue-item")).to_have_count(len(queue))
        expect(page.locator("#queue-count")).to_contain_text("条草稿")

        # A high-risk draft: the why above the fold (risk as a word, route, flags with their words).
        page.locator(f'.queue-item[data-id="{escalated["draft_id"]}"]').click()
        expect(page).to_have_url(f"{base}/review/drafts/{escalated['draft_id']}")
        why = page.locator("#detail .why")
        expect(why.locator(".route-word")).to_have_text("升级处理")
        expect(page.locator("#detail .risk-badge")).to_have_text("高风险")
        expect(why.locator(".flag q").first).to_be_visible()
        box = why.bounding_box()
        assert box and box["y"] + box["height"] <= 768, box
        # Side by side: the buyer's message and a Chinese gloss, the reply and the same reply in Chinese.
        expect(page.locator("#detail .buyer-text")).to_contain_text(escalated["excerpt"][:30])
        reviewer_reply = page.locator("#detail .reviewer-reply").inner_text()
        assert len(CJK.findall(reviewer_reply)) > 20, reviewer_reply
        assert CJK.search(page.locator("#detail .reviewer-message").inner_text())
        expect(page.locator("#detail .agreement")).to_have_text("数字和日期一致")
        page.screenshot(path=str(shots / "zh-escalated-1366x768.png"))
        assert english_words(page.evaluate(UI_TEXT_JS)) == []

        # Enter in the reason field rejects.
        other = next(d for d in queue if d["draft_id"] != escalated["draft_id"] and d["risk"] != "high")
        page.locator(f'.queue-item[data-id="{other["draft_id"]}"]').click()
        expect(page.locator("#detail .d-link")).to_have_attribute(
            "href", f"/review/drafts/{other['draft_id']}"
        )
        page.screenshot(path=str(shots / "zh-review-1366x768.png"))
        page.fill("#detail .reject-reason", "回复需要重写")
        page.press("#detail .reject-reason", "Enter")
        expect(page.locator("#toast")).to_have_text("已驳回。")
        assert httpx.get(f"{base}/v1/drafts/{other['draft_id']}", headers=auth).json()["status"] == "rejected"

        # A reply approved, then sent by hand (demo-store has no webhook), then found by its order number.
        target = next(
            d for d in queue if d["order_id"] and d["risk"] != "high" and d["draft_id"] != other["draft_id"]
        )
        approved = httpx.post(f"{base}/v1/drafts/{target['draft_id']}/approve", headers=auth)
        assert approved.status_code == 200, approved.text
        tab = context.new_page()  # a second tab of the same browser session: already signed in
        tab.goto(f"{base}/review/drafts/{target['draft_id']}")
        expect(tab.locator("#detail .decided.by-hand")).to_be_visible()
        expect(tab.locator("#detail .decided .mark-sent")).to_have_text("标记为已发送")
        tab.screenshot(path=str(shots / "zh-ready-to-send-by-hand.png"))
        tab.click("#detail .decided .mark-sent")
        expect(tab.locator("#toast")).to_have_text("已标记为已发送。")
        assert httpx.get(f"{base}/v1/drafts/{target['draft_id']}", headers=auth).json()["status"] == "sent"
        tab.click("#tab-history")
        expect(tab).to_have_url(f"{base}/review/history")
        tab.fill("#h-search", target["order_id"])
        rows = tab.locator("#history-table tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("已发送")
        tab.screenshot(path=str(shots / "zh-history-search.png"))
        assert english_words(tab.evaluate(UI_TEXT_JS)) == []
        rows.first.click()
        expect(tab).to_have_url(f"{base}/review/drafts/{target['draft_id']}")
        expect(tab.locator("#detail .d-status")).to_have_text("已发送")

        # Thread roles: the seller's earlier reply is labelled as ours, the buyer's as the buyer's.
        tab.goto(f"{base}/review/drafts/{threaded['draft_id']}")
        expect(tab.locator("#detail .thread li.seller .who")).to_have_text("我方（卖家）")
        expect(tab.locator("#detail .thread li.buyer .who")).to_have_text("买家")

        # First response: Chinese units, the sent reply counted.
        tab.click("#tab-metrics")
        expect(tab.locator("#metrics-chart svg")).to_be_visible()
        expect(tab.locator("#metrics-chart svg text").first).to_contain_text("首次响应时间")
        tab.screenshot(path=str(shots / "zh-metrics.png"))
        assert english_words(tab.evaluate(UI_TEXT_JS)) == []

        # Switching to English changes every word; back to Chinese.
        tab.select_option("#ui-language", "en")
        expect(tab.locator("#tab-history")).to_have_text("History")
        tab.select_option("#ui-language", "zh-CN")
        expect(tab.locator("#tab-history")).to_have_text("历史记录")
        assert errors == []
        browser.close()


def test_api_docs_render_without_network(demo_server):
    """The browser has no network here: /docs and /redoc render only if their files come from the server."""
    from playwright.sync_api import expect, sync_playwright

    base, _ = demo_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        # No network: anything not from this server is refused. ReDoc's footer logo (an image from its CDN,
        # which ReDoc drops when it fails to load) is the only outside request allowed to be attempted.
        outside: list[str] = []

        def no_network(route):  # noqa: ANN001
            if not route.request.url.startswith((base, "data:", "blob:")):
                if route.request.resource_type != "image":
                    outside.append(route.request.url)
                return route.abort()
            return route.continue_()

        page.route("**/*", no_network)
        page.goto(f"{base}/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Drafter", timeout=30_000)
        expect(
            page.locator(".opblock-summary-path", has_text="/v1/drafts/{draft_id}/mark-sent")
        ).to_be_visible()
        page.goto(f"{base}/redoc")
        expect(page.locator("h1", has_text="Drafter").first).to_be_visible(timeout=30_000)
        assert outside == []
        browser.close()
