"""Stage: the first-reply deadline for a message (platform rules, then urgency targets on top).

All arithmetic is on aware datetimes: an "N h" deadline is N elapsed hours, so a DST change moves the
wall-clock time of the deadline, never its distance from the message. Local rules (Beijing workday,
a store's business hours) are evaluated with zoneinfo in the zone the rule is defined in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from drafter.knowledge import effective_policy
from drafter.models import Flag, Intent, Platform, Risk, SlaResult, StoreProfile
from drafter.platforms import PlatformRules, Workday, platform_rules

_URGENCY_HOURS = {Risk.high: 1.0, Risk.medium: 4.0, Risk.low: 24.0}
_MAX_STORE_HOURS = 24.0 * 14  # a store's own first-reply target, capped: a typo must not hide a message


def is_workday(day: date, store: StoreProfile, *, workdays: Iterable[int] = range(5)) -> bool:
    """Monday-Friday (or the given weekdays), minus the store's holidays, plus its make-up workdays."""
    if day in store.extra_workdays:
        return True
    return day.weekday() in set(workdays) and day not in store.holidays


def _workday_deadline(
    received_at: datetime, store: StoreProfile, rules: PlatformRules, workday: Workday
) -> tuple[datetime, str]:
    """A deadline counted from the platform's own working hours, in its zone (AliExpress: Beijing)."""
    name, hours = rules.platform.value, rules.first_reply.hours
    local = received_at.astimezone(ZoneInfo(workday.timezone))
    day = local.date()
    window = f"{workday.start:%H:%M}-{workday.end:%H:%M} {workday.zone_label}"
    if is_workday(day, store) and workday.start <= local.time() < workday.end:
        return received_at + timedelta(hours=hours), f"{name}: workday {window}, {hours:g} h"
    if day in store.holidays:
        why = "holiday"
    elif not is_workday(day, store):
        why = "weekend"
    else:
        why = f"outside {window}"
    hours = min(workday.off_hours, workday.cap)
    return received_at + timedelta(hours=hours), f"{name}: {why}, {hours:g} h"


def _parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def add_business_hours(start: datetime, hours: float, store: StoreProfile, platform: Platform) -> datetime:
    """Count `hours` only inside the store's business hours, in its own time zone (holidays off)."""
    tz = ZoneInfo(store.timezone)
    bh = effective_policy(store, platform).business_hours
    opens, closes = _parse_hhmm(bh.open), _parse_hhmm(bh.close)
    left = timedelta(hours=hours)
    day = start.astimezone(tz).date()
    for _ in range(800):  # ~2 years of days: a misconfigured calendar must not loop forever
        if is_workday(day, store, workdays=bh.days):
            # Opening and closing are wall-clock times: build them in the zone so DST days stay right.
            window_start = max(datetime.combine(day, opens, tz), start).astimezone(UTC)
            window_end = datetime.combine(day, closes, tz).astimezone(UTC)
            if window_end > window_start:
                available = window_end - window_start
                if left <= available:
                    return (window_start + left).astimezone(start.tzinfo)
                left -= available
        day += timedelta(days=1)
    raise ValueError(f"store {store.store_id} has no business hours to count a deadline in")


def _platform_deadline(
    platform: Platform, received_at: datetime, store: StoreProfile, rules: PlatformRules
) -> tuple[datetime, str]:
    first = rules.first_reply
    if first.workday is not None:
        return _workday_deadline(received_at, store, rules, first.workday)
    if not first.store_configurable:  # e.g. Amazon's 24 h, every day, weekends included
        return received_at + timedelta(
            hours=first.hours
        ), f"{platform.value}: {first.hours:g} h, weekends included"
    hours = min(store.sla_hours.get(platform.value, first.hours), _MAX_STORE_HOURS)
    if store.sla_clock.get(platform.value) == "business":
        deadline = add_business_hours(received_at, hours, store, platform)
        return deadline, f"{platform.value}: {hours:g} business hours ({store.timezone})"
    return received_at + timedelta(hours=hours), f"{platform.value}: {hours:g} h"


def compute_sla(
    *,
    platform: Platform,
    received_at: datetime,
    risk: Risk,
    intent: Intent,
    flags: Iterable[Flag] = (),
    secondary: Iterable[Intent] = (),
    store: StoreProfile,
    rules: PlatformRules | None = None,
) -> SlaResult:
    rules = rules or platform_rules(platform)
    if received_at.tzinfo is None:
        raise ValueError("received_at must carry a time zone")
    # Python adds a timedelta to a zoned datetime in wall-clock time (24 h across a DST change would be
    # 23 or 25 real hours): do every sum in UTC.
    received_at = received_at.astimezone(UTC)
    flags = set(flags)
    deadline, basis = _platform_deadline(platform, received_at, store, rules)
    reasons = [basis]
    urgency = _URGENCY_HOURS[risk]
    by_urgency = received_at + timedelta(hours=urgency)
    if by_urgency < deadline:
        deadline = by_urgency
        reasons.append(f"urgency {risk.value}: {urgency:g} h")
    escalation = None
    rule = rules.escalation
    if rule is not None and rule.applies({intent, *secondary}, flags):
        escalation = received_at + timedelta(hours=rule.within_h)
        reasons.append(f"{platform.value}: escalate to a senior agent within {rule.within_h:g} h")
    # Deadlines are shown in the store's own time zone, with its offset.
    tz = ZoneInfo(store.timezone)
    return SlaResult(
        deadline=deadline.astimezone(tz),
        escalation_deadline=escalation.astimezone(tz) if escalation else None,
        basis=reasons,
    )
