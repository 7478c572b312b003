"""At a promise's deadline: what changed since, and a follow-up reply drafted for a person to send
(run_due: `drafter promises run` and the worker's team sweep; list_follow_ups: the queue's kind=follow_up).

The follow-up is drafted by the pipeline on the buyer's message as it stands now (the order store's
current order, the thread carrying our sent reply so no wording repeats), so its solution states the order
as it is and its commitment names the next check. Its first part says the team keeps its word
(knowledge/promises/follow_up.yaml, in the buyer's language). It is linted like any draft and always goes
to a person (status pending_review): the queue shows it under the filter kind=follow_up.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from drafter.drafts.service import _row_from_result, summarize
from drafter.knowledge import read_yaml
from drafter.models import BuyerMessage, Draft, DraftStatus, Order, RouteDecision, RouteName, ThreadMessage
from drafter.persistence.audit import audit
from drafter.persistence.db import session_scope
from drafter.persistence.order_store import SessionOrders, get_order
from drafter.persistence.promise_tables import PromiseRow
from drafter.persistence.tables import DraftRow
from drafter.pipeline import Pipeline
from drafter.promises.service import follow_up_ids
from drafter.promises.track import FOLLOW_UP_PREFIX, snapshot
from drafter.timeutil import as_utc

log = logging.getLogger(__name__)
FOLLOW_UP_OPEN = ("pending_review", "escalated", "approved")


@lru_cache(maxsize=4)
def _openers(knowledge_dir: Path) -> dict[str, dict[str, str]]:
    path = knowledge_dir / "promises" / "follow_up.yaml"
    return (read_yaml(path) if path.exists() else None) or {}


def what_changed(before: dict[str, Any], order: Order | None) -> dict[str, Any]:
    """Status, tracking and delivery estimate now against the snapshot taken when the reply was sent."""
    now = snapshot(order)
    if not before and not now:
        return {"summary": ["no order to compare: check the conversation"]}
    changes: dict[str, Any] = {}
    summary: list[str] = []
    if before.get("status") != now.get("status"):
        changes["status"] = {"before": before.get("status"), "after": now.get("status")}
        summary.append(f"status {before.get('status')} -> {now.get('status')}")
    seen = {(e.get("at"), e.get("description")) for e in before.get("events") or []}
    new_events = [e for e in now.get("events") or [] if (e.get("at"), e.get("description")) not in seen]
    if new_events:
        changes["new_events"] = new_events
        summary.append(
            f"{len(new_events)} new tracking event(s), latest: {new_events[-1].get('description')}"
        )
    for key in ("tracking_number", "carrier", "estimated_delivery"):
        if before.get(key) != now.get(key):
            changes[key] = {"before": before.get(key), "after": now.get(key)}
            summary.append(f"{key.replace('_', ' ')} {before.get(key)} -> {now.get(key)}")
    if not summary:
        summary.append("nothing changed since the reply was sent")
    changes["summary"] = summary
    return changes


def _buyer_wrote_since(session: Session, promise: PromiseRow) -> list[str]:
    """Drafts of later messages about the same order: the buyer did not wait for the promise."""
    if not promise.order_id:
        return []
    return list(
        session.scalars(
            select(DraftRow.id).where(
                DraftRow.store_id == promise.store_id,
                DraftRow.order_id == promise.order_id,
                DraftRow.received_at > promise.sent_at,
                DraftRow.id != promise.draft_id,
                DraftRow.message_id.not_like(f"{FOLLOW_UP_PREFIX}%"),
            )
        )
    )


def _message(original: DraftRow, promise: PromiseRow, now: datetime) -> BuyerMessage:
    message = BuyerMessage.model_validate(original.message)
    thread = [
        *message.thread,
        ThreadMessage(author="buyer", text=message.text, sent_at=as_utc(original.received_at)),
        ThreadMessage(author="seller", text=original.text, sent_at=as_utc(promise.sent_at)),
    ][-50:]
    return message.model_copy(
        update={
            "message_id": f"{FOLLOW_UP_PREFIX}{promise.id}",
            "received_at": now,
            "thread": thread,
            "order_id": original.order_id or message.order_id,
        }
    )


def draft_follow_up(session: Session, *, pipeline: Pipeline, promise: PromiseRow, now: datetime) -> DraftRow:
    """Draft the follow-up of a due promise and mark the promise due. Idempotent per promise."""
    original = session.get(DraftRow, promise.draft_id)
    if original is None:
        raise LookupError(f"promise {promise.id}: draft {promise.draft_id} is gone")
    order = (
        get_order(session, store_id=promise.store_id, order_id=promise.order_id) if promise.order_id else None
    )
    changes = what_changed(promise.snapshot or {}, order)
    newer = _buyer_wrote_since(session, promise)
    if newer:
        changes["buyer_messages"] = newer
        changes["summary"] = [*changes["summary"], f"the buyer wrote {len(newer)} more message(s) since"]
    message = _message(original, promise, now)
    result = pipeline.run(message, lookup=SessionOrders(session))
    draft = result.draft
    opener = (_openers(pipeline.knowledge.root).get(draft.language) or {}).get(
        "order" if order is not None else "none"
    )
    warnings = list(result.warnings)
    if opener:
        restatement = opener.format(order_id=order.order_id if order else "")
        if "\n" in draft.restatement:  # the composer's greeting line ("Hallo Jonas,") stays
            restatement = f"{draft.restatement.split(chr(10), 1)[0]}\n{restatement}"
        draft = draft.model_copy(
            update={
                "restatement": restatement,
                "text": Draft.join(restatement, draft.solution, draft.commitment),
            }
        )
    else:
        warnings.append(f"follow_up: no follow-up opening in {draft.language}; the usual one is kept")
    # The one check (drafter.lint.check_reply), on the fact sheet this run built, like an edit's.
    lint = pipeline.recheck(
        draft,
        message=message,
        run=result.model_dump(mode="json", exclude={"message"}),
        received_at=now,
        language=draft.language,
    )
    reasons = [f"follow-up of a promise due {as_utc(promise.due_at).isoformat()}: a person sends it"]
    warnings.append("follow_up: " + "; ".join(changes.get("summary") or []))
    result = result.model_copy(
        update={
            "draft": draft,
            "lint": lint,
            "warnings": warnings,
            "route": RouteDecision(route=RouteName.review, reasons=reasons, codes=["follow_up"]),
        }
    )
    row = _row_from_result(result)
    row.status = DraftStatus.pending_review.value
    row.run = {
        **row.run,
        "follow_up": {
            "promise_id": promise.id,
            "original_draft_id": promise.draft_id,
            "promised": promise.promised,
            "due_at": as_utc(promise.due_at).isoformat(),
            "changes": changes,
        },
    }
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # another sweep drafted it first
        existing = session.query(DraftRow).filter_by(store_id=row.store_id, message_id=row.message_id).one()
        row = existing
    else:
        audit(
            session,
            row,
            actor="promises",
            action="follow_up_drafted",
            details={"promise_id": promise.id, "changes": changes.get("summary")},
        )
    promise.status, promise.follow_up_draft_id, promise.changes = "due", row.id, changes
    session.flush()
    return row


def run_due(pipeline: Pipeline, *, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Promises past their deadline get their follow-up drafted; due ones past the grace period whose
    follow-up was not sent are expired. One transaction per promise: one failure stops no other."""
    settings = pipeline.settings
    now = (now or datetime.now(UTC)).astimezone(UTC)
    url = settings.resolved_database_url
    counts = {"follow_ups": 0, "expired": 0, "errors": 0}
    with session_scope(url) as session:
        ids = list(
            session.scalars(
                select(PromiseRow.id)
                .where(PromiseRow.status == "open", PromiseRow.due_at <= now)
                .order_by(PromiseRow.due_at)
                .limit(limit)
            )
        )
    for promise_id in ids:
        try:
            with session_scope(url) as session:
                promise = session.get(PromiseRow, promise_id)
                if promise is None or promise.status != "open":
                    continue
                draft_follow_up(session, pipeline=pipeline, promise=promise, now=now)
            counts["follow_ups"] += 1
        except Exception:
            log.exception("follow-up of promise %s failed; the next sweep tries again", promise_id)
            counts["errors"] += 1
    grace = now - timedelta(hours=settings.promise_grace_h)
    with session_scope(url) as session:
        unsent = select(DraftRow.id).where(DraftRow.status.in_(FOLLOW_UP_OPEN))
        result = session.execute(
            update(PromiseRow)
            .where(
                PromiseRow.status == "due",
                PromiseRow.due_at <= grace,
                PromiseRow.follow_up_draft_id.in_(unsent),
            )
            .values(status="expired", closed_at=now)
            .execution_options(synchronize_session=False)
        )
        counts["expired"] = cast("CursorResult[Any]", result).rowcount
    return counts


def list_follow_ups(
    session: Session, *, store_id: str, statuses: list[str] | None, limit: int, offset: int
) -> list[Any]:
    """The queue's kind=follow_up view: follow-up drafts, soonest deadline first."""
    query = select(DraftRow).where(DraftRow.store_id == store_id, DraftRow.id.in_(follow_up_ids(store_id)))
    if statuses:
        query = query.where(DraftRow.status.in_(statuses))
    rows = session.scalars(query.order_by(DraftRow.sla_deadline, DraftRow.id).limit(limit).offset(offset))
    return [summarize(row) for row in rows]
