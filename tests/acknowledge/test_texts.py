"""The acknowledgement texts: all 14 languages, every platform, both reasons, with and without an order,
pass the platform's rule packs for the demo store; and the off-hours and promise rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from drafter.acknowledge.decide import lint_acknowledgement
from drafter.acknowledge.texts import languages, render
from drafter.acknowledge.timing import off_hours_reason, promise
from drafter.config import REPO_ROOT
from drafter.knowledge import store_profile
from drafter.models import SUPPORTED_LANGUAGES, Platform

KNOWLEDGE = REPO_ROOT / "knowledge"
BEIJING = ZoneInfo("Asia/Shanghai")
ORDER = "8096574507826998"


def test_texts_exist_for_every_supported_language():
    assert set(languages(KNOWLEDGE)) == set(SUPPORTED_LANGUAGES) and len(SUPPORTED_LANGUAGES) == 14


@pytest.mark.parametrize("language", sorted(SUPPORTED_LANGUAGES))
def test_every_text_passes_the_rules(language):
    store = store_profile(KNOWLEDGE, "demo-store")
    now = datetime(2026, 11, 25, 22, 30, tzinfo=ZoneInfo("Europe/Madrid"))
    for platform in Platform:
        for reason in ("off_hours", "queue"):
            for order_id in (ORDER, None):
                for promised in (now + timedelta(hours=2), now + timedelta(hours=7), now + timedelta(days=3)):
                    promised = promised.replace(minute=0)
                    text = render(
                        knowledge_dir=KNOWLEDGE,
                        language=language,
                        reason=reason,
                        order_id=order_id,
                        promised_local=promised,
                        now_local=now,
                    )
                    assert "{" not in text and "}" not in text, text
                    assert f"{promised:%H}:00" in text or f"{promised.hour}:00" in text, text
                    assert order_id is None or order_id in text
                    lint = lint_acknowledgement(
                        text,
                        platform=platform,
                        language=language,
                        order=None,  # the order number alone, as for an order not in the store
                        store=store,
                        knowledge_dir=KNOWLEDGE,
                    )
                    blocking = [v.rule_id for v in lint.violations if v.severity.value == "block"]
                    assert lint.ok, (platform.value, reason, text, blocking)


def test_aliexpress_off_hours_follow_beijing_time_and_holidays():
    store = store_profile(KNOWLEDGE, "demo-asia").model_copy(
        update={"timezone": "Asia/Shanghai", "holidays": [date(2026, 10, 1)]}
    )
    ali = Platform.aliexpress
    assert (
        off_hours_reason(store, ali, datetime(2026, 11, 25, 10, 30, tzinfo=BEIJING), knowledge_dir=KNOWLEDGE)
        is None
    )
    assert "09:00-22:00" in off_hours_reason(
        store, ali, datetime(2026, 11, 25, 23, 30, tzinfo=BEIJING), knowledge_dir=KNOWLEDGE
    )
    assert "09:00-22:00" in off_hours_reason(
        store, ali, datetime(2026, 11, 25, 8, 59, tzinfo=BEIJING), knowledge_dir=KNOWLEDGE
    )
    assert "holiday" in off_hours_reason(
        store, ali, datetime(2026, 10, 1, 11, 0, tzinfo=BEIJING), knowledge_dir=KNOWLEDGE
    )
    assert "weekend" in off_hours_reason(
        store, ali, datetime(2026, 11, 28, 11, 0, tzinfo=BEIJING), knowledge_dir=KNOWLEDGE
    )


def test_store_hours_count_on_every_platform():
    store = store_profile(KNOWLEDGE, "demo-store")  # Europe/Berlin, 09:00-18:00 Monday to Friday
    berlin = ZoneInfo("Europe/Berlin")
    assert (
        off_hours_reason(
            store, Platform.ebay, datetime(2026, 11, 25, 12, 0, tzinfo=berlin), knowledge_dir=KNOWLEDGE
        )
        is None
    )
    assert "18:00" in off_hours_reason(
        store, Platform.ebay, datetime(2026, 11, 25, 19, 0, tzinfo=berlin), knowledge_dir=KNOWLEDGE
    )
    assert "day off" in off_hours_reason(
        store, Platform.amazon, datetime(2026, 11, 29, 12, 0, tzinfo=berlin), knowledge_dir=KNOWLEDGE
    )
    assert "holiday" in off_hours_reason(
        store, Platform.amazon, datetime(2026, 12, 25, 12, 0, tzinfo=berlin), knowledge_dir=KNOWLEDGE
    )


def test_promise_is_the_earlier_limit_rounded_down_in_the_buyers_zone():
    received = datetime(2026, 11, 25, 15, 30, tzinfo=ZoneInfo("UTC"))  # 23:30 Beijing
    promised, now_local = promise(
        received_at=received,
        deadline=received + timedelta(hours=24),
        limit=timedelta(hours=6),
        zone="America/New_York",
        now=received,
    )
    assert promised == datetime(
        2026, 11, 25, 16, 0, tzinfo=ZoneInfo("America/New_York")
    )  # 21:30 UTC -> 16:00
    assert now_local.tzinfo == promised.tzinfo and received < promised <= received + timedelta(hours=6)
    sooner, _ = promise(
        received_at=received,
        deadline=received + timedelta(hours=1),
        limit=timedelta(hours=6),
        zone="Asia/Kolkata",  # a half-hour zone: rounding down stays after the message
        now=received,
    )
    assert received < sooner <= received + timedelta(hours=1)
    # Said later (a channel brought the message in late): "today" is counted from then.
    _, said_at = promise(
        received_at=received,
        deadline=received + timedelta(hours=4),
        limit=timedelta(hours=6),
        zone="UTC",
        now=received + timedelta(hours=2),
    )
    assert said_at == received + timedelta(hours=2)
