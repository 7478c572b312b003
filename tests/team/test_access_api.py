"""Who may do what: store tenancy for people, personal keys listed and revoked (refused at once), a lead
assigns, an agent takes, roles for /v1/users."""

from __future__ import annotations

from drafter.persistence.db import session_scope
from drafter.team.contacts import assignee_contact, leads_of
from tests.team.conftest import add_person, new_draft, store_key

STORE, OTHER = "access-store", "access-other"


def test_an_agent_cannot_see_another_stores_drafts_or_people(client, shared_settings):
    ours = add_person(shared_settings, STORE)
    theirs = add_person(shared_settings, OTHER)
    their_draft = new_draft(client, theirs.auth, OTHER)

    assert client.get(f"/v1/drafts/{their_draft}", headers=ours.auth).json()["code"] == "draft_not_found"
    queue = client.get("/v1/drafts", headers=ours.auth).json()["items"]
    assert their_draft not in {i["draft_id"] for i in queue}
    for path in ("lock", "take"):
        res = client.post(f"/v1/drafts/{their_draft}/{path}", headers=ours.auth)
        assert (res.status_code, res.json()["code"]) == (404, "draft_not_found"), path
    res = client.post(
        "/v1/drafts",
        headers=ours.auth,
        json={"platform": "ebay", "store_id": OTHER, "text": "Where is my parcel?"},
    )
    assert (res.status_code, res.json()["code"]) == (403, "store_mismatch")
    # An agent does not list people at all; a lead lists only the store's.
    res = client.get("/v1/users", headers=ours.auth)
    assert (res.status_code, res.json()["code"]) == (403, "forbidden_role")
    lead = add_person(shared_settings, STORE, role="lead")
    listed = {u["user_id"] for u in client.get("/v1/users", headers=lead.auth).json()["items"]}
    assert {ours.user_id, lead.user_id} <= listed and theirs.user_id not in listed
    # Another store's key cannot be revoked from here: it does not exist for this caller.
    their_keys = client.get("/v1/keys", headers=theirs.auth).json()["items"]
    res = client.delete(f"/v1/keys/{their_keys[0]['key_id']}", headers=lead.auth)
    assert (res.status_code, res.json()["code"]) == (404, "key_not_found")


def test_a_revoked_key_is_refused_at_once(client, shared_settings):
    agent = add_person(shared_settings, STORE)
    made = client.post("/v1/keys", headers=agent.auth, json={"label": "laptop"})
    assert made.status_code == 201, made.text
    new = made.json()
    assert new["user_id"] == agent.user_id and new["key"].startswith(new["prefix"])
    auth = {"Authorization": f"Bearer {new['key']}"}
    assert client.get("/v1/drafts", headers=auth).status_code == 200
    listed = client.get("/v1/keys", headers=agent.auth).json()["items"]
    mine = {k["key_id"]: k for k in listed}
    assert set(mine) and all(k["user_id"] == agent.user_id for k in listed)
    assert mine[new["key_id"]]["last_used_at"] is not None
    assert "key" not in mine[new["key_id"]]

    assert client.delete(f"/v1/keys/{new['key_id']}", headers=agent.auth).status_code == 204
    res = client.get("/v1/drafts", headers=auth)
    assert (res.status_code, res.json()["code"]) == (401, "invalid_api_key")
    revoked = {k["key_id"]: k for k in client.get("/v1/keys", headers=agent.auth).json()["items"]}
    assert revoked[new["key_id"]]["revoked_at"] is not None
    # An agent revokes only their own keys; another agent's is not found.
    other = add_person(shared_settings, STORE)
    other_key = client.get("/v1/keys", headers=other.auth).json()["items"][0]["key_id"]
    assert client.delete(f"/v1/keys/{other_key}", headers=agent.auth).json()["code"] == "key_not_found"


def test_a_disabled_person_is_refused_at_once(client, shared_settings):
    admin = add_person(shared_settings, STORE, role="admin")
    agent = add_person(shared_settings, STORE)
    assert client.get("/v1/drafts", headers=agent.auth).status_code == 200
    res = client.post(f"/v1/users/{agent.user_id}/disable", headers=admin.auth)
    assert res.status_code == 200 and res.json()["disabled_at"]
    assert client.get("/v1/drafts", headers=agent.auth).json()["code"] == "invalid_api_key"


def test_a_lead_assigns_an_agent_takes(client, shared_settings):
    lead = add_person(shared_settings, STORE, role="lead", name="Lea")
    anna = add_person(shared_settings, STORE, name="Anna")
    ben = add_person(shared_settings, STORE, name="Ben")
    stranger = add_person(shared_settings, OTHER)
    draft_id = new_draft(client, lead.auth, STORE)

    res = client.post(f"/v1/drafts/{draft_id}/assign", headers=anna.auth, json={"user_id": anna.user_id})
    assert (res.status_code, res.json()["code"]) == (403, "forbidden_role")
    res = client.post(f"/v1/drafts/{draft_id}/assign", headers=lead.auth, json={"user_id": stranger.user_id})
    assert (res.status_code, res.json()["code"]) == (404, "user_not_found")
    res = client.post(f"/v1/drafts/{draft_id}/assign", headers=lead.auth, json={"user_id": anna.user_id})
    assert res.status_code == 200 and res.json()["assignee"] == {"user_id": anna.user_id, "name": "Anna"}

    view = client.get(f"/v1/drafts/{draft_id}", headers=ben.auth).json()
    assert view["assignee"]["name"] == "Anna"
    queue = client.get("/v1/drafts", headers=ben.auth).json()["items"]
    assert next(i for i in queue if i["draft_id"] == draft_id)["assignee"]["user_id"] == anna.user_id
    res = client.post(f"/v1/drafts/{draft_id}/take", headers=ben.auth)
    assert (res.status_code, res.json()["code"]) == (409, "already_assigned")
    assert res.json()["details"]["assigned_to"]["name"] == "Anna"
    mine = client.get("/v1/drafts", headers=anna.auth, params={"assignee": "me"}).json()["items"]
    assert [i["draft_id"] for i in mine] == [draft_id]
    unassigned = client.get("/v1/drafts", headers=lead.auth, params={"assignee": "none"}).json()["items"]
    assert draft_id not in {i["draft_id"] for i in unassigned}
    by_id = client.get("/v1/drafts", headers=lead.auth, params={"assignee": str(anna.user_id), "q": "cancel"})
    assert [i["draft_id"] for i in by_id.json()["items"]] == [draft_id]
    taken = client.post(f"/v1/drafts/{draft_id}/take", headers=anna.auth)
    assert taken.status_code == 200 and taken.json()["lock"]["user_id"] == anna.user_id
    store = store_key(shared_settings, STORE)
    assert client.post(f"/v1/drafts/{draft_id}/take", headers=store).json()["code"] == "user_required"

    trail = client.get(f"/v1/drafts/{draft_id}/audit", headers=lead.auth).json()
    assert {"action": "assigned", "actor": f"user:{lead.user_id}"}.items() <= next(
        e for e in trail if e["action"] == "assigned"
    ).items()
    with session_scope(shared_settings.resolved_database_url) as session:
        contact = assignee_contact(session, draft_id=draft_id)
        assert contact is not None and (contact.user_id, contact.name) == (anna.user_id, "Anna")
        assert contact.email == anna.email and contact.webhook_url is None
        assert lead.user_id in {c.user_id for c in leads_of(session, store_id=STORE)}
        assert anna.user_id not in {c.user_id for c in leads_of(session, store_id=STORE)}


def test_roles_for_adding_people(client, shared_settings):
    lead = add_person(shared_settings, STORE, role="lead")
    new = {
        "email": "new-agent@access-store.test",
        "name": "New Agent",
        "role": "agent",
        "password": "long enough pw",
    }
    res = client.post("/v1/users", headers=lead.auth, json=new)
    assert res.status_code == 201, res.text
    assert res.json()["stores"] == [STORE] and "password" not in res.json()
    assert client.post("/v1/users", headers=lead.auth, json=new).json()["code"] == "user_exists"
    res = client.post("/v1/users", headers=lead.auth, json={**new, "email": "x@y.test", "role": "admin"})
    assert (res.status_code, res.json()["code"]) == (403, "forbidden_role")
    res = client.post("/v1/users", headers=lead.auth, json={**new, "email": "z@y.test", "password": "short"})
    assert res.status_code == 422
