"""The real service: `drafter serve` in a subprocess on 127.0.0.1, spoken to over HTTP, then stopped."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from drafter.devtools.localserver import free_port, wait_until_ready

pytestmark = pytest.mark.integration


def test_serve_initialises_an_empty_data_dir_and_answers(tmp_path):
    port = free_port()
    env = {**os.environ, "DRAFTER_DATA_DIR": str(tmp_path / "var")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        if not wait_until_ready(base, timeout_s=60):
            pytest.fail("service did not become ready")
        key = (tmp_path / "var" / "demo-api-key.txt").read_text().strip()
        res = httpx.post(
            f"{base}/v1/drafts",
            headers={"Authorization": f"Bearer {key}"},
            json={"platform": "ebay", "store_id": "demo-store", "text": "Wo ist mein Paket?"},
        )
        assert res.status_code == 201 and res.json()["language"] == "de"
        assert httpx.get(f"{base}/docs").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
