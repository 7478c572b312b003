"""The HTML report opens in headless chromium, offline, and its charts render."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip(
            "Debian's chromium is not installed (/usr/bin/chromium); scripts/test-deps.sh installs it"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


def test_report_renders_its_charts_without_the_network(browser, slice_report_dir, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto((slice_report_dir / "report.html").as_uri())
    page.wait_for_load_state("load")
    assert page.title() == "Drafter evaluation"
    assert page.locator("svg.chart").count() == 4
    assert page.locator("svg.chart rect.bar").count() > 20  # language and platform bars, histogram
    assert page.locator("svg.chart rect.cell").count() == 13 * 13  # the intent confusion matrix
    box = page.locator("svg.chart").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000  # a blank page is a few KB
    assert all(url.startswith(("file://", "data:", "about:")) for url in requested), requested
    page.close()
