"""Platform rules are data: every platform has them, and the stages read them from the knowledge dir they
are given (a copy with other numbers changes the answer), not from constants in code."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from drafter.autoreply.data import platform_rules as kit_rules
from drafter.classify.risk import risk_level
from drafter.models import Flag, Intent, Platform, Risk, StoreProfile
from drafter.platforms import BUNDLED_KNOWLEDGE, load_platform_rules
from drafter.retrieve.order_ids import candidate_order_id
from drafter.sla import compute_sla

WEDNESDAY_NOON_BEIJING = datetime(2026, 11, 18, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_every_platform_has_rules_with_an_order_format():
    rules = load_platform_rules(BUNDLED_KNOWLEDGE)
    assert set(rules) == set(Platform)
    samples = {
        Platform.aliexpress: "8123456789012345",
        Platform.amazon: "114-3941689-8772232",
        Platform.ebay: "12-34567-89012",
        Platform.shopify: "#1001",
    }
    for platform, order_id in samples.items():
        assert rules[platform].order_id.fullmatch(order_id), platform


@pytest.fixture
def edited_knowledge(tmp_path: Path) -> Path:
    """A knowledge dir whose AliExpress rules say 5 h in working hours, 1 h escalation, eBay #-numbers."""
    copy = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE / "stores", copy / "stores")
    shutil.copytree(BUNDLED_KNOWLEDGE / "autoreply", copy / "autoreply")
    path = copy / "stores" / "_platforms" / "aliexpress.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["first_reply"]["hours"] = 5
    data["escalation"] = {"intents": ["cancel_order"], "within_h": 1}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    ebay = copy / "stores" / "_platforms" / "ebay.yaml"
    data = yaml.safe_load(ebay.read_text(encoding="utf-8"))
    data["order_id"] = r"(#\d{4,6})(?!\d)"
    ebay.write_text(yaml.safe_dump(data), encoding="utf-8")
    return copy


def test_stages_follow_the_rules_of_the_knowledge_dir_they_are_given(edited_knowledge: Path):
    rules = load_platform_rules(edited_knowledge)
    ali = rules[Platform.aliexpress]
    store = StoreProfile(store_id="s")
    bundled = compute_sla(
        platform=Platform.aliexpress,
        received_at=WEDNESDAY_NOON_BEIJING,
        risk=Risk.low,
        intent=Intent.cancel_order,
        store=store,
    )
    edited = compute_sla(
        platform=Platform.aliexpress,
        received_at=WEDNESDAY_NOON_BEIJING,
        risk=Risk.low,
        intent=Intent.cancel_order,
        store=store,
        rules=ali,
    )
    assert (bundled.deadline - WEDNESDAY_NOON_BEIJING).total_seconds() == 3 * 3600
    assert bundled.escalation_deadline is None
    assert (edited.deadline - WEDNESDAY_NOON_BEIJING).total_seconds() == 5 * 3600
    assert edited.escalation_deadline is not None
    assert (edited.escalation_deadline - WEDNESDAY_NOON_BEIJING).total_seconds() == 3600
    # Risk reads the same escalation set (written once): cancel_order now escalates, refunds no longer do.
    assert (
        risk_level(platform=Platform.aliexpress, intent=Intent.cancel_order, flags=[], rules=ali) == Risk.high
    )
    assert risk_level(platform=Platform.aliexpress, intent=Intent.refund_request, flags=[], rules=ali) == (
        Risk.medium
    )
    assert risk_level(platform=Platform.aliexpress, intent=Intent.refund_request, flags=[]) == Risk.high
    text = "Where is order #12345?"
    assert candidate_order_id(platform=Platform.ebay, text=text, thread=[])[0] is None
    assert candidate_order_id(platform=Platform.ebay, text=text, thread=[], rules=rules[Platform.ebay]) == (
        "#12345",
        "text",
    )
    # The auto-reply kit's deadlines come from the same rules.
    assert kit_rules(edited_knowledge, "aliexpress").in_hours_h == 5
    assert kit_rules(BUNDLED_KNOWLEDGE, "aliexpress").in_hours_h == 3


def test_counterfeit_is_high_risk_only_where_a_marketplace_case_follows():
    for platform in (Platform.aliexpress, Platform.amazon, Platform.ebay):
        assert risk_level(platform=platform, intent=Intent.other, flags=[Flag.counterfeit]) == Risk.high
    assert risk_level(platform=Platform.shopify, intent=Intent.other, flags=[Flag.counterfeit]) == Risk.medium


def test_a_platform_without_rules_is_an_error(tmp_path: Path):
    copy = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE / "stores", copy / "stores")
    (copy / "stores" / "_platforms" / "shopify.yaml").unlink()
    with pytest.raises(FileNotFoundError):
        load_platform_rules(copy)
