"""SLA deadlines at the edges: Beijing 21:59 vs 22:01, Friday night, holidays, DST in Europe."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from drafter.models import Flag, Intent, Platform, Risk, StoreProfile
from drafter.sla import add_business_hours, compute_sla

BJ = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def store(**kw) -> StoreProfile:
    return StoreProfile(store_id="s", **kw)


def sla(
    platform=Platform.aliexpress, at=None, risk=Risk.low, intent=Intent.shipping_status, flags=(), st=None
):
    return compute_sla(
        platform=platform, received_at=at, risk=risk, intent=intent, flags=flags, store=st or store()
    )


def hours(result, at) -> float:
    return (result.deadline - at).total_seconds() / 3600


def test_aliexpress_2159_beijing_is_in_hours_and_2201_is_not():
    wed_2159 = datetime(2026, 11, 18, 21, 59, tzinfo=BJ)  # a Wednesday
    wed_2201 = datetime(2026, 11, 18, 22, 1, tzinfo=BJ)
    assert hours(sla(at=wed_2159), wed_2159) == 3
    assert hours(sla(at=wed_2201), wed_2201) == 6
    assert "outside 09:00-22:00" in sla(at=wed_2201).basis[0]


def test_aliexpress_0859_and_0900_edge():
    assert (
        hours(sla(at=datetime(2026, 11, 18, 8, 59, tzinfo=BJ)), datetime(2026, 11, 18, 8, 59, tzinfo=BJ)) == 6
    )
    assert (
        hours(sla(at=datetime(2026, 11, 18, 9, 0, tzinfo=BJ)), datetime(2026, 11, 18, 9, 0, tzinfo=BJ)) == 3
    )


def test_aliexpress_rule_uses_beijing_time_not_the_senders_zone():
    # 14:30 UTC is 22:30 in Beijing: off hours, even though it is mid-afternoon in London.
    at = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)
    assert hours(sla(at=at), at) == 6
    at = datetime(2026, 11, 18, 13, 30, tzinfo=UTC)  # 21:30 Beijing
    assert hours(sla(at=at), at) == 3


def test_aliexpress_friday_night_and_saturday_daytime_are_off_hours():
    fri_night = datetime(2026, 11, 20, 23, 0, tzinfo=BJ)
    result = sla(at=fri_night)
    assert result.deadline == fri_night + timedelta(hours=6)
    sat_noon = datetime(2026, 11, 21, 12, 0, tzinfo=BJ)
    assert hours(sla(at=sat_noon), sat_noon) == 6 and "weekend" in sla(at=sat_noon).basis[0]


def test_aliexpress_holiday_and_make_up_workday_come_from_store_settings():
    national_day = datetime(2026, 10, 1, 11, 0, tzinfo=BJ)  # a Thursday, in hours
    assert hours(sla(at=national_day), national_day) == 3
    holiday_store = store(holidays=[date(2026, 10, 1)])
    result = sla(at=national_day, st=holiday_store)
    assert hours(result, national_day) == 6 and "holiday" in result.basis[0]
    make_up_saturday = datetime(2026, 10, 10, 11, 0, tzinfo=BJ)
    assert hours(sla(at=make_up_saturday), make_up_saturday) == 6
    assert (
        hours(sla(at=make_up_saturday, st=store(extra_workdays=[date(2026, 10, 10)])), make_up_saturday) == 3
    )


def test_urgency_target_wins_when_earlier():
    at = datetime(2026, 11, 18, 12, 0, tzinfo=BJ)
    assert hours(sla(at=at, risk=Risk.high), at) == 1
    assert hours(sla(at=at, risk=Risk.medium), at) == 3  # platform 3 h is earlier than medium 4 h
    off = datetime(2026, 11, 18, 23, 0, tzinfo=BJ)
    result = sla(at=off, risk=Risk.medium)
    assert hours(result, off) == 4 and result.basis[-1] == "urgency medium: 4 h"
    amazon = sla(platform=Platform.amazon, at=at, risk=Risk.medium)
    assert hours(amazon, at) == 4


def test_amazon_24h_includes_weekends_and_ignores_store_overrides():
    fri = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
    result = sla(
        platform=Platform.amazon, at=fri, st=store(sla_hours={"amazon": 72}, sla_clock={"amazon": "business"})
    )
    assert result.deadline == fri + timedelta(hours=24)


def test_ebay_and_shopify_hours_configurable_per_store():
    at = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    assert hours(sla(platform=Platform.ebay, at=at), at) == 24
    assert hours(sla(platform=Platform.shopify, at=at, st=store(sla_hours={"shopify": 12})), at) == 12
    # The urgency target still applies on top of a longer store setting.
    assert (
        hours(sla(platform=Platform.ebay, at=at, risk=Risk.medium, st=store(sla_hours={"ebay": 48})), at) == 4
    )


def test_dst_change_in_europe_keeps_elapsed_hours_and_moves_wall_clock():
    berlin_store = store(timezone="Europe/Berlin")
    # Saturday 28 March 2026 12:00 CET; clocks go forward on Sunday 29 March at 02:00.
    at = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)
    result = sla(platform=Platform.ebay, at=at, st=berlin_store)
    assert result.deadline.astimezone(UTC) - at.astimezone(UTC) == timedelta(hours=24)
    local = result.deadline.astimezone(BERLIN)
    assert (local.hour, local.utcoffset()) == (13, timedelta(hours=2))  # 24 h later reads 13:00 CEST
    # Autumn: Sunday 25 October 2026 03:00 CEST -> 02:00 CET.
    autumn = datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN)
    local = sla(platform=Platform.ebay, at=autumn, st=berlin_store).deadline.astimezone(BERLIN)
    assert (local.hour, local.utcoffset()) == (11, timedelta(hours=1))
    # A message received in local time works the same as one received in UTC.
    assert sla(platform=Platform.ebay, at=at.astimezone(UTC), st=berlin_store).deadline == result.deadline


def test_deadline_is_reported_in_the_store_time_zone():
    at = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    result = sla(platform=Platform.ebay, at=at, st=store(timezone="Europe/Berlin"))
    assert result.deadline.utcoffset() == timedelta(hours=1)


def _business_store(**kw) -> StoreProfile:
    policy = {"business_hours": {"days": [0, 1, 2, 3, 4], "open": "09:00", "close": "17:00"}}
    return store(
        timezone="Europe/Berlin", sla_clock={"ebay": "business"}, sla_hours={"ebay": 8}, policy=policy, **kw
    )


def test_business_clock_friday_evening_rolls_to_monday_but_urgency_still_caps_it():
    fri_evening = datetime(2026, 11, 20, 18, 30, tzinfo=BERLIN)
    monday = add_business_hours(fri_evening, 8, _business_store(), Platform.ebay).astimezone(BERLIN)
    assert monday == datetime(2026, 11, 23, 17, 0, tzinfo=BERLIN)  # Monday's 8 business hours
    # The deadline is the earlier of the platform's and the urgency target (low: 24 real hours).
    result = sla(platform=Platform.ebay, at=fri_evening, st=_business_store())
    assert result.deadline == fri_evening + timedelta(hours=24)
    assert result.basis == ["ebay: 8 business hours (Europe/Berlin)", "urgency low: 24 h"]
    thu_noon = datetime(2026, 11, 19, 12, 0, tzinfo=BERLIN)
    result = sla(platform=Platform.ebay, at=thu_noon, st=_business_store())
    assert result.deadline.astimezone(BERLIN) == datetime(2026, 11, 20, 12, 0, tzinfo=BERLIN)  # 5 h + 3 h


def test_business_clock_skips_store_holidays_and_splits_days():
    thu_15 = datetime(2026, 12, 24, 15, 0, tzinfo=BERLIN)
    st = _business_store(holidays=[date(2026, 12, 25)])
    # 2 h on Thursday, Friday 25th is a holiday, weekend off, 6 h on Monday 28th.
    deadline = add_business_hours(thu_15, 8, st, Platform.ebay).astimezone(BERLIN)
    assert deadline == datetime(2026, 12, 28, 15, 0, tzinfo=BERLIN)


def test_business_clock_across_dst_counts_business_hours_in_local_time():
    fri_16 = datetime(2026, 3, 27, 16, 0, tzinfo=BERLIN)  # CET; Monday is CEST
    deadline = add_business_hours(fri_16, 3, _business_store(), Platform.ebay)
    local = deadline.astimezone(BERLIN)
    assert (local.day, local.hour, local.utcoffset()) == (30, 11, timedelta(hours=2))


@pytest.mark.parametrize(
    "intent,flags",
    [
        (Intent.return_request, ()),
        (Intent.refund_request, ()),
        (Intent.item_problem, (Flag.negative_review_threat,)),
        (Intent.other, (Flag.legal_threat,)),
    ],
)
def test_aliexpress_escalation_deadline_two_hours(intent, flags):
    at = datetime(2026, 11, 18, 23, 0, tzinfo=BJ)
    result = sla(at=at, intent=intent, flags=flags, risk=Risk.medium)
    assert result.escalation_deadline - at == timedelta(hours=2)


def test_no_escalation_deadline_elsewhere():
    at = datetime(2026, 11, 18, 12, 0, tzinfo=BJ)
    assert sla(at=at, intent=Intent.shipping_status).escalation_deadline is None
    assert sla(platform=Platform.amazon, at=at, intent=Intent.refund_request).escalation_deadline is None


def test_naive_received_at_is_refused():
    with pytest.raises(ValueError):
        sla(at=datetime(2026, 11, 18, 12, 0))
