"""First-response metrics per store and platform: median and p90 time to first reply, share answered
within the deadline, share auto-sent.

The first reply is the moment the reply was sent: delivered by the outbox, or marked as sent by hand by
a store without a webhook (sent_at). An approved reply that has not gone out yet is not a reply: it
counts toward `awaiting_send` (a buyer who has heard nothing has not been answered). Rejected drafts
are not replies. Open drafts count toward `open` and `open_overdue` only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from drafter.models import DraftStatus
from drafter.persistence.tables import DraftRow

_REPLIED = (DraftStatus.sent.value,)
_OPEN = (DraftStatus.pending_review.value, DraftStatus.escalated.value)


class FirstResponse(BaseModel):
    platform: str = Field(description="a platform, or 'all'")
    messages: int
    replied: int
    open: int
    open_overdue: int
    awaiting_send: int = Field(
        0, description="approved replies not sent yet (held for a webhook or to be sent by hand)"
    )
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


def _wait_seconds(dialect: str, replied_at):  # noqa: ANN001, ANN202
    """Seconds from receipt to the reply, computed by the database (SQLite has no interval type)."""
    if dialect == "sqlite":
        return (func.julianday(replied_at) - func.julianday(DraftRow.received_at)) * 86400.0
    return func.extract("epoch", replied_at - DraftRow.received_at)


def _count(condition):  # noqa: ANN001, ANN202
    return func.sum(case((condition, 1), else_=0))


def _figures(platform: str, counts: tuple[int, ...], waits: list[float]) -> FirstResponse:
    messages, replied, open_, overdue, within, auto, awaiting = counts
    return FirstResponse(
        platform=platform,
        messages=messages,
        replied=replied,
        open=open_,
        open_overdue=overdue,
        awaiting_send=awaiting,
        median_s=quantile(waits, 0.5),
        p90_s=quantile(waits, 0.9),
        within_deadline_share=within / replied if replied else None,
        auto_reply_share=auto / replied if replied else None,
    )


def first_response_report(
    session: Session, *, store_id: str, days: int = 30, now: datetime | None = None
) -> FirstResponseReport:
    """Counts and shares are SQL aggregates; the quantiles read one number per reply (its wait), never
    a draft row: the window's rows are walked in the covering index ix_drafts_first_response."""
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days)
    replied, opened = DraftRow.status.in_(_REPLIED), DraftRow.status.in_(_OPEN)
    replied_at = func.coalesce(DraftRow.sent_at, DraftRow.decided_at, DraftRow.received_at)
    window = (DraftRow.store_id == store_id, DraftRow.received_at >= since)
    # Grouped on an expression, not the column: SQLite's planner otherwise takes an index in platform order
    # (no sort for GROUP BY) and reads every row of the store, instead of the window's range in
    # ix_drafts_first_response and a sort of four groups.
    platform = DraftRow.platform.concat("")
    counts_query = (
        select(
            platform,
            func.count(),
            _count(replied),
            _count(opened),
            _count(and_(opened, DraftRow.sla_deadline < now)),
            _count(and_(replied, replied_at <= DraftRow.sla_deadline)),
            _count(and_(replied, DraftRow.route == "auto_send")),
            _count(DraftRow.status == DraftStatus.approved.value),
        )
        .where(*window)
        .group_by(platform)
    )
    counts = {name: tuple(int(v or 0) for v in rest) for name, *rest in session.execute(counts_query)}
    wait = _wait_seconds(session.get_bind().dialect.name, replied_at)
    waits: dict[str, list[float]] = {}
    for name, seconds in session.execute(select(DraftRow.platform, wait).where(*window, replied)):
        waits.setdefault(name, []).append(max(0.0, float(seconds)))
    overall_counts = tuple(sum(c[i] for c in counts.values()) for i in range(7))
    return FirstResponseReport(
        store_id=store_id,
        since=since,
        generated_at=now,
        platforms=[_figures(p, c, waits.get(p, [])) for p, c in sorted(counts.items())],
        overall=_figures("all", overall_counts, [w for ws in waits.values() for w in ws]),
    )
