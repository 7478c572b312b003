"""The recipients seam: the people module's assignee and leads first, the store's team contact whenever it
has no answer (not installed, nobody assigned, unreachable, failing)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from drafter.models import StoreProfile
from drafter.notify import recipients

STORE = StoreProfile(store_id="s1", name="Shop One", notify_email="team@shop.test")
ANNA = SimpleNamespace(user_id=7, name="Anna", email="anna@shop.test", webhook_url=None)


def _team(functions: dict):
    return lambda name: functions.get(name)


def test_without_the_people_module_the_team_is_told(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(recipients, "_team_function", _team({}))
    (only,) = recipients.for_draft(None, store=STORE, draft_id="d1")  # type: ignore[arg-type]
    assert (only.key, only.email) == ("team", "team@shop.test")
    assert recipients.for_draft(None, store=StoreProfile(store_id="mute"), draft_id="d1") == []  # type: ignore[arg-type]


def test_the_assignee_comes_first_and_the_team_is_the_fallback(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(
        recipients, "_team_function", _team({"assignee_contact": lambda s, *, draft_id: ANNA})
    )
    (only,) = recipients.for_draft(None, store=STORE, draft_id="d1")  # type: ignore[arg-type]
    assert (only.key, only.email) == ("user:7", "anna@shop.test")
    for answer in (None, SimpleNamespace(user_id=8, name="Nomail", email=None, webhook_url=None)):
        monkeypatch.setattr(
            recipients, "_team_function", _team({"assignee_contact": lambda s, *, draft_id, a=answer: a})
        )
        assert [r.key for r in recipients.for_draft(None, store=STORE, draft_id="d1")] == ["team"]  # type: ignore[arg-type]

    def broken(session, *, draft_id):  # noqa: ANN001, ANN202
        raise RuntimeError("people table missing")

    monkeypatch.setattr(recipients, "_team_function", _team({"assignee_contact": broken}))
    assert [r.key for r in recipients.for_draft(None, store=STORE, draft_id="d1")] == ["team"]  # type: ignore[arg-type]


def test_leads_hear_notices_else_the_team(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(recipients, "_team_function", _team({"leads_of": lambda s, *, store_id: [ANNA]}))
    assert [r.key for r in recipients.leads(None, store=STORE)] == ["user:7"]  # type: ignore[arg-type]
    monkeypatch.setattr(recipients, "_team_function", _team({"leads_of": lambda s, *, store_id: []}))
    assert [r.key for r in recipients.leads(None, store=STORE)] == ["team"]  # type: ignore[arg-type]
