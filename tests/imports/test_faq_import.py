"""`drafter knowledge import`: broken lines and repeated ids are reported and skipped, the rest indexed."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafter.cli import _register_all, app

_register_all()
runner = CliRunner()


def _entry(i: str, question: str, answer: str) -> str:
    return json.dumps(
        {
            "id": i,
            "platform": "*",
            "language": "en",
            "topic": "gifts",
            "question": question,
            "answer": answer,
            "facts": {},
            "store_id": "shop-k",
        }
    )


def test_broken_lines_and_duplicates_are_skipped(settings, tmp_path):
    env = {"DRAFTER_DATA_DIR": str(settings.data_dir)}
    (tmp_path / "k" / "faq").mkdir(parents=True)
    (tmp_path / "k" / "faq" / "a.jsonl").write_bytes(
        "\n".join(
            [
                _entry("faq-wrap", "Do you offer gift wrapping?", "Yes, gift wrapping is free."),
                "{broken",
                _entry("faq-wrap", "Do you wrap gifts?", "No."),
                json.dumps({"id": "faq-x", "platform": "*"}),
            ]
        ).encode()
        + b"\n\xff\xfe\n"
        + _entry("faq-card", "Can I add a card?", "Yes, a card is free.").encode()
    )
    result = runner.invoke(app, ["knowledge", "import", str(tmp_path / "k"), "--no-progress"], env=env)
    assert result.exit_code == 1, result.output
    errors = {
        json.loads(x)["line"]: json.loads(x)["error"] for x in result.stdout.splitlines() if x.startswith("{")
    }
    assert errors[2]["code"] == "invalid_json" and errors[3]["code"] == "duplicate_id"
    assert errors[4]["code"] == "invalid_faq_entry" and errors[5]["code"] == "invalid_utf8"
    assert "FAQ entries: 2 imported, 3 failed, 1 skipped" in result.stderr
    from drafter.retrieve.faq import FaqIndex

    hits = FaqIndex(settings).search(
        "wrap it as a present?", platform="ebay", store_id="shop-k", language="en"
    )
    wrap = next(h for h in hits if h.id == "faq-wrap")
    assert wrap.answer == "Yes, gift wrapping is free."  # the first one read wins; the repeat was skipped
    assert any(h.id == "faq-card" for h in hits)


def test_a_missing_or_empty_path_is_an_error(settings, tmp_path):
    env = {"DRAFTER_DATA_DIR": str(settings.data_dir)}
    result = runner.invoke(app, ["knowledge", "import", str(tmp_path / "nowhere")], env=env)
    assert result.exit_code == 2 and "does not exist" in result.stderr
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["knowledge", "import", str(tmp_path / "empty")], env=env)
    assert result.exit_code == 2 and "no FAQ files" in result.stderr


def test_a_single_file_imports(settings, tmp_path):
    env = {"DRAFTER_DATA_DIR": str(settings.data_dir)}
    f = tmp_path / "one.jsonl"
    f.write_text(_entry("faq-one", "Do you ship to Iceland?", "Yes, to Iceland in 9 days.") + "\n")
    result = runner.invoke(app, ["knowledge", "import", str(f), "--no-progress"], env=env)
    assert result.exit_code == 0 and "1 imported, 0 failed, 0 skipped" in result.stderr
