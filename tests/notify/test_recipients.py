"""The recipients seam: the draft's assignee and the store's leads (drafter.team.contacts) first, the store's
team contact whenever they give no answer (nobody assigned, unreachable, failing)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from drafter.models import StoreProfile
from drafter.notify import recipients

STORE = StoreProfile(store_id="s1", name="Shop One", notify_email="team@shop.test")
ANNA = SimpleNamespace(user_id=7, name="Anna", email="anna@shop.test", webhook_url=None)


def _people(monkeypatch: pytest.MonkeyPatch, *, assignee=None, leads=()) -> None:  # noqa: ANN001
    """Stands in for the team's tables: what team.contacts would answer for this store."""
    monkeypatch.setattr(recipients.contacts, "assignee_contact", lambda s, *, draft_id: assignee)
    monkeypatch.setattr(recipients.contacts, "leads_of", lambda s, *, store_id: list(leads))


def test_with_nobody_assigned_the_team_is_told(monkeypatch: pytest.MonkeyPatch):
    _people(monkeypatch)
    (only,) = recipients.for_draft(None, store=STORE, draft_id="d1")  # type: ignore[arg-type]
    assert (only.key, only.email) == ("team", "team@shop.test")
    assert recipients.for_draft(None, store=StoreProfile(store_id="mute"), draft_id="d1") == []  # type: ignore[arg-type]


def test_the_assignee_comes_first_and_the_team_is_the_fallback(monkeypatch: pytest.MonkeyPatch):
    _people(monkeypatch, assignee=ANNA)
    (only,) = recipients.for_draft(None, store=STORE, draft_id="d1")  # type: ignore[arg-type]
    assert (only.key, only.email) == ("user:7", "anna@shop.test")
    for answer in (None, SimpleNamespace(user_id=8, name="Nomail", email=None, webhook_url=None)):
        _people(monkeypatch, assignee=answer)
        assert [r.key for r in recipients.for_draft(None, store=STORE, draft_id="d1")] == ["team"]  # type: ignore[arg-type]

    def broken(session, *, draft_id):  # noqa: ANN001, ANN202
        raise RuntimeError("people table missing")

    monkeypatch.setattr(recipients.contacts, "assignee_contact", broken)
    assert [r.key for r in recipients.for_draft(None, store=STORE, draft_id="d1")] == ["team"]  # type: ignore[arg-type]


def test_leads_hear_notices_else_the_team(monkeypatch: pytest.MonkeyPatch):
    _people(monkeypatch, leads=[ANNA])
    assert [r.key for r in recipients.leads(None, store=STORE)] == ["user:7"]  # type: ignore[arg-type]
    _people(monkeypatch, leads=[])
    assert [r.key for r in recipients.leads(None, store=STORE)] == ["team"]  # type: ignore[arg-type]
