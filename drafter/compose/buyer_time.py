"""Commitments in the buyer's time: the team's deadline (store time zone) said in the buyer's clock.

The buyer's time zone comes from the order's destination country, else the territory of the buyer's
locale (pt-PT, en-US), else the country most buyers writing that language live in. The deadline is
rounded up to the full hour (a promise we keep early is fine; one we keep late is not) and said the
way people say it: "today by 18:00 your time", "tomorrow morning", "on Monday by 10:00".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.core import get_global
from babel.dates import format_date, format_time, get_day_names

# Where most buyers writing a language live, when neither the order nor the locale says.
LANGUAGE_COUNTRY = {
    "en": "US",
    "es": "ES",
    "ru": "RU",
    "fr": "FR",
    "pt": "BR",
    "de": "DE",
    "it": "IT",
    "pl": "PL",
    "nl": "NL",
    "tr": "TR",
    "ar": "SA",
    "ja": "JP",
    "ko": "KR",
    "zh": "CN",
}


def buyer_country(destination: str | None, locale: str | None, language: str) -> str:
    if destination:
        return destination.upper()
    if locale:
        parts = locale.replace("_", "-").split("-")
        if len(parts) > 1 and len(parts[-1]) == 2 and parts[-1].isalpha():
            return parts[-1].upper()
    return LANGUAGE_COUNTRY.get(language, "US")


# Countries with several zones: the one most of their people live in (CLDR lists zones alphabetically).
PRIMARY_ZONE = {
    "US": "America/New_York",
    "CA": "America/Toronto",
    "MX": "America/Mexico_City",
    "BR": "America/Sao_Paulo",
    "AR": "America/Argentina/Buenos_Aires",
    "CL": "America/Santiago",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "PT": "Europe/Lisbon",
    "ES": "Europe/Madrid",
    "DE": "Europe/Berlin",
    "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "CN": "Asia/Shanghai",
    "MY": "Asia/Kuala_Lumpur",
    "EC": "America/Guayaquil",
    "CD": "Africa/Kinshasa",
    "MN": "Asia/Ulaanbaatar",
}


@lru_cache(maxsize=256)
def country_zone(country: str) -> str:
    code = country.upper()
    if code in PRIMARY_ZONE:
        return PRIMARY_ZONE[code]
    zones = get_global("territory_zones").get(code) or ()
    return zones[0] if zones else "UTC"


@lru_cache(maxsize=512)
def zone_info(name: str) -> ZoneInfo:
    """ZoneInfo objects kept for the process: zoneinfo's own cache holds only a few strongly, and
    reading a zone file again from disk costs milliseconds under load."""
    return ZoneInfo(name)


EARLIEST_HOUR = 8  # a deadline at night in the buyer's zone is said as "by 08:00": kept early, never late


def buyer_deadline(deadline: datetime, zone: str) -> datetime:
    """The deadline in the buyer's zone, rounded up to the full hour (and to 08:00 when it falls at night)."""
    local = deadline.astimezone(zone_info(zone))
    if local.minute or local.second or local.microsecond:
        local = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    if local.hour < EARLIEST_HOUR:
        local = local.replace(hour=EARLIEST_HOUR)
    return local


def when_phrase(
    local_deadline: datetime,
    local_now: datetime,
    words: dict[str, str],
    language: str,
    weekdays: list[str] | None = None,
) -> str:
    """'today by 18:00 your time' / 'tomorrow morning your time' / 'on Monday by 10:00 your time'.

    Before noon the hour reads as "morning" (by 11:00 is "by tomorrow morning", still a promise
    kept); after that the hour is said. Further than six days out, the date is said.
    """
    days = (local_deadline.date() - local_now.date()).days
    morning = local_deadline.hour <= 11
    time_text = _time(local_deadline.hour, language)
    if days <= 0:
        key = "today_morning" if morning else "today"
    elif days == 1:
        key = "tomorrow_morning" if morning else "tomorrow"
    elif days <= 6:
        key = "weekday_morning" if morning else "weekday"
    else:
        key = "date"
    template = words.get(key) or words.get("date") or "{date} {time}"
    # Languages whose weekday needs its preposition and case ("в среду", "na segunda-feira") list them.
    named = weekdays[local_deadline.weekday()] if weekdays and len(weekdays) == 7 else None
    return template.format(
        time=time_text,
        weekday=named or _weekday(local_deadline.weekday(), language),
        date=_date(local_deadline.date(), language),
    )


@lru_cache(maxsize=512)
def _time(hour: int, language: str) -> str:
    from datetime import time

    return format_time(time(hour, 0), "HH:mm", locale=language)


@lru_cache(maxsize=128)
def _weekday(weekday: int, language: str) -> str:
    return get_day_names("wide", context="format", locale=language)[weekday]


@lru_cache(maxsize=1024)
def _date(day, language: str) -> str:
    return format_date(day, "long", locale=language)
