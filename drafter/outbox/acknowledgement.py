"""What the outbox does differently for an acknowledgement (kind 'acknowledgement', drafter/acknowledge):
it is sent while the draft waits for a person (not only once approved), never after the draft was
rejected or its reply already went out, and its delivery is recorded in the draft's trail without
touching the draft's own status."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from drafter.models import DraftStatus
from drafter.persistence.audit import audit
from drafter.persistence.tables import DraftRow

log = logging.getLogger(__name__)
_TOO_LATE = {
    DraftStatus.rejected.value: "not delivered: the draft was rejected",
    DraftStatus.sent.value: "not delivered: the reply itself already went out",
}


def undeliverable(draft: DraftRow | None) -> str | None:
    if draft is None:
        return "not delivered: the draft does not exist"
    return _TOO_LATE.get(draft.status)


def _trail(session: Session, draft_id: str, action: str, details: dict[str, Any]) -> None:
    # The outbox row's own outcome is what must be committed; a failing audit write must not undo it.
    try:
        with session.begin_nested():
            draft = session.get(DraftRow, draft_id)
            if draft is not None:
                audit(session, draft, actor="outbox", action=action, details=details)
                session.flush()
    except Exception:
        log.exception("outbox: could not record %s for draft %s", action, draft_id)


def delivered(session: Session, *, draft_id: str, details: dict[str, Any]) -> None:
    _trail(session, draft_id, "acknowledgement_sent", details)


def dead(session: Session, *, draft_id: str, details: dict[str, Any]) -> None:
    _trail(session, draft_id, "acknowledgement_delivery_dead", details)
