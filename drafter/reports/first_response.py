"""First-response metrics per store and platform: median and p90 time to first reply, share answered
within the deadline, share auto-sent.

The first reply is the moment the reply was sent: delivered by the outbox, or marked as sent by hand by
a store without a webhook (sent_at). An approved reply that has not gone out yet is not a reply: it
counts toward `awaiting_send` (a buyer who has heard nothing has not been answered). Rejected drafts
are not replies. Open drafts count toward `open` and `open_overdue` only.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from drafter.models import DraftStatus
from drafter.persistence.tables import DraftRollup, DraftRow, DraftWaitBucket
from drafter.reports.waits import Waits, quantile

_REPLIED = (DraftStatus.sent.value,)
_OPEN = (DraftStatus.pending_review.value, DraftStatus.escalated.value)
__all__ = ["FirstResponse", "FirstResponseReport", "first_response_report", "quantile"]


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


def _wait_seconds(dialect: str, replied_at):  # noqa: ANN001, ANN202
    """Seconds from receipt to the reply, computed by the database (SQLite has no interval type)."""
    if dialect == "sqlite":
        return (func.julianday(replied_at) - func.julianday(DraftRow.received_at)) * 86400.0
    return func.extract("epoch", replied_at - DraftRow.received_at)


def _count(condition):  # noqa: ANN001, ANN202
    return func.sum(case((condition, 1), else_=0))


def _figures(platform: str, counts: tuple[int, ...], waits: Waits) -> FirstResponse:
    messages, replied, open_, overdue, within, auto, awaiting = counts
    return FirstResponse(
        platform=platform,
        messages=messages,
        replied=replied,
        open=open_,
        open_overdue=overdue,
        awaiting_send=awaiting,
        median_s=waits.quantile(0.5),
        p90_s=waits.quantile(0.9),
        within_deadline_share=within / replied if replied else None,
        auto_reply_share=auto / replied if replied else None,
    )


EXACT_MAX_REPLIES = 5_000  # up to this many replies in the window, quantiles come from the waits themselves


def _day(at: datetime) -> str:
    return at.astimezone(UTC).date().isoformat()


def first_response_report(
    session: Session, *, store_id: str, days: int = 30, now: datetime | None = None
) -> FirstResponseReport:
    """Whole UTC days of the window come from the rollups the triggers keep (drafter/persistence/
    rollups.py): a few rows per day whatever the store's size. The window's first, partial day is read
    from the drafts (the covering index ix_drafts_first_response), as are the open drafts past their
    deadline (that depends on now). Quantiles are exact while the window holds up to EXACT_MAX_REPLIES
    replies (their waits are read); beyond, they come from the wait histogram, within 2 %."""
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days)
    first_full_day = datetime.combine(since.astimezone(UTC).date() + timedelta(days=1), time(), tzinfo=UTC)
    replied, opened = DraftRow.status.in_(_REPLIED), DraftRow.status.in_(_OPEN)
    replied_at = func.coalesce(DraftRow.sent_at, DraftRow.decided_at, DraftRow.received_at)
    window = (DraftRow.store_id == store_id, DraftRow.received_at >= since)
    edge = (*window, DraftRow.received_at < first_full_day)
    # Grouped on an expression, not the column: SQLite's planner otherwise takes an index in platform order
    # (no sort for GROUP BY) and reads every row of the store, instead of the window's range in
    # ix_drafts_first_response and a sort of four groups.
    platform = DraftRow.platform.concat("")
    edge_counts = select(
        platform,
        func.count(),
        _count(replied),
        _count(opened),
        _count(and_(replied, replied_at <= DraftRow.sla_deadline)),
        _count(and_(replied, DraftRow.route == "auto_send")),
        _count(DraftRow.status == DraftStatus.approved.value),
    ).where(*edge)
    counts: dict[str, list[int]] = {}
    for name, *rest in session.execute(edge_counts.group_by(platform)):
        counts[name] = [int(v or 0) for v in rest]
    rolled = select(
        DraftRollup.platform,
        *(
            func.sum(c)
            for c in (
                DraftRollup.messages,
                DraftRollup.replied,
                DraftRollup.open,
                DraftRollup.within_deadline,
                DraftRollup.auto_sent,
                DraftRollup.awaiting_send,
            )
        ),
    ).where(DraftRollup.store_id == store_id, DraftRollup.day >= _day(first_full_day))
    for name, *rest in session.execute(rolled.group_by(DraftRollup.platform)):
        row = counts.setdefault(name, [0] * 6)
        for i, v in enumerate(rest):
            row[i] += int(v or 0)
    overdue = dict(
        session.execute(
            select(platform, func.count())
            .where(*window, opened, DraftRow.sla_deadline < now)
            .group_by(platform)
        ).all()
    )
    full = {
        name: (c[0], c[1], c[2], int(overdue.get(name, 0)), c[3], c[4], c[5])
        for name, c in counts.items()
        if c[0] > 0
    }
    total_replied = sum(c[1] for c in full.values())
    wait = _wait_seconds(session.get_bind().dialect.name, replied_at)
    waits: dict[str, Waits] = {}
    exact = total_replied <= EXACT_MAX_REPLIES
    for name, seconds in session.execute(
        select(DraftRow.platform, wait).where(*(window if exact else edge), replied)
    ):
        waits.setdefault(name, Waits()).add(max(0.0, float(seconds)))
    if not exact:
        buckets = select(DraftWaitBucket.platform, DraftWaitBucket.bucket, func.sum(DraftWaitBucket.replies))
        buckets = buckets.where(
            DraftWaitBucket.store_id == store_id, DraftWaitBucket.day >= _day(first_full_day)
        ).group_by(DraftWaitBucket.platform, DraftWaitBucket.bucket)
        for name, bucket, n in session.execute(buckets):
            waits.setdefault(name, Waits()).add_bucket(int(bucket), int(n or 0))
    overall_counts = tuple(sum(c[i] for c in full.values()) for i in range(7))
    everything = Waits.merged(waits.values())
    return FirstResponseReport(
        store_id=store_id,
        since=since,
        generated_at=now,
        platforms=[_figures(p, c, waits.get(p, Waits())) for p, c in sorted(full.items())],
        overall=_figures("all", overall_counts, everything),
    )
