"""Two people of one store, one soft lock: the other's approve, edit and reject are refused with 409
draft_locked naming the holder, until the holder lets go or the lock lapses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from drafter.persistence.db import session_scope
from drafter.persistence.tables import DraftRow
from tests.team.conftest import add_person, new_draft, store_key

STORE = "lock-store"


def test_one_lock_refuses_the_other_person(client, shared_settings):
    anna = add_person(shared_settings, STORE, name="Anna")
    ben = add_person(shared_settings, STORE, name="Ben")
    draft_id = new_draft(client, anna.auth, STORE)

    res = client.post(f"/v1/drafts/{draft_id}/lock", headers=anna.auth)
    assert res.status_code == 200, res.text
    assert res.json()["user_id"] == anna.user_id and res.json()["name"] == "Anna"

    edit = client.patch(f"/v1/drafts/{draft_id}", headers=ben.auth, json={"solution": "Ben was here."})
    assert edit.status_code == 409, edit.text
    body = edit.json()
    assert body["code"] == "draft_locked"
    assert body["details"]["locked_by"] == {"user_id": anna.user_id, "name": "Anna"}
    assert "Anna" in body["message"]
    for path, payload in (("approve", None), ("reject", {"reason": "no"})):
        res = client.post(f"/v1/drafts/{draft_id}/{path}", headers=ben.auth, json=payload)
        assert (res.status_code, res.json()["code"]) == (409, "draft_locked"), path
    assert client.post(f"/v1/drafts/{draft_id}/lock", headers=ben.auth).json()["code"] == "draft_locked"
    # The store's own key has no person behind it: it is "someone else" too.
    res = client.patch(
        f"/v1/drafts/{draft_id}", headers=store_key(shared_settings, STORE), json={"solution": "x"}
    )
    assert res.json()["code"] == "draft_locked"

    # Nothing changed; the holder edits, renews, and the lock shows in the queue and on the draft.
    draft = client.get(f"/v1/drafts/{draft_id}", headers=ben.auth).json()
    assert "Ben was here." not in draft["draft"]["solution"]
    assert draft["lock"]["name"] == "Anna"
    queue = client.get("/v1/drafts", headers=ben.auth).json()["items"]
    assert next(i for i in queue if i["draft_id"] == draft_id)["lock"]["user_id"] == anna.user_id
    own = client.patch(f"/v1/drafts/{draft_id}", headers=anna.auth, json={"solution": "We cancel it today."})
    assert own.status_code == 200, own.text
    assert client.post(f"/v1/drafts/{draft_id}/lock", headers=anna.auth).status_code == 200

    # Anna lets go: Ben may now act, and the audit trail names each person.
    assert client.delete(f"/v1/drafts/{draft_id}/lock", headers=anna.auth).status_code == 204
    assert client.get(f"/v1/drafts/{draft_id}", headers=ben.auth).json()["lock"] is None
    res = client.post(f"/v1/drafts/{draft_id}/reject", headers=ben.auth, json={"reason": "duplicate"})
    assert res.status_code == 200, res.text
    trail = client.get(f"/v1/drafts/{draft_id}/audit", headers=ben.auth).json()
    actors = {e["action"]: e["actor"] for e in trail}
    assert actors["drafted"] == f"user:{anna.user_id}"
    assert actors["edited"] == f"user:{anna.user_id}"
    assert actors["rejected"] == f"user:{ben.user_id}"
    # A closed draft cannot be locked.
    assert client.post(f"/v1/drafts/{draft_id}/lock", headers=anna.auth).json()["code"] == (
        "invalid_status_transition"
    )


def test_a_lapsed_lock_is_nobodys(client, shared_settings):
    anna = add_person(shared_settings, STORE, name="Anna")
    ben = add_person(shared_settings, STORE, name="Ben")
    draft_id = new_draft(client, anna.auth, STORE)
    assert client.post(f"/v1/drafts/{draft_id}/lock", headers=anna.auth).status_code == 200
    with session_scope(shared_settings.resolved_database_url) as session:
        session.execute(
            update(DraftRow.__table__)
            .where(DraftRow.id == draft_id)
            .values(locked_until=datetime.now(UTC) - timedelta(seconds=1))
        )
    res = client.post(f"/v1/drafts/{draft_id}/lock", headers=ben.auth)
    assert res.status_code == 200 and res.json()["user_id"] == ben.user_id
    assert (
        client.patch(f"/v1/drafts/{draft_id}", headers=anna.auth, json={"solution": "x y"}).status_code == 409
    )


def test_a_lead_may_free_a_draft_an_agent_may_not(client, shared_settings):
    anna = add_person(shared_settings, STORE, name="Anna")
    ben = add_person(shared_settings, STORE, name="Ben")
    lead = add_person(shared_settings, STORE, role="lead", name="Lea")
    draft_id = new_draft(client, anna.auth, STORE)
    assert client.post(f"/v1/drafts/{draft_id}/lock", headers=anna.auth).status_code == 200
    res = client.delete(f"/v1/drafts/{draft_id}/lock", headers=ben.auth)
    assert (res.status_code, res.json()["code"]) == (403, "forbidden_role")
    assert client.delete(f"/v1/drafts/{draft_id}/lock", headers=lead.auth).status_code == 204
    assert client.post(f"/v1/drafts/{draft_id}/lock", headers=ben.auth).status_code == 200
