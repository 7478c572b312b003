"""The auto-reply kit: every text passes the platform's rules, and its promises fit the store's hours."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from drafter.autoreply import build_kit
from drafter.autoreply.hours import longest_closed_hours, zone_offsets
from drafter.config import REPO_ROOT
from drafter.knowledge import effective_policy, store_profile
from drafter.models import Platform

KNOWLEDGE = REPO_ROOT / "knowledge"
ALIEXPRESS_LANGUAGES = {"zh", "en", "ru", "es", "fr", "pt"}
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module", params=["demo-store", "demo-asia"])
def store(request):
    return store_profile(KNOWLEDGE, request.param)


def test_aliexpress_kit_has_the_six_languages_and_passes_the_rules(store):
    kit = build_kit(knowledge_dir=KNOWLEDGE, store=store, platform="aliexpress", today=TODAY)
    assert set(kit.languages) == ALIEXPRESS_LANGUAGES and {"zh", "en"} <= set(kit.languages)
    kinds = {(t.language, t.kind, t.topic) for t in kit.texts}
    for language in ALIEXPRESS_LANGUAGES:
        assert {(language, "welcome", None), (language, "off_hours", None)} <= kinds
        assert {(language, "keyword", topic) for topic in ("logistics", "returns", "sizes")} <= kinds
    for text in kit.texts:
        blocking = [v.rule_id for v in text.lint.violations if v.severity.value == "block"]
        assert text.lint.ok and not blocking, (text.language, text.kind, text.topic, blocking)
        assert text.chars <= kit.max_chars
        assert "{" not in text.text and "}" not in text.text
    assert kit.ok


def test_promises_fit_the_store_hours_and_the_platform_rules(store):
    kit = build_kit(knowledge_dir=KNOWLEDGE, store=store, platform="aliexpress", today=TODAY)
    hours = effective_policy(store, Platform.aliexpress).business_hours
    assert kit.reply_within_hours <= 3  # AliExpress: first reply within 3 h in working hours
    std, dst = zone_offsets(store.timezone, TODAY.year)
    for text in kit.texts:
        if text.kind == "welcome":
            assert re.search(rf"(?<!\d){kit.reply_within_hours}(?!\d)", text.text), text.text
        if text.kind in ("welcome", "off_hours"):
            assert hours.open in text.text and hours.close in text.text and std in text.text, text.text
            if dst:
                assert dst in text.text


def test_a_store_closed_longer_than_the_off_hours_rule_is_warned(store):
    kit = build_kit(knowledge_dir=KNOWLEDGE, store=store, platform="aliexpress", today=TODAY)
    assert kit.longest_closed_hours > 6
    assert any("6 h" in w for w in kit.warnings)


def test_every_language_builds_for_the_other_platforms():
    store = store_profile(KNOWLEDGE, "demo-store")
    for platform in ("amazon", "ebay", "shopify"):
        kit = build_kit(knowledge_dir=KNOWLEDGE, store=store, platform=platform, today=TODAY)
        assert len(kit.languages) == 14 and kit.ok, [(t.language, t.kind) for t in kit.texts if not t.lint.ok]
        assert kit.reply_within_hours <= 24


def test_the_numbers_take_the_plural_the_language_needs():
    store = store_profile(KNOWLEDGE, "demo-store")
    kit = build_kit(
        knowledge_dir=KNOWLEDGE, store=store, platform="aliexpress", today=TODAY, languages=["ru"]
    )
    welcome = next(t.text for t in kit.texts if t.kind == "welcome")
    assert "в течение 3 часов" in welcome
    kit = build_kit(knowledge_dir=KNOWLEDGE, store=store, platform="amazon", today=TODAY, languages=["ar"])
    logistics = next(t.text for t in kit.texts if t.topic == "logistics")
    assert "خلال يومَي عمل" in logistics  # 2 business days: the dual, never "2 يوم عمل"


def test_a_text_that_breaks_a_rule_blocks_the_kit(tmp_path: Path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    path = knowledge / "autoreply" / "texts" / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["welcome"] += " Follow our store at www.example-shop.com for coupons!"
    data["keywords"]["sizes"]["answer"] = "Sizes: " + "very long text. " * 40
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kit = build_kit(
        knowledge_dir=knowledge,
        store=store_profile(knowledge, "demo-store"),
        platform="aliexpress",
        today=TODAY,
    )
    assert not kit.ok
    welcome = next(t for t in kit.texts if t.language == "en" and t.kind == "welcome")
    assert {"all.no-url", "all.no-marketing"} <= {v.rule_id for v in welcome.lint.violations}
    sizes = next(t for t in kit.texts if t.language == "en" and t.topic == "sizes")
    assert "autoreply.max-length" in {v.rule_id for v in sizes.lint.violations}


def test_a_missing_required_language_is_reported():
    store = store_profile(KNOWLEDGE, "demo-store")
    kit = build_kit(
        knowledge_dir=KNOWLEDGE, store=store, platform="aliexpress", today=TODAY, languages=["ru"]
    )
    assert not kit.ok and any("zh, en" in w for w in kit.warnings)


@pytest.mark.parametrize(
    ("days", "open_", "close", "expected"),
    [
        ([0, 1, 2, 3, 4], "09:00", "18:00", 63.0),  # Friday 18:00 to Monday 09:00
        ([0, 1, 2, 3, 4, 5, 6], "00:00", "23:30", 0.5),
        ([0, 1, 2, 3, 4, 5], "09:00", "22:00", 35.0),  # Saturday 22:00 to Monday 09:00
    ],
)
def test_longest_closed_stretch(days, open_, close, expected):
    assert longest_closed_hours(days, open_, close) == expected


def test_zone_offsets_name_daylight_saving():
    assert zone_offsets("Europe/Berlin", 2026) == ("UTC+1", "UTC+2")
    assert zone_offsets("Asia/Shanghai", 2026) == ("UTC+8", None)
    assert zone_offsets("Asia/Kolkata", 2026) == ("UTC+5:30", None)
    assert zone_offsets("America/Sao_Paulo", 2026) == ("UTC-3", None)
