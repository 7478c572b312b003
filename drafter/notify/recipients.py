"""Who is told: the seam between alerts and the team's people.

A store has a team contact, from its profile (`notify_webhook_url`, `notify_email`). A draft's assignee
and a store's leads (drafter.team.contacts) come first; anything they cannot answer (no assignee, nobody
reachable, an error) falls back to the store-level contact, so an alert always has somewhere to go when
the store configured one.
"""

from __future__ import annotations

import logging

from pydantic import BaseModel
from sqlalchemy.orm import Session

from drafter.models import StoreProfile
from drafter.team import contacts

log = logging.getLogger(__name__)


class Recipient(BaseModel):
    """Where one alert goes. `key` names the recipient in dedup keys and audit: user:<id> or team."""

    key: str
    name: str
    email: str | None = None
    webhook_url: str | None = None

    @property
    def reachable(self) -> bool:
        return bool(self.email or self.webhook_url)


def team_contact(store: StoreProfile) -> Recipient | None:
    """The store-level contact from its profile, or None when it configured neither channel."""
    contact = Recipient(
        key="team",
        name=store.name or store.store_id,
        email=store.notify_email,
        webhook_url=store.notify_webhook_url,
    )
    return contact if contact.reachable else None


def _from_contact(contact: contacts.Contact) -> Recipient:
    """A team.contacts Contact ({user_id, name, email, webhook_url}) as a Recipient."""
    return Recipient(
        key=f"user:{contact.user_id}",
        name=contact.name,
        email=contact.email,
        webhook_url=contact.webhook_url,
    )


def for_draft(session: Session, *, store: StoreProfile, draft_id: str) -> list[Recipient]:
    """The draft's assignee when there is one (and reachable), else the store's team contact."""
    try:
        contact = contacts.assignee_contact(session, draft_id=draft_id)
    except Exception:  # the people lookup failing must not silence the alert
        log.exception("assignee lookup failed for draft %s; telling the team", draft_id)
        contact = None
    if contact is not None:
        person = _from_contact(contact)
        if person.reachable:
            return [person]
    team = team_contact(store)
    return [team] if team else []


def leads(session: Session, *, store: StoreProfile) -> list[Recipient]:
    """The store's leads (system notices, unread mailboxes), else the store's team contact."""
    try:
        people = [_from_contact(c) for c in contacts.leads_of(session, store_id=store.store_id)]
    except Exception:  # as above
        log.exception("leads lookup failed for store %s; telling the team", store.store_id)
        people = []
    reachable = [p for p in people if p.reachable]
    if reachable:
        return reachable
    team = team_contact(store)
    return [team] if team else []
