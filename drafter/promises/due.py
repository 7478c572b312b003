"""When a sent reply's commitment is due, computed exactly as the composer stated it.

The template composer says "we check again on {check_day} before {check_time}" from the moment the
message was received: the next business day (or today) before the store's recheck time, in the store's
time zone (drafter.compose.when.next_check, drafter.compose.facts._buyer_time). The same functions run here
on the stored draft, so the follow-up is due exactly when the buyer was told. Which commitments carry a
time is data: knowledge/promises/rules.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.compose.buyer_time import buyer_country, buyer_deadline, country_zone, zone_info
from drafter.compose.when import next_check
from drafter.knowledge import effective_policy, read_yaml
from drafter.models import StorePolicy, StoreProfile
from drafter.persistence.tables import DraftRow
from drafter.timeutil import as_utc


@dataclass(frozen=True)
class Due:
    at: datetime  # UTC: when the team must have done what it said
    buyer_at: datetime  # the same promise as the buyer read it (their zone, rounded up to the hour)
    store_zone: str
    buyer_zone: str
    commit_key: str | None
    situation: str | None


@lru_cache(maxsize=4)
def _rules(knowledge_dir: Path) -> dict[str, Any]:
    path = knowledge_dir / "promises" / "rules.yaml"
    return (read_yaml(path) if path.exists() else None) or {}


def commit_key(run: dict[str, Any]) -> str | None:
    """The commitment key of a template draft (`<lang>.<intent>.<situation>.<commit>`); None otherwise."""
    draft = run.get("draft") or {}
    template_id = draft.get("template_id") or ""
    if draft.get("composer") != "template" or template_id.count(".") < 3:
        return None
    return template_id.rsplit(".", 1)[-1]


def _add_business_days(start: date, days: int, policy: StorePolicy, holidays: tuple[date, ...]) -> date:
    workdays = set(policy.business_hours.days) or {0, 1, 2, 3, 4}
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() in workdays and current not in holidays:
            left -= 1
    return current


def due_of(row: DraftRow, store: StoreProfile, *, knowledge_dir: Path) -> Due | None:
    """The promise in a draft's commitment, or None when it promises nothing at a time."""
    if not (row.commitment or "").strip():
        return None
    rules = _rules(knowledge_dir)
    key = commit_key(row.run or {})
    if key in {*(rules.get("no_time") or ()), *(rules.get("buyer_first") or ())}:
        return None
    policy = effective_policy(store, row.platform)
    tz = zone_info(store.timezone)
    received = as_utc(row.received_at).astimezone(tz)
    holidays = tuple(store.holidays)
    hours, minutes = (int(x) for x in policy.commitments.recheck_time.split(":"))
    field = (rules.get("business_days") or {}).get(key or "")
    if field:
        day = _add_business_days(received.date(), int(getattr(policy.commitments, field)), policy, holidays)
    else:
        day = next_check(received, policy, holidays)
    local = datetime.combine(day, time(hours, minutes), tzinfo=tz)
    order = ((row.run or {}).get("retrieval") or {}).get("order") or {}
    country = buyer_country(
        order.get("destination_country"), (row.message or {}).get("buyer_locale"), row.language
    )
    zone = country_zone(country)
    return Due(
        at=local.astimezone(UTC),
        buyer_at=buyer_deadline(local, zone),
        store_zone=store.timezone,
        buyer_zone=zone,
        commit_key=key,
        situation=((row.run or {}).get("draft") or {}).get("situation"),
    )
