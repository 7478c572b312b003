"""`drafter orders import` keeps every good row of a file with bad rows in it and reports each bad row."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafter.cli import _register_all, app
from drafter.persistence.db import session_scope
from drafter.persistence.order_store import count_orders, get_order

_register_all()
runner = CliRunner()


def _errors(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def _order(settings, store_id, order_id):
    with session_scope(settings.resolved_database_url) as s:
        return get_order(s, store_id=store_id, order_id=order_id)


@pytest.fixture
def env(settings):
    return {"DRAFTER_DATA_DIR": str(settings.data_dir)}


def test_csv_with_bad_rows_keeps_the_good_ones(env, settings, tmp_path):
    f = tmp_path / "erp.csv"
    long_title = "x" * 140_000
    f.write_bytes(
        "Order Number,Shop,Marketplace,Order Status,SKU,Title,Qty,Courier,Tracking No,Colour\n"
        "A-1,shop-e,shopify,shipped,SKU-1,linen shirt,2,DHL,JJD000111222333,blue\n"
        "A-2,shop-e,shopify,shipped,SKU-2,wool hat,two,DHL,JJD000111222334,red\n"
        "A-3,shop-e,shopify,shipped,SKU-3,scarf,1.5,,,\n"
        f"A-4,shop-e,shopify,shipped,SKU-4,{long_title},1,,,\n"
        "A-5,shop-e,shopify,processing,SKU-5,caf\xe9 mug,1,,,\n".encode().replace(b"caf\xc3\xa9", b"caf\xe9")
        + b"\n"
        b"A-6,shop-e,shopify,processing,SKU-6,socks,3,,,\n"
        b"A-6,shop-e,shopify,processing,SKU-7,belt,1,,,\n"
    )
    result = runner.invoke(app, ["orders", "import", str(f), "--no-progress"], env=env)
    assert result.exit_code == 1, result.output
    errors = {e["line"]: e["error"] for e in _errors(result.stdout)}
    assert sorted(errors) == [3, 4, 5, 6]
    assert "quantity" in errors[3]["message"] and "quantity" in errors[4]["message"]
    assert errors[5]["code"] == "csv_error" and "field limit" in errors[5]["message"]
    assert errors[6]["code"] == "invalid_utf8"
    assert "unknown columns ignored: Colour" in result.stderr
    assert "orders: 2 imported, 4 failed, 1 skipped" in result.stderr
    a1 = _order(settings, "shop-e", "A-1")
    assert a1 is not None and a1.carrier == "DHL" and a1.tracking_number == "JJD000111222333"
    assert [(i.sku, i.title, i.quantity) for i in a1.items] == [("SKU-1", "linen shirt", 2)]
    a6 = _order(settings, "shop-e", "A-6")  # one row per order line: one order, two items
    assert [i.sku for i in a6.items] == ["SKU-6", "SKU-7"]
    assert _order(settings, "shop-e", "A-2") is None


def test_jsonl_with_invalid_utf8_nul_infinity_and_naive_events(env, settings, tmp_path):
    good = {
        "order_id": "J-1",
        "platform": "ebay",
        "status": "shipped",
        "tracking_events": [{"at": "2026-11-08T09:00:00+08:00", "description": "picked up"}],
    }
    lines = [
        json.dumps(good).encode(),
        b'{"order_id": "J-2", "platform": "ebay", "status": "shipped", "buyer_name": "Jos\xe9"}',
        json.dumps({"order_id": "J\u00003", "platform": "ebay", "status": "shipped"}).encode(),
        b'{"order_id": "J-4", "platform": "ebay", "status": "shipped", "total": 1e309}',
        json.dumps(
            {
                "order_id": "J-5",
                "platform": "ebay",
                "status": "shipped",
                "tracking_events": [{"at": "2026-11-08T09:00:00", "description": "x"}],
            }
        ).encode(),
        b"",
        json.dumps({**good, "order_id": "J-6", "items": []}).encode(),
        json.dumps({**good, "order_id": "J-7", "ordered_at": "9999-12-31"}).encode(),
    ]
    f = tmp_path / "orders.jsonl"
    f.write_bytes(b"\n".join(lines) + b"\n")
    result = runner.invoke(app, ["orders", "import", str(f), "--store", "shop-j", "--no-progress"], env=env)
    assert result.exit_code == 1
    errors = {e["line"]: e["error"] for e in _errors(result.stdout)}
    assert sorted(errors) == [2, 3, 4, 5, 8]
    assert errors[2]["code"] == "invalid_utf8"
    assert "between 1970 and 2099" in errors[8]["message"]
    assert "control character" in errors[3]["message"]
    assert "finite" in errors[4]["message"]
    assert "time zone" in errors[5]["message"]
    assert "orders: 2 imported, 5 failed, 1 skipped" in result.stderr
    assert _order(settings, "shop-j", "J-1").tracking_events[0].at.utcoffset() is not None
    assert _order(settings, "shop-j", "J-6") is not None
    assert "Traceback" not in result.output


def test_a_second_import_updates_in_place(env, settings, tmp_path):
    f = tmp_path / "o.jsonl"
    f.write_text(
        json.dumps({"order_id": "U-1", "store_id": "shop-u", "platform": "amazon", "status": "shipped"})
    )
    assert runner.invoke(app, ["orders", "import", str(f), "--no-progress"], env=env).exit_code == 0
    f.write_text(
        json.dumps({"order_id": "U-1", "store_id": "shop-u", "platform": "amazon", "status": "delivered"})
    )
    assert runner.invoke(app, ["orders", "import", str(f), "--no-progress"], env=env).exit_code == 0
    assert _order(settings, "shop-u", "U-1").status == "delivered"
    with session_scope(settings.resolved_database_url) as s:
        before = count_orders(s)
    assert runner.invoke(app, ["orders", "import", str(f), "--no-progress"], env=env).exit_code == 0
    with session_scope(settings.resolved_database_url) as s:
        assert count_orders(s) == before


def test_batches_span_the_file(settings, tmp_path):
    from drafter.imports.order_import import import_orders
    from drafter.imports.report import ImportReport

    f = tmp_path / "many.jsonl"
    f.write_text(
        "\n".join(
            json.dumps(
                {"order_id": f"B-{i}", "store_id": "shop-b", "platform": "ebay", "status": "processing"}
            )
            for i in range(25)
        )
        + "\nbad\n"
    )
    with (tmp_path / "report.jsonl").open("w") as out:
        report = import_orders(
            settings,
            f,
            default_store=None,
            report=ImportReport("orders", out=out),
            progress=False,
            batch_rows=10,
        )
    assert (report.imported, report.failed, report.skipped) == (25, 1, 0)
    assert _order(settings, "shop-b", "B-24") is not None


def test_a_missing_file_is_an_error(env, tmp_path):
    result = runner.invoke(app, ["orders", "import", str(tmp_path / "nope.csv")], env=env)
    assert result.exit_code == 2 and "does not exist" in result.stderr
