"""Two reviewers (or a double click) acting on one draft at the same moment, against a real server over
HTTP on SQLite and on PostgreSQL: approve/reject, PATCH/approve and approve/approve, 20 rounds each.
Each round must have exactly one winner; afterwards an outbox pass delivers exactly the approved drafts,
each with its stored, lint-clean text, and no rejected reply.

The figures (winners per round, outcomes) are printed: `pytest tests/drafts/test_races.py -s`.
"""

from __future__ import annotations

import threading
from collections import Counter

import httpx
import pytest

from drafter.outbox.passes import run_once
from tests.drafts.conftest import STORE, Server

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROUNDS = 20
PHONE_EDIT = {"solution": "Call us on +1 415 555 0100 or write to help@example.com and we sort it out."}


def new_draft(client: httpx.Client, n: int, tag: str) -> dict:
    res = client.post(
        "/v1/drafts",
        json={
            "platform": "ebay",
            "store_id": STORE,
            "message_id": f"{tag}-{n}",
            "text": f"Hello, where is my parcel? I ordered it {n % 9 + 2} days ago.",
        },
    )
    assert res.status_code == 201, res.text
    draft = res.json()
    assert draft["status"] in ("pending_review", "escalated") and draft["lint"]["ok"], draft
    return draft


def race(server: Server, first: tuple[str, str, dict | None], second: tuple[str, str, dict | None]) -> list:
    """Fire two requests at once, each on its own warm connection; returns both responses."""
    clients = [server.client(), server.client()]
    for c in clients:
        c.get("/health")  # open the connection before the start line
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def fire(i: int, method: str, path: str, body: dict | None) -> None:
        barrier.wait(timeout=30)
        results[i] = clients[i].request(method, path, json=body)

    threads = [threading.Thread(target=fire, args=(i, *call)) for i, call in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for c in clients:
        c.close()
    return results


def play(server: Server, kind: str) -> tuple[list[int], list[str], dict[str, str]]:
    """ROUNDS rounds of one kind of race. Returns the number of 200s of each round, what the losers were
    told (or what went wrong), and draft id -> final status."""
    wins, problems, final = [], [], {}
    codes = {
        "approve/reject": {"invalid_status_transition"},
        "approve/approve": {"invalid_status_transition"},
        # the PATCH won: approval either lost the compare-and-set or saw the edit and refused it
        "patch/approve": {"invalid_status_transition", "draft_changed", "lint_blocked"},
    }[kind]
    with server.client() as client:
        for n in range(ROUNDS):
            draft = new_draft(client, n, kind.replace("/", "-"))
            path = f"/v1/drafts/{draft['draft_id']}"
            approve = ("POST", f"{path}/approve", None)
            other = {
                "approve/reject": ("POST", f"{path}/reject", {"reason": "wrong order"}),
                "patch/approve": ("PATCH", path, PHONE_EDIT),
                "approve/approve": ("POST", f"{path}/approve", None),
            }[kind]
            # Alternate who is first out of the barrier, so neither side always has the head start.
            a, b = race(server, approve, other) if n % 2 == 0 else race(server, other, approve)[::-1]
            wins.append(sum(r.status_code == 200 for r in (a, b)))
            losers = [r for r in (a, b) if r.status_code != 200]
            for r in losers:
                if r.status_code not in (409, 422) or r.json().get("code") not in codes:
                    problems.append(f"round {n}: {r.status_code} {r.text[:200]}")
            stored = client.get(path).json()
            final[draft["draft_id"]] = stored["status"]
            if stored["status"] == "approved" and (
                not stored["lint"]["ok"] or "555" in stored["draft"]["text"]
            ):
                problems.append(f"round {n}: approved with text that fails lint")
            if a.status_code == 200 and stored["status"] != "approved":
                problems.append(f"round {n}: approval answered 200 but the draft is {stored['status']}")
    return wins, problems, final


@pytest.mark.parametrize("kind", ["approve/reject", "patch/approve", "approve/approve"])
def test_one_winner_per_round_and_only_approved_clean_text_is_delivered(server, outbox_for, receiver, kind):
    wins, problems, final = play(server, kind)
    backend = server.settings.resolved_database_url.split(":")[0].split("+")[0]
    print(
        f"\n{backend} {kind}: exactly one winner in {wins.count(1)}/{ROUNDS} rounds "
        f"(two winners: {wins.count(2)}, none: {wins.count(0)}); final statuses {dict(Counter(final.values()))}"
    )
    assert wins == [1] * ROUNDS and problems == [], problems

    totals: Counter = Counter()
    while (counts := run_once(outbox_for))["claimed"]:  # never raises: no outbox crash
        totals.update(counts)
    assert (
        totals["errors"] == 0
        and totals["dead"] == 0
        and totals["retry"] == 0
        and totals.get("cancelled", 0) == 0
    )
    approved = {d for d, status in final.items() if status == "approved"}
    delivered = {
        key.removeprefix("draft-"): reply
        for key, reply in receiver.accepted.items()
        if reply["draft_id"] in final
    }
    assert set(delivered) == approved  # every approved draft, and nothing rejected or still open
    with server.client() as client:
        for draft_id, reply in delivered.items():
            stored = client.get(f"/v1/drafts/{draft_id}").json()
            assert stored["status"] == "sent" and stored["lint"]["ok"]
            assert reply["text"] == stored["draft"]["text"] and "555" not in reply["text"]
    print(f"  delivered {len(delivered)} (= approved {len(approved)}), rejected delivered 0, outbox errors 0")
