"""The CLI as a script would use it: JSON Lines in, one line out per input, ids echoed, errors per line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafter.cli import _register_all, app

_register_all()
runner = CliRunner()


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.fixture
def env(settings):
    return {"DRAFTER_DATA_DIR": str(settings.data_dir)}


def test_draft_batch_keeps_going_past_bad_lines(env, demo_orders):
    order = next(o for o in demo_orders if o.platform == "amazon" and o.tracking_number)
    lines = "\n".join(
        [
            json.dumps(
                {
                    "id": "ok1",
                    "platform": "amazon",
                    "store_id": "demo-store",
                    "text": f"Where is {order.order_id}?",
                }
            ),
            "{broken",
            json.dumps({"id": "bad-platform", "platform": "mars", "store_id": "demo-store", "text": "hi"}),
            json.dumps({"id": "empty", "platform": "ebay", "store_id": "demo-store", "text": " "}),
            json.dumps(
                {"id": "ok2", "platform": "ebay", "store_id": "demo-store", "text": "Thanks, it arrived!"}
            ),
        ]
    )
    result = runner.invoke(app, ["draft", "-"], input=lines.encode() + b'\n{"id": "caf\xe9"}\n', env=env)
    assert result.exit_code == 1, result.output  # some lines failed: the exit code says so
    out = _lines(result.stdout)
    assert [o["id"] for o in out] == ["ok1", None, "bad-platform", "empty", "ok2", None]
    assert out[0]["order"]["order_id"] == order.order_id and out[0]["draft_id"]
    assert out[1]["error"]["code"] == "invalid_json"
    assert out[2]["error"]["code"] == "unknown_platform"
    assert out[3]["error"]["code"] == "text_empty"
    assert out[4]["draft"]["text"]
    assert out[5]["error"]["code"] == "invalid_utf8" and out[5]["error"]["line"] == 6


def test_classify_outputs_the_fields(env):
    lines = json.dumps({"id": 7, "platform": "ebay", "text": "My lawyer will take you to court."})
    out = _lines(runner.invoke(app, ["classify"], input=lines, env=env).stdout)
    assert out[0]["id"] == 7
    assert {"language", "intent", "confidence", "risk", "flags"} <= out[0].keys()
    assert out[0]["risk"] == "high" and "legal_threat" in out[0]["flags"]


def test_lint_ok_is_false_exactly_when_a_blocking_rule_fired(env):
    lines = "\n".join(
        json.dumps(o)
        for o in [
            {"id": "a", "text": "Your order 112-4839201-7734401 ships today with DHL."},
            {"id": "b", "text": "Text me on WhatsApp +49 151 23456789", "platform": "amazon"},
        ]
    )
    out = _lines(runner.invoke(app, ["lint", "--platform", "ebay"], input=lines, env=env).stdout)
    assert out[0] == {"id": "a", "ok": True, "violations": out[0]["violations"]}
    assert all(v["severity"] != "block" for v in out[0]["violations"])
    assert out[1]["ok"] is False and any(v["severity"] == "block" for v in out[1]["violations"])


def test_orders_import_csv_with_a_bad_row(env, settings, tmp_path):
    csv_file = tmp_path / "orders.csv"
    csv_file.write_text(
        "order_id,store_id,platform,status,carrier,tracking_number,item_title\n"
        "#9001,shop-1,shopify,shipped,DHL,JJD000111222333,linen shirt\n"
        "#9002,shop-1,shopify,teleported,DHL,,linen shirt\n"
        "#9003,shop-1,shopify,processing,,,linen shirt,extra\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["orders", "import", str(csv_file), "--no-progress"], env=env)
    assert result.exit_code == 1, result.output
    errors = _lines(result.stdout)
    assert [e["line"] for e in errors] == [3, 4]
    assert [e["error"]["code"] for e in errors] == ["invalid_order_row", "csv_error"]
    from drafter.persistence.db import session_scope
    from drafter.persistence.order_store import get_order

    with session_scope(settings.resolved_database_url) as s:
        order = get_order(s, store_id="shop-1", order_id="#9001")
    assert order is not None and order.tracking_number == "JJD000111222333"


def test_orders_import_jsonl_and_keys_create(env, settings, tmp_path):
    f = tmp_path / "o.jsonl"
    f.write_text(
        json.dumps({"order_id": "12-34567-89012", "platform": "ebay", "status": "delivered"}) + "\nnope\n"
    )
    result = runner.invoke(app, ["orders", "import", str(f), "--store", "shop-2"], env=env)
    assert "orders: 1 imported, 1 failed, 0 skipped" in result.stderr and result.exit_code == 1
    key = runner.invoke(app, ["keys", "create", "--store", "shop-2"], env=env).stdout.strip()
    from drafter.persistence import keys
    from drafter.persistence.db import session_scope

    with session_scope(settings.resolved_database_url) as s:
        assert keys.store_for_key(s, key=key) == "shop-2"


def test_knowledge_import_indexes_a_directory(env, settings, tmp_path):
    (tmp_path / "k" / "faq").mkdir(parents=True)
    (tmp_path / "k" / "faq" / "x.jsonl").write_text(
        json.dumps(
            {
                "id": "faq-gift-wrap",
                "platform": "*",
                "language": "en",
                "topic": "gifts",
                "question": "Do you offer gift wrapping?",
                "answer": "Yes, gift wrapping is free.",
                "facts": {},
            }
        )
        + "\n"
    )
    result = runner.invoke(app, ["knowledge", "import", str(tmp_path / "k")], env=env)
    assert result.exit_code == 0 and "FAQ entries: 1 imported, 0 failed, 0 skipped" in result.stderr
    from drafter.retrieve.faq import FaqIndex

    hits = FaqIndex(settings).search(
        "can you wrap it as a present?", platform="ebay", store_id="x", language="en"
    )
    assert hits[0].id == "faq-gift-wrap"


def test_draft_for_an_order_without_items(env, settings, tmp_path):
    """An ERP export that names no items (or columns Drafter does not know) still gives orders that draft."""
    f = tmp_path / "bare.csv"
    f.write_text(
        "order_id,store_id,platform,status,carrier,tracking_number\n"
        "NI-1,demo-store,ebay,in_transit,DHL,JJD000111222999\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["orders", "import", str(f), "--no-progress"], env=env).exit_code == 0
    texts = [
        "Where is my order NI-1?",
        "The item from order NI-1 arrived broken.",
        "Which size fits? Order NI-1",
        "I want to return order NI-1.",
        "Can I get a refund for NI-1?",
        "Thanks for order NI-1!",
        "Please cancel order NI-1.",
        "Do you have this in blue? Order NI-1",
    ]
    lines = "\n".join(
        json.dumps({"id": i, "platform": "ebay", "store_id": "demo-store", "text": t, "order_id": "NI-1"})
        for i, t in enumerate(texts)
    )
    result = runner.invoke(app, ["draft", "-"], input=lines, env=env)
    assert result.exit_code == 0, result.output
    out = _lines(result.stdout)
    assert len(out) == len(texts) and all("error" not in o for o in out)
    assert all(o["order"]["order_id"] == "NI-1" and o["draft"]["text"] for o in out)
