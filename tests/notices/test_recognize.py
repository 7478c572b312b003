"""Platform system notices are told apart from buyer messages, named, and given a deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml

from drafter.config import REPO_ROOT
from drafter.notices import load_notice_rules, recognize_notice

FIXTURES = yaml.safe_load((REPO_ROOT / "tests" / "notices" / "fixtures.yaml").read_text(encoding="utf-8"))
RULES = load_notice_rules(REPO_ROOT / "knowledge")
RECEIVED = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("mail", FIXTURES, ids=[f"{m['kind']}:{m['sender']}" for m in FIXTURES])
def test_each_mail_is_recognised_as_what_it_is(mail):
    notice = recognize_notice(
        sender=mail["sender"], subject=mail["subject"], body=mail["body"], received_at=RECEIVED, rules=RULES
    )
    if mail["kind"] is None:
        assert notice is None
        return
    assert notice is not None and notice.kind == mail["kind"], notice
    assert notice.alert == (mail["kind"] != "info")
    if notice.alert:
        assert notice.evidence and notice.deadline is not None and notice.deadline > RECEIVED
        assert notice.deadline <= RECEIVED + timedelta(hours=48)  # always inside AliExpress's 72 h window
    if "stated_hours" in mail:
        assert notice.deadline_stated and notice.deadline == RECEIVED + timedelta(hours=mail["stated_hours"])


def test_a_stated_date_earlier_than_the_default_wins():
    notice = recognize_notice(
        sender="rules@aliexpress.com",
        subject="违规警告",
        body="请于2026-11-27前完成整改。",
        received_at=RECEIVED,
        rules=RULES,
    )
    assert notice.kind == "policy_warning" and notice.deadline_stated
    assert notice.deadline == datetime(2026, 11, 27, 23, 59, tzinfo=UTC)


def test_a_longer_stated_deadline_does_not_extend_the_default():
    notice = recognize_notice(
        sender="notice@aliexpress.com",
        subject="知识产权投诉",
        body="请在5个工作日内提交申诉。",
        received_at=RECEIVED,
        rules=RULES,
    )
    assert notice.kind == "ip_complaint" and not notice.deadline_stated
    assert notice.deadline == RECEIVED + timedelta(hours=24)


def test_every_alerting_kind_is_covered_for_both_platforms():
    seen = set()
    for mail in FIXTURES:
        notice = recognize_notice(
            sender=mail["sender"],
            subject=mail["subject"],
            body=mail["body"],
            received_at=RECEIVED,
            rules=RULES,
        )
        if notice is not None:
            seen.add((notice.platform, notice.kind))
    kinds = {"ip_complaint", "account_security", "penalty", "policy_warning", "info"}
    assert {(p, k) for p in ("aliexpress", "amazon") for k in kinds} <= seen
