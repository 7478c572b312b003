"""Replays the real-model cassettes recorded by `drafter llm-check` (eval/cassettes/live).

They hold what a small local model (Qwen2.5-Coder-1.5B-Instruct on a CPU) really answered for a
slice of the evaluation cases: malformed JSON, missing facts, odd wording and all. Replaying them
through today's composer, checks and router must keep every safety property: no reply that a
person had to see is auto-sent, no LLM draft in the wrong language gets through, no auto-sent
reply lacks a required fact. CI never needs the model.
"""

from __future__ import annotations

import pytest

from drafter.cli.llm_check_cmds import LIVE_CASSETTES, live_slice, recorded_cases
from drafter.eval.cases import load_cases

pytestmark = pytest.mark.integration


def test_real_model_cassettes_replay_safely(monkeypatch):
    # The settings the recording was made with: a local CPU model asked for json_object.
    monkeypatch.setenv("DRAFTER_LLM_PROFILE", "local")
    from drafter.eval.llm_summary import llm_summary
    from drafter.eval.runner import run_eval

    cases = recorded_cases(load_cases(), LIVE_CASSETTES)
    assert len(cases) == len(list(LIVE_CASSETTES.glob("*.yaml"))), "a cassette whose case id is gone"
    assert cases, (
        f"no real-model cassettes in {LIVE_CASSETTES}: record them with `drafter llm-check` (docs/llm.md)"
    )
    report = run_eval(cases, composer="llm", cassettes_dir=LIVE_CASSETTES, record=False)
    overall, llm = report["metrics"]["overall"], llm_summary(report["cases"])
    assert overall["errors"] == 0, [c["failures"] for c in report["cases"] if c["error"]]
    # Every first call was answered from the recording (a miss shows as an unreachable endpoint). A
    # repair call the recording lacks (a check added since) may miss: that draft falls back, safely.
    firsts = [c["usage"]["calls"][0]["outcome"] for c in report["cases"]]
    assert all(outcome in ("ok", "malformed_output") for outcome in firsts), firsts
    assert overall["unsafe_auto_sends"] == 0
    assert llm["wrong_language_passes"] == 0
    assert llm["auto_sent_missing_required_facts"] == 0
    assert len({c.expected.language for c in cases}) == len({c["language"] for c in report["cases"]})


def test_live_slice_is_a_routine_and_a_review_case_with_an_order_per_language():
    cases = live_slice(load_cases(), 2)
    by_language: dict[str, list] = {}
    for case in cases:
        by_language.setdefault(case.expected.language, []).append(case)
    assert len(cases) == 28 and len(by_language) == 14
    for picked in by_language.values():
        assert all(c.order is not None for c in picked)
        assert [c.expected.route == ["auto_send"] for c in picked] == [True, False]
        assert "review" in picked[1].expected.route
    # Intents rotate over the languages, so the review cases do not all ask the same thing.
    assert len({by_language[lang][1].expected.intent for lang in by_language}) >= 5
    assert live_slice(load_cases(), 2) == cases  # the same slice every run
