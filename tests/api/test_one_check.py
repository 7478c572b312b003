"""One check, everywhere: the pipeline, the review page's preview, /v1/lint with a draft id, `drafter lint`
and approval give the same answer on the same reply, also when the message was received days ago."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from drafter.cli import _register_all, app
from drafter.config import reset_settings_cache
from drafter.drafts.transitions import edited_draft
from drafter.models import BuyerMessage, LintResult
from drafter.persistence.db import session_scope
from drafter.persistence.tables import DraftRow
from drafter.wiring import build_pipeline

PARTS = ("restatement", "solution", "commitment")


def _draft_received_days_ago(client, auth, demo_orders, days: int) -> dict:
    order = next(o for o in demo_orders if o.store_id == "demo-store" and o.platform == "ebay")
    res = client.post(
        "/v1/drafts",
        headers=auth,
        json={
            "platform": "ebay",
            "store_id": "demo-store",
            "message_id": f"one-check-{uuid.uuid4()}",
            "text": f"Please cancel my order {order.order_id}, I ordered the wrong colour.",
            "received_at": (datetime.now(UTC) - timedelta(days=days)).isoformat(),
        },
    )
    assert res.status_code == 201, res.text
    return res.json()


def _row(settings, draft_id: str) -> DraftRow:
    with session_scope(settings.resolved_database_url) as session:
        row = session.get(DraftRow, draft_id)
        assert row is not None
        session.expunge(row)
        return row


def test_preview_lint_cli_and_approval_agree_with_the_pipeline_days_later(
    client, demo_auth, demo_orders, shared_settings
):
    d = _draft_received_days_ago(client, demo_auth, demo_orders, days=3)
    row = _row(shared_settings, d["draft_id"])
    facts = row.run["facts"]["values"]
    # The reply names the day the team checks again, worked out from when the message was received: a
    # sheet built again today would not know that date (the preview used to say grounding.unknown-fact).
    assert facts["check_day"] in row.text, (facts["check_day"], row.text)
    pipeline_lint = d["lint"]
    parts = {k: d["draft"][k] for k in PARTS}
    edited = {**parts, "solution": parts["solution"] + " Write to me at help@example.com."}

    for reply, expect_ok in ((parts, pipeline_lint["ok"]), (edited, False)):
        preview = client.post(f"/v1/review/drafts/{d['draft_id']}/lint", headers=demo_auth, json=reply)
        assert preview.status_code == 200, preview.text
        by_id = client.post(
            "/v1/lint",
            headers=demo_auth,
            json={"platform": "ebay", "draft_id": d["draft_id"], "parts": reply},
        )
        assert by_id.status_code == 200, by_id.text
        _register_all()
        reset_settings_cache()  # the command reads the environment it is given
        cli = CliRunner().invoke(
            app,
            ["lint", "-"],
            input=json.dumps({"store_id": "demo-store", "draft_id": d["draft_id"], "parts": reply}) + "\n",
            env={
                "DRAFTER_DATA_DIR": str(shared_settings.data_dir),
                "DRAFTER_DATABASE_URL": shared_settings.resolved_database_url,
            },
        )
        reset_settings_cache()
        assert cli.exit_code == 0, cli.output
        from_cli = json.loads(cli.stdout.splitlines()[0])
        from_cli.pop("id", None)  # the CLI numbers its answers
        assert preview.json()["lint"] == by_id.json() == from_cli
        assert by_id.json()["ok"] is expect_ok
        if reply is parts:
            assert by_id.json() == pipeline_lint
            assert "grounding.unknown-fact" not in {v["rule_id"] for v in by_id.json()["violations"]}

    approved = client.post(f"/v1/drafts/{d['draft_id']}/approve", headers=demo_auth, json={})
    assert approved.status_code == 200, approved.text
    assert approved.json()["lint"] == pipeline_lint


def test_a_record_without_its_sheet_is_judged_on_the_day_it_was_received(
    shared_settings, client, demo_auth, demo_orders
):
    """Run records written before the facts stage: the sheet is built again for the received day, so
    the check still agrees with the pipeline's; built for today, it would not (the test can fail)."""
    d = _draft_received_days_ago(client, demo_auth, demo_orders, days=3)
    row = _row(shared_settings, d["draft_id"])
    pipeline = build_pipeline(shared_settings)
    old_run = {k: v for k, v in row.run.items() if k != "facts"}
    message = BuyerMessage.model_validate(row.message)
    draft = edited_draft(row)
    received = row.received_at.replace(tzinfo=UTC)
    on_the_day = pipeline.recheck(
        draft, message=message, run=old_run, received_at=received, language=row.language
    )
    today = pipeline.recheck(
        draft, message=message, run=old_run, received_at=datetime.now(UTC), language=row.language
    )
    assert on_the_day == LintResult.model_validate(d["lint"])
    assert "grounding.unknown-fact" in {v.rule_id for v in today.violations}
