"""When a message counts as off-hours, and what time an acknowledgement may promise.

Off-hours is what drafter/sla.py and drafter/autoreply/hours.py already know: on AliExpress the
platform's own clock (before 09:00 or from 22:00 Beijing time, weekends and the store's holidays),
and on every platform the store's business hours in its own time zone (days, opening and closing,
holidays). The promise is the draft's own first-reply deadline (sla.py: platform rule, store hours,
urgency), never later than the platform's limit in knowledge/autoreply/platforms.yaml, said in the
buyer's time zone and rounded DOWN to the full hour: a promise kept early is fine, one kept late is not.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from drafter.autoreply.data import platform_rules
from drafter.compose.buyer_time import buyer_country, country_zone, zone_info
from drafter.knowledge import effective_policy
from drafter.models import Platform, StoreProfile
from drafter.platforms import platform_rules as first_reply_rules
from drafter.sla import is_workday


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def off_hours_reason(
    store: StoreProfile, platform: Platform, at: datetime, *, knowledge_dir: Path
) -> str | None:
    """Why nobody is at work at `at` (aware), or None when it is working time."""
    workday = first_reply_rules(platform, knowledge_dir).first_reply.workday
    if (
        workday is not None
    ):  # the platform's own working hours (AliExpress: Beijing time), as sla.py reads them
        local = at.astimezone(ZoneInfo(workday.timezone))
        name = platform.value
        if local.date() in store.holidays:
            return f"{name}: a holiday ({workday.zone_label})"
        if not is_workday(local.date(), store):
            return f"{name}: a weekend ({workday.zone_label})"
        if not workday.start <= local.time() < workday.end:
            return f"{name}: outside {workday.start:%H:%M}-{workday.end:%H:%M} {workday.zone_label}"
    hours = effective_policy(store, platform).business_hours
    local = at.astimezone(ZoneInfo(store.timezone))
    if local.date() in store.holidays:
        return f"the store's holiday ({store.timezone})"
    if not is_workday(local.date(), store, workdays=hours.days):
        return f"the store's day off ({store.timezone})"
    if not _hhmm(hours.open) <= local.time() < _hhmm(hours.close):
        return f"outside the store's hours {hours.open}-{hours.close} ({store.timezone})"
    return None


def platform_limit(knowledge_dir: Path, platform: Platform, *, off_hours: bool) -> timedelta:
    rules = platform_rules(knowledge_dir, platform.value)
    return timedelta(hours=rules.off_hours_h if off_hours else rules.in_hours_h)


def buyer_zone(*, destination: str | None, locale: str | None, language: str) -> str:
    """The order's destination country, else the locale's territory, else the language's main country."""
    return country_zone(buyer_country(destination, locale, language))


def promise(
    *, received_at: datetime, deadline: datetime, limit: timedelta, zone: str, now: datetime
) -> tuple[datetime, datetime]:
    """(promised time, the time it is said at) in the buyer's zone: the earlier of the draft's deadline
    and the platform's limit, rounded down to the full hour (the `when` phrases name hours). "Today" and
    "tomorrow" are counted from when the acknowledgement goes out (a channel may bring a message late)."""
    # Every deadline is at least an hour after the message (sla.py), so the hour it falls in starts
    # after the message: rounding down never promises a time before the message.
    latest = min(deadline, received_at + limit).astimezone(zone_info(zone))
    said_at = max(received_at, now).astimezone(zone_info(zone))
    return latest.replace(minute=0, second=0, microsecond=0), said_at
