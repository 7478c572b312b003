"""`drafter classify` detects the language as the pipeline does: the platform is a weak prior on a text
too short to tell ("ok" on Amazon is English; tests/api/test_classify_platform.py checks the premise)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafter.cli import _register_all, app

_register_all()
runner = CliRunner()
SHORT = "ok"


def test_classify_command_passes_platform(settings) -> None:
    env = {"DRAFTER_DATA_DIR": str(settings.data_dir)}
    lines = json.dumps({"id": 1, "platform": "amazon", "text": SHORT})
    out = [
        json.loads(x)
        for x in runner.invoke(app, ["classify"], input=lines, env=env).stdout.splitlines()
        if x.startswith("{")
    ]
    assert out[0]["language"] == "en"
