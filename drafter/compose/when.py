"""Dates, times and money rendered for the buyer (babel), and the next moment the team can keep.

Babel formatting costs ~100 us a call; the same few dates recur across drafts, so results are cached.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from babel.dates import format_date, get_timezone_name
from babel.numbers import format_currency

from drafter.models import StorePolicy


@lru_cache(maxsize=4096)
def fmt_date(day: date, language: str, width: str = "long") -> str:
    return format_date(day, width, locale=language)


@lru_cache(maxsize=1024)
def fmt_money(amount: float, currency: str, language: str) -> str:
    return format_currency(amount, currency, locale=language)


@lru_cache(maxsize=256)
def tz_name(timezone: str, language: str) -> str:
    from zoneinfo import ZoneInfo

    return get_timezone_name(ZoneInfo(timezone), "long", zone_variant="generic", locale=language)


def _clock(value: str) -> tuple[int, int]:
    hours, minutes = value.split(":")
    return int(hours), int(minutes)


def next_check(now: datetime, policy: StorePolicy, holidays: tuple[date, ...] = ()) -> date:
    """The business day on which the team re-checks before its recheck time.

    Today when today is a working day and at least an hour remains before the recheck time (so the
    promise is one the team can keep); otherwise the next working day that is not a holiday.
    """
    hours, minutes = _clock(policy.commitments.recheck_time)
    workdays = set(policy.business_hours.days) or {0, 1, 2, 3, 4}
    deadline_today = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    day = now.date()
    if day.weekday() in workdays and day not in holidays and now <= deadline_today - timedelta(hours=1):
        return day
    day += timedelta(days=1)
    for _ in range(60):
        if day.weekday() in workdays and day not in holidays:
            return day
        day += timedelta(days=1)
    return day
