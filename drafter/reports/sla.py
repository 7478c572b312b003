"""`drafter report sla` and GET /v1/reports/sla: how often the team answered within the platform's
deadline, per platform, per person and per ISO week, and each person's first-response times.

A reply is a draft that was sent (delivered by the outbox or marked sent by hand), at sent_at (as in
first_response.py). The person is the audit actor who let it go: the approver (`approved`), the router
for auto-sent drafts (`auto_approved`, actor `router`), or who marked it sent by hand. Actors are
`key:<store>` for store API keys today and `user:<id>` once people sign in.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.persistence.tables import AuditEvent, DraftRow
from drafter.reports.first_response import quantile
from drafter.timeutil import as_utc

DECISIONS = ("approved", "auto_approved", "sent_by_hand")


class SlaRow(BaseModel):
    key: str = Field(description="the platform, the person (audit actor) or the ISO week (2026-W48)")
    messages: int = Field(description="messages received (for a person: replies they let go)")
    replied: int
    within_deadline: int
    within_share: float | None = Field(None, description="replies within the deadline / messages")
    p50_s: float | None = Field(None, description="median seconds from receipt to the reply")
    p90_s: float | None = None


class SlaReport(BaseModel):
    store_id: str
    since: datetime
    generated_at: datetime
    overall: SlaRow
    by_platform: list[SlaRow]
    by_person: list[SlaRow]
    by_week: list[SlaRow]


class _Acc:
    def __init__(self) -> None:
        self.messages = self.replied = self.within = 0
        self.waits: list[float] = []

    def row(self, key: str) -> SlaRow:
        return SlaRow(
            key=key,
            messages=self.messages,
            replied=self.replied,
            within_deadline=self.within,
            within_share=round(self.within / self.messages, 4) if self.messages else None,
            p50_s=quantile(self.waits, 0.5),
            p90_s=quantile(self.waits, 0.9),
        )


def _week(at: datetime) -> str:
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


def sla_report(session: Session, *, store_id: str, days: int = 30, now: datetime | None = None) -> SlaReport:
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days)
    rows = session.execute(
        select(
            DraftRow.id,
            DraftRow.platform,
            DraftRow.status,
            DraftRow.received_at,
            DraftRow.sla_deadline,
            DraftRow.sent_at,
        ).where(DraftRow.store_id == store_id, DraftRow.received_at >= since)
    ).all()
    deciders: dict[str, str] = {}
    events = session.execute(
        select(AuditEvent.draft_id, AuditEvent.actor)
        .join(DraftRow, DraftRow.id == AuditEvent.draft_id)
        .where(
            AuditEvent.store_id == store_id,
            AuditEvent.action.in_(DECISIONS),
            DraftRow.received_at >= since,
        )
        .order_by(AuditEvent.id)
    )
    for draft_id, actor in events:
        deciders.setdefault(draft_id, actor)  # the first decision is the one that let the reply go
    overall = _Acc()
    platforms: dict[str, _Acc] = defaultdict(_Acc)
    people: dict[str, _Acc] = defaultdict(_Acc)
    weeks: dict[str, _Acc] = defaultdict(_Acc)
    for draft_id, platform, status, received_at, deadline, sent_at in rows:
        received = as_utc(received_at)
        groups = [overall, platforms[platform], weeks[_week(received)]]
        for acc in groups:
            acc.messages += 1
        if status != "sent" or sent_at is None:
            continue
        wait = max(0.0, (as_utc(sent_at) - received).total_seconds())
        within = as_utc(sent_at) <= as_utc(deadline)
        person = people[deciders.get(draft_id, "unknown")]
        person.messages += 1
        for acc in [*groups, person]:
            acc.replied += 1
            acc.within += int(within)
            acc.waits.append(wait)
    return SlaReport(
        store_id=store_id,
        since=since,
        generated_at=now,
        overall=overall.row("all"),
        by_platform=[acc.row(k) for k, acc in sorted(platforms.items())],
        by_person=[acc.row(k) for k, acc in sorted(people.items())],
        by_week=[acc.row(k) for k, acc in sorted(weeks.items())],
    )
