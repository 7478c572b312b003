"""Shifts: who is on duty when, in the store's time zone. Auto-assignment hands new drafts only to people
on duty; a store that has no shifts at all counts everyone as on duty."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.persistence.team_tables import Shift

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class ShiftView(BaseModel):
    shift_id: int | None = None
    user_id: int
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    start: str = Field(description="HH:MM, store time")
    end: str = Field(description="HH:MM, store time; before start: the shift runs past midnight")

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not _HHMM.match(value):
            raise ValueError("a time is HH:MM, 00:00 to 23:59")
        return value


def parse_days(spec: str) -> list[int]:
    """'mon-fri', 'sat,sun', 'mon' -> weekday numbers."""
    days: list[int] = []
    for part in spec.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ValueError(f"unknown day in {spec!r}; use {', '.join(DAYS)}")
        a, b = DAYS.index(first), DAYS.index(last or first)
        days.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return sorted(set(days))


def add_shifts(
    session: Session, *, store_id: str, user_id: int, days: list[int], start: str, end: str
) -> list[ShiftView]:
    views = [ShiftView(user_id=user_id, weekday=d, start=start, end=end) for d in days]
    rows = [Shift(store_id=store_id, user_id=user_id, weekday=v.weekday, start=start, end=end) for v in views]
    session.add_all(rows)
    session.flush()
    return [v.model_copy(update={"shift_id": r.id}) for v, r in zip(views, rows)]


def list_shifts(session: Session, *, store_id: str) -> list[ShiftView]:
    rows = session.scalars(
        select(Shift).where(Shift.store_id == store_id).order_by(Shift.weekday, Shift.start, Shift.user_id)
    )
    return [
        ShiftView(shift_id=r.id, user_id=r.user_id, weekday=r.weekday, start=r.start, end=r.end) for r in rows
    ]


def covers(shift: ShiftView, local: datetime) -> bool:
    t = local.strftime("%H:%M")
    day = local.weekday()
    if shift.start < shift.end:
        return day == shift.weekday and shift.start <= t < shift.end
    # Overnight (22:00-06:00): the evening on its own day, the early hours on the next.
    return (day == shift.weekday and t >= shift.start) or (day == (shift.weekday + 1) % 7 and t < shift.end)


def on_duty(session: Session, *, store_id: str, timezone: str, at: datetime) -> set[int] | None:
    """The people on duty at `at`; None when the store has no shifts (then everyone is)."""
    shifts = list_shifts(session, store_id=store_id)
    if not shifts:
        return None
    local = at.astimezone(ZoneInfo(timezone))
    return {s.user_id for s in shifts if covers(s, local)}
