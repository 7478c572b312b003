"""Required facts per situation are data (knowledge/required_facts): the loader, and that the data drives
what routing and the LLM prompt ask for."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.config import REPO_ROOT
from drafter.lint.required import (
    RequiredFactsError,
    load_required_facts,
    missing_facts,
    required_facts,
)
from drafter.models import Intent, Order, OrderStatus, Platform

DATA = REPO_ROOT / "knowledge" / "required_facts"


def order(status: OrderStatus, tracking: str | None = "LP009672093082CN") -> Order:
    return Order(
        order_id="8187536165883915",
        store_id="demo-store",
        platform=Platform.aliexpress,
        status=status,
        tracking_number=tracking,
    )


def test_every_file_loads_and_names_its_situation() -> None:
    table = load_required_facts(DATA)
    assert {i.value for i in table} == {p.stem for p in DATA.glob("*.yaml")}
    # The situations the previous code table held, now data: none lost in the move (plus thanks,
    # added as data after the live run).
    assert set(table) == {
        Intent.thanks,
        Intent.shipping_status,
        Intent.delivery_time,
        Intent.address_change,
        Intent.cancel_order,
        Intent.return_request,
        Intent.refund_request,
        Intent.item_problem,
        Intent.payment_invoice,
    }


@pytest.mark.parametrize(
    ("intent", "status", "tracking", "expected"),
    [
        (Intent.shipping_status, OrderStatus.in_transit, "LP009672093082CN", {"order_id", "tracking_number"}),
        (
            Intent.delivery_time,
            OrderStatus.out_for_delivery,
            "LP009672093082CN",
            {"order_id", "tracking_number"},
        ),
        (Intent.shipping_status, OrderStatus.delivered, "LP009672093082CN", {"order_id"}),  # not moving
        (Intent.shipping_status, OrderStatus.in_transit, None, {"order_id"}),  # no number to give
        (Intent.cancel_order, OrderStatus.processing, None, {"order_id"}),
        (Intent.thanks, OrderStatus.delivered, "LP009672093082CN", {"order_id"}),
        (Intent.other, OrderStatus.delivered, "LP009672093082CN", set()),  # no file: nothing required
    ],
)
def test_required_facts_follow_the_data(intent, status, tracking, expected) -> None:
    assert set(required_facts(intent, order(status, tracking), directory=DATA)) == expected


def test_no_order_requires_nothing() -> None:
    assert required_facts(Intent.shipping_status, None, directory=DATA) == {}


def test_missing_facts_reads_the_text_loosely() -> None:
    o = order(OrderStatus.in_transit)
    text = "Your order 8187-5361-6588-3915 is on its way."
    assert missing_facts(text, Intent.shipping_status, o, directory=DATA) == ["tracking_number"]
    text += " Tracking: LP 009672093082 CN."
    assert missing_facts(text, Intent.shipping_status, o, directory=DATA) == []


def test_a_new_file_changes_behaviour_without_code(tmp_path: Path) -> None:
    (tmp_path / "thanks.yaml").write_text(
        "situation: thanks\nwhy: a seller who wants the order named in thank-you notes too\n"
        "facts:\n  - fact: order_id\n",
        encoding="utf-8",
    )
    o = order(OrderStatus.delivered)
    assert required_facts(Intent.thanks, o, directory=tmp_path) == {"order_id": "8187536165883915"}
    assert missing_facts("Thank you!", Intent.thanks, o, directory=tmp_path) == ["order_id"]


@pytest.mark.parametrize(
    ("name", "body", "error"),
    [
        ("shipping_status", "situation: shipping_status\nwhy: x y z\nfacts:\n  - fact: phone\n", "phone"),
        ("no_such", "situation: no_such\nwhy: x y z\nfacts:\n  - fact: order_id\n", "no_such"),
        ("cancel_order", "situation: refund_request\nwhy: x y z\nfacts:\n  - fact: order_id\n", "file name"),
        (
            "shipping_status",
            "situation: shipping_status\nwhy: x y z\nfacts:\n  - fact: order_id\n    statuses: [lost]\n",
            "lost",
        ),
        ("refund_request", "situation: refund_request\nwhy: x y z\nfacts: []\n", "facts"),
    ],
)
def test_bad_files_fail_at_load_naming_the_file(tmp_path: Path, name: str, body: str, error: str) -> None:
    (tmp_path / f"{name}.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(RequiredFactsError, match=error) as raised:
        load_required_facts(tmp_path)
    assert f"{name}.yaml" in str(raised.value)
