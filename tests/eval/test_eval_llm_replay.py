"""LLM mode: record cassettes against a local OpenAI-compatible server, then replay them offline.

The scripted server stands in for the vendor (the one edge the tests cannot reach); the eval runs
the real LLM composer through it, and the replay runs with the server gone.
"""

from __future__ import annotations

import json

import pytest

from tests.eval.conftest import invoke_eval

pytestmark = pytest.mark.integration
SLICE = ("--composer", "llm", "--limit", "3")


@pytest.fixture
def scripted_server():
    pytest.importorskip("drafter.pipeline", reason="drafter.pipeline is not in this checkout yet")
    module = pytest.importorskip(
        "drafter.devtools.scripted_llm", reason="the LLM composer is not in this checkout yet"
    )
    server = module.ScriptedServer(default_case="good").start()
    yield server
    server.stop()


def test_record_then_replay_offline_gives_the_same_replies(scripted_server, tmp_path, monkeypatch):
    cassettes = tmp_path / "cassettes"
    monkeypatch.setenv("DRAFTER_LLM_BASE_URL", scripted_server.base_url)
    monkeypatch.setenv("DRAFTER_LLM_API_KEY", "sk-secret-for-test")
    recorded = invoke_eval(*SLICE, "--record", "--cassettes", str(cassettes), "--out", str(tmp_path / "rec"))
    assert recorded.exit_code == 0, recorded.output
    files = sorted(cassettes.glob("*.yaml"))
    assert len(files) == 3
    assert not any("sk-secret-for-test" in f.read_text(encoding="utf-8") for f in files)

    scripted_server.stop()
    monkeypatch.delenv("DRAFTER_LLM_BASE_URL")
    monkeypatch.delenv("DRAFTER_LLM_API_KEY")
    replayed = invoke_eval(*SLICE, "--cassettes", str(cassettes), "--out", str(tmp_path / "rep"))
    assert replayed.exit_code == 0, replayed.output
    rec = json.loads((tmp_path / "rec" / "report.json").read_text(encoding="utf-8"))
    rep = json.loads((tmp_path / "rep" / "report.json").read_text(encoding="utf-8"))
    assert [c["reply"]["text"] for c in rep["cases"]] == [c["reply"]["text"] for c in rec["cases"]]
    assert rep["metrics"]["overall"]["tokens"] == rec["metrics"]["overall"]["tokens"] > 0
    assert rep["metrics"]["overall"]["cost_usd"] > 0
    assert all(c["reply"]["composer"] == "llm" or c["reply"]["fallback_reason"] for c in rep["cases"])

    files[0].unlink()
    partial = invoke_eval(*SLICE, "--cassettes", str(cassettes), "--out", str(tmp_path / "partial"))
    report = json.loads((tmp_path / "partial" / "report.json").read_text(encoding="utf-8"))
    assert report["metrics"]["overall"]["errors"] == 1
    assert "no cassette" in next(c["error"] for c in report["cases"] if c["error"])
    assert partial.exit_code == 0
