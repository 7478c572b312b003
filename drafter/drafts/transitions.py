"""Status changes and edits of a stored draft, each one compare-and-set on the draft row.

Status machine: pending_review | escalated -> approved (an edit is linted again) | rejected;
approved -> sent, through the outbox (drafter.outbox.draft_status). Auto-sent drafts are approved by the
router itself.

Every write says which version of the row it read (DraftRow.version, checked in the UPDATE's WHERE by
the ORM): of two writers that read the same draft, the first to commit wins and the other finds no row
to update. It gets a 409: `invalid_status_transition` when the winner closed the draft (approved,
rejected), `draft_changed` when the winner only edited it. This works alike on SQLite and PostgreSQL,
with no lock held while the reply is linted.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from drafter.errors import DraftChanged, DraftNotFound, InvalidTransition, LintBlocked
from drafter.feedback.edits import record_edits
from drafter.models import BuyerMessage, Draft, DraftStatus, LintResult
from drafter.outbox.payload import enqueue
from drafter.persistence.audit import audit
from drafter.persistence.tables import DraftRow
from drafter.pipeline import Pipeline
from drafter.promises.track import on_draft_rejected
from drafter.timeutil import as_utc

OPEN_STATUSES = (DraftStatus.pending_review.value, DraftStatus.escalated.value)
PART_NAMES = ("restatement", "solution", "commitment")


def now() -> datetime:
    return datetime.now(UTC)


def get_draft(session: Session, *, store_id: str, draft_id: str) -> DraftRow:
    row = session.get(DraftRow, draft_id)
    if row is None or row.store_id != store_id:  # another store's draft does not exist for this caller
        raise DraftNotFound(f"no draft {draft_id}")
    return row


def _require_open(row: DraftRow, action: str) -> None:
    if row.status not in OPEN_STATUSES:
        raise InvalidTransition(
            f"cannot {action} a draft that is {row.status}",
            details={"status": row.status, "allowed_from": list(OPEN_STATUSES)},
        )


def _compare_and_set(session: Session, row: DraftRow, action: str) -> None:
    """Write the row's changes (UPDATE ... WHERE id = :id AND version = :read); lose with a 409 when
    another writer changed the row since we read it. Runs before anything else is added to the
    transaction, so rolling back on a lost race throws away nothing but this attempt."""
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        current = session.get(DraftRow, row.id, populate_existing=True)
        if current is None:
            raise DraftNotFound(f"no draft {row.id}") from None
        _require_open(current, action)
        raise DraftChanged(
            f"the draft was changed by someone else while you were trying to {action} it; "
            "reload it and try again",
            details={"status": current.status},
        ) from None


def edited_draft(row: DraftRow, parts: dict[str, str] | None = None) -> Draft:
    """The row's reply as a person has it now: its three parts, `parts` over them, joined by Drafter."""
    now = {name: getattr(row, name) for name in PART_NAMES} | (parts or {})
    return Draft(
        restatement=now["restatement"],
        solution=now["solution"],
        commitment=now["commitment"],
        text=Draft.join(now["restatement"], now["solution"], now["commitment"]) if parts else row.text,
        language=row.language,
        composer="human",
    )


def recheck(pipeline: Pipeline, row: DraftRow, reply: Draft | str) -> LintResult:
    """The one check (drafter.lint.check_reply) on a stored draft's reply, against the fact sheet and
    the day of its run record: the review page's preview, /v1/lint with a draft id, edits and approval
    all come here, so they agree."""
    return pipeline.recheck(
        reply,
        message=BuyerMessage.model_validate(row.message),
        run=row.run,
        received_at=as_utc(row.received_at),
        language=row.language,
    )


def _relint(pipeline: Pipeline, row: DraftRow) -> LintResult:
    return recheck(pipeline, row, edited_draft(row))


def _apply_edit(
    pipeline: Pipeline, row: DraftRow, parts: dict[str, str]
) -> tuple[dict[str, str], LintResult]:
    """Replace some of the three parts in memory, rebuild the joined text, lint it. Returns the parts before."""
    before = {name: getattr(row, name) for name in PART_NAMES}
    for name, value in parts.items():
        setattr(row, name, value)
    row.text = Draft.join(row.restatement, row.solution, row.commitment)
    lint = _relint(pipeline, row)
    row.lint = lint.model_dump(mode="json")
    return before, lint


def edit_draft(
    session: Session, *, pipeline: Pipeline, store_id: str, draft_id: str, parts: dict[str, str], actor: str
) -> DraftRow:
    """Replace some of the three parts; the joined text is rebuilt and linted again."""
    row = get_draft(session, store_id=store_id, draft_id=draft_id)
    _require_open(row, "edit")
    before, lint = _apply_edit(pipeline, row, parts)
    _compare_and_set(session, row, "edit")
    audit(
        session,
        row,
        actor=actor,
        action="edited",
        details={"before": before, "changed": sorted(parts), "lint_ok": lint.ok},
    )
    session.flush()
    return row


def approve_draft(
    session: Session,
    *,
    pipeline: Pipeline,
    store_id: str,
    draft_id: str,
    actor: str,
    parts: dict[str, str] | None = None,
) -> DraftRow:
    """Approve the stored reply (with the edits, when given), linted again here: the text written to the
    outbox is the text of the row version this call read, linted, and set to approved in one UPDATE."""
    row = get_draft(session, store_id=store_id, draft_id=draft_id)
    _require_open(row, "approve")
    before: dict[str, str] | None = None
    if parts:
        before, lint = _apply_edit(pipeline, row, parts)
    else:
        lint = _relint(pipeline, row)
        row.lint = lint.model_dump(mode="json")
    if not lint.ok:
        _compare_and_set(session, row, "approve")  # the edit and its lint are kept; the draft stays open
        if before is not None:
            audit(
                session,
                row,
                actor=actor,
                action="edited",
                details={"before": before, "changed": sorted(parts or {}), "lint_ok": False},
            )
        audit(
            session,
            row,
            actor=actor,
            action="approve_blocked",
            details={"rules": sorted({v.rule_id for v in lint.violations if v.severity == "block"})},
        )
        session.flush()
        raise LintBlocked(
            "the reply breaks a blocking rule; fix it before approving", details=lint.model_dump(mode="json")
        )
    row.status, row.decided_at = DraftStatus.approved.value, now()
    _compare_and_set(session, row, "approve")
    if before is not None:
        audit(
            session,
            row,
            actor=actor,
            action="edited",
            details={"before": before, "changed": sorted(parts or {}), "lint_ok": True},
        )
    audit(session, row, actor=actor, action="approved")
    record_edits(session, row, actor=actor)  # how much the reviewer changed (drafter.feedback)
    enqueue(session, row)
    session.flush()
    return row


def reject_draft(session: Session, *, store_id: str, draft_id: str, actor: str, reason: str) -> DraftRow:
    row = get_draft(session, store_id=store_id, draft_id=draft_id)
    _require_open(row, "reject")
    row.status, row.reject_reason, row.decided_at = DraftStatus.rejected.value, reason, now()
    _compare_and_set(session, row, "reject")
    audit(session, row, actor=actor, action="rejected", details={"reason": reason})
    on_draft_rejected(session, row)  # a rejected follow-up leaves its promise expired
    session.flush()
    return row
