"""Stage: the first-reply deadline for a message (platform rules, then urgency targets on top)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from drafter.models import Flag, Intent, Platform, Risk, SlaResult, StoreProfile

BEIJING = ZoneInfo("Asia/Shanghai")
_ALI_WORKDAY_START, _ALI_WORKDAY_END = time(9, 0), time(22, 0)
_URGENCY_HOURS = {Risk.high: 1.0, Risk.medium: 4.0, Risk.low: 24.0}
_DEFAULT_PLATFORM_HOURS = {Platform.amazon: 24.0, Platform.ebay: 24.0, Platform.shopify: 24.0}
_ALI_ESCALATE_INTENTS = {Intent.return_request, Intent.refund_request}
_ALI_ESCALATE_FLAGS = {Flag.negative_review_threat, Flag.legal_threat}


def _aliexpress_hours(received_at: datetime, store: StoreProfile) -> tuple[float, str]:
    local = received_at.astimezone(BEIJING)
    holiday = local.date() in set(store.holidays)
    workday = local.weekday() < 5 and not holiday
    if workday and _ALI_WORKDAY_START <= local.time() < _ALI_WORKDAY_END:
        return 3.0, "aliexpress: workday 09:00-22:00 Beijing time, 3 h"
    why = "holiday" if holiday else ("weekend" if local.weekday() >= 5 else "outside 09:00-22:00 Beijing time")
    return 6.0, f"aliexpress: {why}, 6 h"


def compute_sla(
    *,
    platform: Platform,
    received_at: datetime,
    risk: Risk,
    intent: Intent,
    flags: Iterable[Flag] = (),
    secondary: Iterable[Intent] = (),
    store: StoreProfile,
) -> SlaResult:
    flags = set(flags)
    if platform == Platform.aliexpress:
        hours, basis = _aliexpress_hours(received_at, store)
        hours = min(hours, 24.0)
    else:
        hours = store.sla_hours.get(platform.value, _DEFAULT_PLATFORM_HOURS[platform])
        basis = f"{platform.value}: {hours:g} h"
    urgency = _URGENCY_HOURS[risk]
    reasons = [basis]
    if urgency < hours:
        hours = urgency
        reasons.append(f"urgency {risk.value}: {urgency:g} h")
    deadline = received_at + timedelta(hours=hours)
    escalation = None
    if platform == Platform.aliexpress and ({intent, *secondary} & _ALI_ESCALATE_INTENTS or flags & _ALI_ESCALATE_FLAGS):
        escalation = received_at + timedelta(hours=2)
        reasons.append("aliexpress: escalate to a senior agent within 2 h")
    # Deadlines are shown in the store's own time zone, with its offset.
    tz = ZoneInfo(store.timezone)
    return SlaResult(
        deadline=deadline.astimezone(tz),
        escalation_deadline=escalation.astimezone(tz) if escalation else None,
        basis=reasons,
    )
