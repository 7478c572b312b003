"""What a store's leads must see: the system notices its mailboxes brought in, and mailboxes nobody read.

Notices are kept on the channel_messages row that recorded them (status `notice`, the notice as JSON), so
they are committed with the poll that found them and never lost or raised twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.notices.recognize import SystemNotice
from drafter.persistence.tables import ChannelMessage, ChannelRow
from drafter.timeutil import as_utc


class MailboxWarning(BaseModel):
    channel: str
    last_read_at: datetime | None
    hours_unread: float | None
    message: str


def store_notices(
    session: Session, *, store_id: str, include_info: bool = False, limit: int = 200
) -> list[SystemNotice]:
    rows = session.scalars(
        select(ChannelMessage)
        .where(ChannelMessage.store_id == store_id, ChannelMessage.status == "notice")
        .order_by(ChannelMessage.id.desc())
        .limit(limit)
    )
    notices = [SystemNotice.model_validate(row.message) for row in rows if row.message]
    return [n for n in notices if include_info or n.alert]


def stale_mailboxes(
    session: Session, *, store_id: str, now: datetime | None = None, max_age_h: float = 48.0
) -> list[MailboxWarning]:
    """Enabled e-mail channels not read for max_age_h (or never read)."""
    now = now or datetime.now(UTC)
    warnings = []
    for row in session.scalars(
        select(ChannelRow).where(
            ChannelRow.store_id == store_id, ChannelRow.kind == "email", ChannelRow.enabled.is_(True)
        )
    ):
        last = as_utc(row.last_poll_at) if row.last_poll_at else None
        if last is not None and now - last < timedelta(hours=max_age_h):
            continue
        hours = round((now - last).total_seconds() / 3600, 1) if last else None
        said = f"not read for {hours:g} h" if hours is not None else "never read"
        warnings.append(
            MailboxWarning(
                channel=row.name,
                last_read_at=last,
                hours_unread=hours,
                message=f"mailbox {row.name} {said}; platform system notices (AliExpress "
                f"freezes withdrawals after 72 h unread) may be waiting",
            )
        )
    return warnings
