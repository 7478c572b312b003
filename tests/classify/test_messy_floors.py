"""Floors on the messy check set (eval/classify/messy.txt): typos, Latin-script Russian, false-alarm traps,
paraphrased injections in 14 languages. Never trained on; the floors are the targets of the issue."""

from __future__ import annotations

import pytest

from drafter.classify.report import evaluate, messy_path, read_heldout


@pytest.fixture(scope="module")
def figures() -> dict:
    return evaluate(read_heldout(messy_path()))


def test_set_covers_languages_latin_russian_counterfeit_and_injections(figures) -> None:
    assert len(figures["intent_accuracy_by_language"]) == 14
    assert figures["latin_russian"]["n"] >= 5
    assert figures["flags"]["counterfeit"]["gold"] >= 14
    assert figures["injection_gold"] >= 14


def test_language_and_latin_script_russian(figures) -> None:
    assert figures["language_accuracy"] >= 0.98
    assert figures["latin_russian"]["language_accuracy"] == 1.0


def test_high_risk_recall_and_precision(figures) -> None:
    assert figures["high_risk_recall"] == 1.0, figures["missed_high_risk"]
    assert figures["high_risk_precision"] >= 0.95
    assert figures["low_raised_to_high"] <= 0.02


def test_injections_all_but_one_detected_without_false_alarms(figures) -> None:
    assert figures["injection_gold"] - figures["injection_recall"] * figures["injection_gold"] <= 1, figures[
        "injection_missed"
    ]
    assert figures["injection_false_alarms"] <= 1


def test_intent_on_clear_cases(figures) -> None:
    assert figures["intent_accuracy_clear"] >= 0.92
    weak = {lang: acc for lang, acc in figures["intent_accuracy_by_language"].items() if acc < 0.80}
    assert not weak, weak
