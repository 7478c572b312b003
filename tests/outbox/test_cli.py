"""`drafter outbox run --once | status | requeue` as a user runs them (JSON lines out)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafter.cli import _register_all, app
from drafter.config import reset_settings_cache
from tests.outbox.conftest import insert_draft
from tests.outbox.test_worker import approve, state

runner = CliRunner()


def _run(monkeypatch, settings, *args: str) -> dict:
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DRAFTER_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("DRAFTER_OUTBOX_MAX_ATTEMPTS", "1")
    reset_settings_cache()
    _register_all()
    result = runner.invoke(app, ["outbox", *args])
    reset_settings_cache()
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_run_status_and_requeue(monkeypatch, outbox_settings, pipeline, receiver):
    # A store that keeps the default attempt limit (set to 1 here), unlike hook-store's own 3.
    hook = (outbox_settings.knowledge_dir / "stores" / "hook-store.yaml").read_text()
    (outbox_settings.knowledge_dir / "stores" / "plain-hook.yaml").write_text(
        hook.replace("store_id: hook-store", "store_id: plain-hook").replace("outbox_max_attempts: 3", "")
    )
    delivered, dead = insert_draft(outbox_settings), insert_draft(outbox_settings, store_id="quiet-store")
    approve(outbox_settings, pipeline, delivered)
    approve(outbox_settings, pipeline, dead, store_id="quiet-store")
    counts = _run(monkeypatch, outbox_settings, "run", "--once")
    assert counts["claimed"] == 2 and counts["delivered"] == 1 and counts["held"] == 1
    assert _run(monkeypatch, outbox_settings, "status") == {"pending": 1, "sent": 1, "dead": 0, "held": 1}
    receiver.fail_with = [503]
    again = insert_draft(outbox_settings, store_id="plain-hook")
    approve(outbox_settings, pipeline, again, store_id="plain-hook")
    assert _run(monkeypatch, outbox_settings, "run", "--once")["dead"] == 1  # max attempts 1 here
    assert _run(monkeypatch, outbox_settings, "requeue") == {"requeued": 1}
    assert _run(monkeypatch, outbox_settings, "run", "--once")["delivered"] == 1
    assert state(outbox_settings, again)[1].status == "sent"
