"""The alert sweep (`drafter alerts run`, and every team_sweep_s on celery beat): what must be said now.

- a draft still open whose reply deadline is within the store's alert_lead_minutes (default 30): its
  assignee, else the team;
- an AliExpress chat read but unanswered for aliexpress_unanswered_h (4 h): "read" is when Drafter fetched
  the message (the seller's side has it from then on), so an open AliExpress draft that old;
- the system notices the store's mailboxes brought in, and mailboxes left unread (drafter.notices): the
  store's leads, else the team.
Each is recorded once per recipient and channel (drafter.notify.notifier), so running the sweep again, or
on two workers at once, sends nothing twice. Failed alerts are retried by later sweeps.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.compose.buyer_time import zone_info
from drafter.config import Settings
from drafter.knowledge import read_yaml, store_profile
from drafter.models import DraftStatus, StoreProfile
from drafter.notices.watch import stale_mailboxes, store_notices
from drafter.notify import recipients
from drafter.notify.notifier import Alert, claim_retries, deliver, notify, utc_now
from drafter.persistence.db import session_scope
from drafter.persistence.tables import ChannelRow, DraftRow
from drafter.timeutil import as_utc

OPEN = (DraftStatus.pending_review.value, DraftStatus.escalated.value)
OVERDUE_WINDOW = timedelta(hours=24)  # a deadline missed longer ago than this is no longer alerted
MAX_LEAD = timedelta(minutes=1440)


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "-"


@lru_cache(maxsize=4)
def _texts(knowledge_dir: Path) -> dict[str, Any]:
    return read_yaml(knowledge_dir / "notify" / "alerts.yaml") or {}


def render(knowledge_dir: Path, language: str, kind: str, data: dict[str, Any]) -> tuple[str, str]:
    texts = _texts(knowledge_dir)
    entry = (texts.get(language) or texts["en"]).get(kind) or texts["en"][kind]
    values = _Defaults({k: "" if v is None else str(v) for k, v in data.items()})
    return entry["subject"].format_map(values), entry["text"].format_map(values)


def _alert(settings: Settings, store: StoreProfile, kind: str, ref: str, data: dict[str, Any]) -> Alert:
    subject, text = render(settings.knowledge_dir, store.reviewer_language, kind, data)
    return Alert(
        kind=kind,
        store_id=store.store_id,
        ref=ref,
        subject=subject,
        text=text,
        draft_id=data.get("draft_id"),
        data=data,
    )


def _draft_data(row: DraftRow, store: StoreProfile, now: datetime) -> dict[str, Any]:
    deadline = as_utc(row.sla_deadline)
    local = deadline.astimezone(zone_info(store.timezone))
    return {
        "draft_id": row.id,
        "platform": row.platform,
        "order": row.order_id or "-",
        "intent": row.intent,
        "risk": row.risk,
        "deadline": deadline.isoformat(),
        "deadline_store": local.strftime("%Y-%m-%d %H:%M"),
        "store_zone": store.timezone,
        "minutes_left": max(0, int((deadline - now).total_seconds() // 60)),
        "hours": round((now - as_utc(row.created_at)).total_seconds() / 3600, 1),
        "excerpt": (row.message or {}).get("text", "")[:200],
    }


def draft_alerts(session: Session, settings: Settings, *, now: datetime) -> list[tuple[Alert, list]]:
    """(alert, recipients) for open drafts near their deadline and AliExpress chats left unanswered."""
    out: list[tuple[Alert, list]] = []
    stores: dict[str, StoreProfile] = {}

    def store(store_id: str) -> StoreProfile:
        if store_id not in stores:
            stores[store_id] = store_profile(settings.knowledge_dir, store_id)
        return stores[store_id]

    near = session.scalars(
        select(DraftRow).where(
            DraftRow.status.in_(OPEN),
            DraftRow.sla_deadline <= now + MAX_LEAD,
            DraftRow.sla_deadline > now - OVERDUE_WINDOW,
        )
    )
    for row in near:
        profile = store(row.store_id)
        if as_utc(row.sla_deadline) - now > timedelta(minutes=profile.alert_lead_minutes):
            continue
        alert = _alert(settings, profile, "sla_near", row.id, _draft_data(row, profile, now))
        out.append((alert, recipients.for_draft(session, store=profile, draft_id=row.id)))
    read_before = now - timedelta(hours=settings.aliexpress_unanswered_h)
    unanswered = session.scalars(
        select(DraftRow).where(
            DraftRow.platform == "aliexpress",
            DraftRow.status.in_(OPEN),
            DraftRow.created_at <= read_before,
            DraftRow.created_at > read_before - timedelta(days=7),
        )
    )
    for row in unanswered:
        profile = store(row.store_id)
        alert = _alert(settings, profile, "unanswered_read", row.id, _draft_data(row, profile, now))
        out.append((alert, recipients.for_draft(session, store=profile, draft_id=row.id)))
    return out


def _ref(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def notice_alerts(session: Session, settings: Settings, *, now: datetime) -> list[tuple[Alert, list]]:
    """System notices and unread mailboxes of every store with a channel, for its leads."""
    out: list[tuple[Alert, list]] = []
    for store_id in session.scalars(select(ChannelRow.store_id).distinct()):
        profile = store_profile(settings.knowledge_dir, store_id)
        leads = recipients.leads(session, store=profile)
        for notice in store_notices(session, store_id=store_id):
            data = {
                "platform": notice.platform,
                "kind": notice.kind,
                "subject": notice.subject,
                "sender": notice.sender,
                "deadline": notice.deadline.isoformat() if notice.deadline else "-",
            }
            ref = _ref(notice.platform, notice.sender, notice.subject, notice.received_at.isoformat())
            out.append((_alert(settings, profile, "notice", ref, data), leads))
        for warning in stale_mailboxes(
            session, store_id=store_id, now=now, max_age_h=settings.mailbox_unread_warn_h
        ):
            data = {"channel": warning.channel, "message": warning.message}
            ref = _ref(warning.channel, warning.last_read_at.isoformat() if warning.last_read_at else "never")
            out.append((_alert(settings, profile, "mailbox_unread", ref, data), leads))
    return out


def run_sweep(
    settings: Settings, *, now: datetime | None = None, client: httpx.Client | None = None
) -> dict[str, int]:
    """One sweep: retries of earlier alerts that failed, then every new alert. Counts per outcome."""
    now = now or utc_now()
    counts: Counter[str] = Counter({"sent": 0, "failed": 0, "skipped": 0, "alerts": 0, "no_recipient": 0})
    own = client is None
    # follow_redirects off, as in the outbox: a redirect could lead to an address the checks refuse.
    client = client or httpx.Client(timeout=settings.alert_timeout_s, follow_redirects=False)
    try:
        for alert_id in claim_retries(settings, now=now):
            counts[deliver(settings, alert_id, client=client, now=now)] += 1
        with session_scope(settings.resolved_database_url) as session:
            found = draft_alerts(session, settings, now=now) + notice_alerts(session, settings, now=now)
        for alert, people in found:
            counts["alerts"] += 1
            if not people:
                counts["no_recipient"] += 1
                continue
            counts.update(notify(settings, alert, people, client=client, now=now))
    finally:
        if own:
            client.close()
    return dict(counts)
