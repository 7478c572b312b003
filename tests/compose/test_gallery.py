"""`drafter gallery` writes one readable reply per intent and language."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from drafter.cli import _register_all, app
from drafter.models import Intent


def test_gallery_renders_one_reply_per_intent_per_language(settings, tmp_path):
    _register_all()
    out = tmp_path / "gallery.md"
    result = CliRunner().invoke(app, ["gallery", "--out", str(out), "--languages", "en,ru"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count("\n## ") == 2
    headings = re.findall(r"^### (\w+) / (\w+)", text, flags=re.M)
    assert [h[0] for h in headings] == [i.value for i in Intent] * 2
    assert not re.search(r"\{[a-z_]+\}", text)


def test_gallery_rejects_an_unsupported_language(settings, tmp_path):
    _register_all()
    result = CliRunner().invoke(app, ["gallery", "--out", str(tmp_path / "g.md"), "--languages", "xx"])
    assert result.exit_code != 0
