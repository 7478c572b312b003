"""What an auto-reply may promise, worked out from the store's business hours and the platform's rules.

A welcome message promises a reply within the platform's in-hours deadline, or sooner when the store
commits to sooner; an off-hours reply promises nothing it cannot keep: it names the store's hours and
says the team answers when it is back. Where the store is closed longer than the platform allows a
message to wait, the kit says so (an off-hours acknowledgement or another shift closes that gap).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from drafter.autoreply.data import PlatformKitRules
from drafter.knowledge import effective_policy
from drafter.models import Platform, StoreProfile

_WEEK_MIN = 7 * 24 * 60


@dataclass(frozen=True)
class ReplyPromise:
    reply_within_h: int
    days: tuple[int, ...]
    open: str
    close: str
    std_offset: str
    dst_offset: str | None
    longest_closed_h: float
    warnings: list[str] = field(default_factory=list)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def longest_closed_hours(days: list[int], open_: str, close: str) -> float:
    """The longest stretch of the week with nobody at work, in hours (holidays aside)."""
    start, end = _minutes(open_), _minutes(close)
    if not days or end <= start:
        return 7 * 24.0
    spans = sorted((d * 1440 + start, d * 1440 + end) for d in set(days))
    gaps = [nxt[0] - cur[1] for cur, nxt in zip(spans, spans[1:])]
    gaps.append(spans[0][0] + _WEEK_MIN - spans[-1][1])
    return max(gaps) / 60


def utc_offset_label(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_offsets(tz_name: str, year: int) -> tuple[str, str | None]:
    """The zone's standard offset and, where it has one, its daylight-saving offset."""
    tz = ZoneInfo(tz_name)
    seen: dict[bool, timedelta] = {}
    for month in (1, 7):
        moment = datetime(year, month, 15, 12, tzinfo=tz)
        seen[bool(moment.dst())] = moment.utcoffset() or timedelta(0)
    std = seen.get(False, next(iter(seen.values())))
    dst = seen.get(True)
    return utc_offset_label(std), (utc_offset_label(dst) if dst is not None and dst != std else None)


def promise_for(
    store: StoreProfile, platform: Platform, rules: PlatformKitRules, *, today: date
) -> ReplyPromise:
    policy = effective_policy(store, platform)
    hours = policy.business_hours
    reply_within = min(rules.in_hours_h, float(policy.commitments.reply_within_hours))
    closed = longest_closed_hours(hours.days, hours.open, hours.close)
    std, dst = zone_offsets(store.timezone, today.year)
    warnings = []
    if closed > rules.off_hours_h:
        warnings.append(
            f"{store.store_id} is closed for up to {closed:g} h at a stretch ({store.timezone}); "
            f"{platform.value} expects a first reply within {rules.off_hours_h:g} h outside working hours: "
            "turn on the off-hours acknowledgement or cover the gap with another shift"
        )
    return ReplyPromise(
        reply_within_h=max(1, math.floor(reply_within)),
        days=tuple(sorted(set(hours.days))),
        open=hours.open,
        close=hours.close,
        std_offset=std,
        dst_offset=dst,
        longest_closed_h=closed,
        warnings=warnings,
    )
