"""One client, one keep-alive connection, POST -> PATCH -> approve in sequence, 200 times, against a real
server on PostgreSQL: every write is committed before its response is sent, so the next request always
sees it (no draft_not_found after a 201, no approval of the text from before an edit), and no text that
fails lint is ever approved. Figures: `pytest tests/drafts/test_read_your_writes.py -s`."""

from __future__ import annotations

import pytest

from tests.backends import create_scratch_db, drop_scratch_db, require_pg, stop_process
from tests.drafts.conftest import STORE, start_server

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.postgres]
ROUNDS = 200
BLOCKED = {"solution": "Write to us at help@example.com and we will look into it."}
CLEAN = {"solution": "We are looking into this for you right now."}


def test_post_patch_approve_in_sequence_never_reads_stale(tmp_path):
    require_pg()
    url = create_scratch_db("drafter_ryw_test")
    proc, server = start_server(tmp_path / "var", url)
    stale, bad_approvals, approved, blocked = [], [], 0, 0
    try:
        with server.client() as client:
            for n in range(ROUNDS):
                created = client.post(
                    "/v1/drafts",
                    json={
                        "platform": "amazon",
                        "store_id": STORE,
                        "message_id": f"ryw-{n}",
                        "text": "Hi, any news about my package? Thanks",
                    },
                )
                assert created.status_code == 201, created.text
                path = f"/v1/drafts/{created.json()['draft_id']}"
                edit = BLOCKED if n % 2 == 0 else CLEAN
                patched = client.patch(path, json=edit)
                if patched.status_code != 200:
                    stale.append(f"{n}: PATCH after 201 -> {patched.status_code} {patched.text[:120]}")
                    continue
                text = patched.json()["draft"]["text"]
                res = client.post(f"{path}/approve")
                after = client.get(path).json()
                if res.status_code == 200:
                    approved += 1
                    if res.json()["draft"]["text"] != text or after["status"] != "approved":
                        stale.append(
                            f"{n}: approved {res.json()['draft']['text'][:60]!r}, status {after['status']}"
                        )
                    if not patched.json()["lint"]["ok"] or not after["lint"]["ok"]:
                        bad_approvals.append(f"{n}: approved text that fails lint")
                else:
                    blocked += res.status_code == 422 and res.json()["code"] == "lint_blocked"
                    if after["draft"]["text"] != text or after["status"] != "pending_review":
                        stale.append(f"{n}: after a refused approval the draft reads {after['status']}")
                    if patched.json()["lint"]["ok"]:
                        stale.append(f"{n}: a clean edit was refused: {res.status_code} {res.text[:120]}")
    finally:
        stop_process(proc)
        from drafter.persistence.db import get_engine

        get_engine(url).dispose()
        drop_scratch_db(url)
    print(
        f"\npostgresql POST->PATCH->approve x{ROUNDS}: stale reads {len(stale)}, approvals of text failing "
        f"lint {len(bad_approvals)}, approved {approved}, refused by lint {blocked}"
    )
    assert stale == [] and bad_approvals == []
    assert approved == ROUNDS // 2 and blocked == ROUNDS // 2
