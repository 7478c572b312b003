"""Datetimes as Drafter stores them: always UTC. A neutral module, so that reports, workers and notices
need not import a draft view to read a timestamp back."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(value: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; everything is stored in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
