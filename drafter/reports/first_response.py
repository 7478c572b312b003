"""First-response metrics per store and platform: median and p90 time to first reply, share answered
within the deadline, share auto-sent.

The first reply is the moment the reply was sent: delivered to the store's webhook by the outbox, or
marked as sent by hand by a store without one (sent_at). An approved reply that has not gone out yet is
not a reply: it counts toward `awaiting_send` (a buyer who has heard nothing has not been answered).
Rejected drafts are not replies. Open drafts count toward `open` and `open_overdue` only.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.drafts.views import as_utc
from drafter.models import DraftStatus
from drafter.store.tables import DraftRow

_REPLIED = (DraftStatus.sent.value,)
_OPEN = (DraftStatus.pending_review.value, DraftStatus.escalated.value)


class FirstResponse(BaseModel):
    platform: str = Field(description="a platform, or 'all'")
    messages: int
    replied: int
    open: int
    open_overdue: int
    awaiting_send: int = Field(0, description="approved replies not sent yet (held for a webhook or to be sent by hand)")
    median_s: float | None = Field(None, description="median seconds from receipt to first reply")
    p90_s: float | None = None
    within_deadline_share: float | None = Field(None, description="replies sent by their deadline / replies")
    auto_reply_share: float | None = Field(None, description="replies auto-sent / replies")


class FirstResponseReport(BaseModel):
    store_id: str
    since: datetime
    generated_at: datetime
    platforms: list[FirstResponse]
    overall: FirstResponse


def quantile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (as numpy's default), on a sorted copy."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _summarize(platform: str, rows: list[tuple], now: datetime) -> FirstResponse:
    waits: list[float] = []
    within = auto = open_ = overdue = awaiting = 0
    for status, route, received, deadline, decided, sent in rows:
        received, deadline = as_utc(received), as_utc(deadline)
        if status in _OPEN:
            open_ += 1
            overdue += deadline < now
            continue
        if status == DraftStatus.approved.value:
            awaiting += 1
            continue
        if status not in _REPLIED:
            continue
        replied_at = as_utc(sent or decided or received)
        waits.append(max(0.0, (replied_at - received).total_seconds()))
        within += replied_at <= deadline
        auto += route == "auto_send"
    n = len(waits)
    return FirstResponse(
        platform=platform, messages=len(rows), replied=n, open=open_, open_overdue=overdue, awaiting_send=awaiting,
        median_s=quantile(waits, 0.5), p90_s=quantile(waits, 0.9),
        within_deadline_share=within / n if n else None, auto_reply_share=auto / n if n else None,
    )


def first_response_report(session: Session, *, store_id: str, days: int = 30,
                          now: datetime | None = None) -> FirstResponseReport:
    now = now or datetime.now(timezone.utc)
    since = now - timedelta(days=days)
    query = (select(DraftRow.platform, DraftRow.status, DraftRow.route, DraftRow.received_at, DraftRow.sla_deadline,
                    DraftRow.decided_at, DraftRow.sent_at)
             .where(DraftRow.store_id == store_id, DraftRow.received_at >= since))
    by_platform: dict[str, list[tuple]] = {}
    everything: list[tuple] = []
    for platform, *rest in session.execute(query):
        by_platform.setdefault(platform, []).append(tuple(rest))
        everything.append(tuple(rest))
    return FirstResponseReport(
        store_id=store_id, since=since, generated_at=now,
        platforms=[_summarize(p, rows, now) for p, rows in sorted(by_platform.items())],
        overall=_summarize("all", everything, now),
    )
