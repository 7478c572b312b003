"""The channels table: add, list, read a store's channel connections (secrets stay inside ChannelConfig)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from drafter.channels.config import ChannelConfig
from drafter.errors import DrafterError, NotFound
from drafter.models import Platform
from drafter.persistence.tables import ChannelMessage, ChannelRow


class ChannelNotFound(NotFound):
    code = "channel_not_found"


class ChannelExists(DrafterError):
    code = "channel_exists"
    status = 409


def config_of(row: ChannelRow) -> ChannelConfig:
    return ChannelConfig(
        id=row.id,
        store_id=row.store_id,
        name=row.name,
        kind=row.kind,
        platform=row.platform,
        options=dict(row.options),
        secrets=dict(row.secrets),
    )


def add_channel(session: Session, config: ChannelConfig, *, poll_interval_s: float = 60.0) -> ChannelRow:
    Platform(config.platform)  # ValueError for a platform Drafter does not know
    row = ChannelRow(
        store_id=config.store_id,
        name=config.name,
        kind=config.kind,
        platform=config.platform,
        options=config.options,
        enabled=True,
        cursor={},
        poll_interval_s=poll_interval_s,
        secrets={k: v.get_secret_value() for k, v in config.secrets.items()},
        failures=0,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise ChannelExists(f"store {config.store_id} already has a channel named {config.name}") from None
    return row


def get_channel(session: Session, *, store_id: str, name: str) -> ChannelRow:
    row = session.scalar(select(ChannelRow).where(ChannelRow.store_id == store_id, ChannelRow.name == name))
    if row is None:
        raise ChannelNotFound(f"store {store_id} has no channel named {name}")
    return row


def list_channels(session: Session, *, store_id: str | None = None) -> list[ChannelRow]:
    query = select(ChannelRow).order_by(ChannelRow.store_id, ChannelRow.name)
    if store_id:
        query = query.where(ChannelRow.store_id == store_id)
    return list(session.scalars(query))


def describe(row: ChannelRow) -> dict[str, Any]:
    """An operator's view: options and state; secret names only."""
    return {
        **config_of(row).public(),
        "enabled": row.enabled,
        "cursor": row.cursor,
        "poll_interval_s": row.poll_interval_s,
        "last_poll_at": row.last_poll_at.isoformat() if row.last_poll_at else None,
        "last_error": row.last_error,
        "failures": row.failures,
    }


def message_counts(session: Session, channel_id: int) -> dict[str, int]:
    """How many of the channel's messages were drafted, repeats, skipped (not buyer messages) or failed."""
    rows = session.execute(
        select(ChannelMessage.status, func.count())
        .where(ChannelMessage.channel_id == channel_id)
        .group_by(ChannelMessage.status)
    )
    return {"drafted": 0, "duplicate": 0, "skipped": 0, "failed": 0, **{status: n for status, n in rows}}
