"""/docs and /redoc load their scripts from the package, never from a CDN (rendering is checked in a browser
with no network in test_browser_zh.py)."""

from __future__ import annotations

import re


def test_docs_pages_use_packaged_assets_only(client):
    for path, assets in (
        ("/docs", ["swagger-ui-bundle.js", "swagger-ui.css"]),
        ("/redoc", ["redoc.standalone.js"]),
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        urls = re.findall(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""", page.text)
        assert urls and all(u.startswith("/") for u in urls), (path, urls)
        assert "cdn" not in page.text.lower() and "fonts.googleapis" not in page.text, path
        for name in assets:
            asset = client.get(f"/docs-assets/{name}")
            assert asset.status_code == 200 and len(asset.content) > 100_000, name
    assert client.get("/openapi.json").json()["info"]["title"] == "Drafter"
