"""The examples kept beside each list in knowledge/risk/ (must_fire / must_pass): every flag and the injection
patterns fire on their must_fire examples and stay quiet on their must_pass ones (look-alikes, negations,
words that mean something else in another language)."""

from __future__ import annotations

import pytest

from drafter.classify import reading
from drafter.classify.engine import get_engine
from drafter.classify.flags import is_injection, keyword_flags
from drafter.config import REPO_ROOT
from drafter.knowledge import read_yaml
from drafter.models import SUPPORTED_LANGUAGES, Flag

RISK = REPO_ROOT / "knowledge" / "risk"


def _examples(path, key):
    rows = []
    for line in read_yaml(path).get(key) or []:
        lang, _, text = str(line).partition(" | ")
        assert lang in SUPPORTED_LANGUAGES and text, line
        rows.append((path.stem, lang, text))
    return rows


FLAG_FIRE = [row for f in Flag for row in _examples(RISK / "flags" / f"{f.value}.yaml", "must_fire")]
FLAG_PASS = [row for f in Flag for row in _examples(RISK / "flags" / f"{f.value}.yaml", "must_pass")]
INJ_FIRE = _examples(RISK / "injection.yaml", "must_fire")
INJ_PASS = _examples(RISK / "injection.yaml", "must_pass")


def _flags(text: str, language: str) -> dict:
    rules = get_engine().rules
    read = reading(text, language)
    found = keyword_flags(rules, read, language)
    if read != text:
        found.update({k: v for k, v in keyword_flags(rules, text, None).items() if k not in found})
    return found


def test_every_flag_has_examples_both_ways() -> None:
    for flag in Flag:
        assert any(r[0] == flag.value for r in FLAG_FIRE), flag
        assert any(r[0] == flag.value for r in FLAG_PASS), flag


@pytest.mark.parametrize(("flag", "language", "text"), FLAG_FIRE)
def test_must_fire(flag: str, language: str, text: str) -> None:
    assert flag in _flags(text, language)


@pytest.mark.parametrize(("flag", "language", "text"), FLAG_PASS)
def test_must_pass(flag: str, language: str, text: str) -> None:
    assert flag not in _flags(text, language), _flags(text, language)


@pytest.mark.parametrize(("name", "language", "text"), INJ_FIRE)
def test_injection_must_fire(name: str, language: str, text: str) -> None:
    rules = get_engine().rules
    assert is_injection(rules, text)[0] or is_injection(rules, reading(text, language))[0]


@pytest.mark.parametrize(("name", "language", "text"), INJ_PASS)
def test_injection_must_pass(name: str, language: str, text: str) -> None:
    assert not is_injection(get_engine().rules, text)[0]


SAFETY = read_yaml(RISK / "safety_vocabulary.yaml")
SAFETY_ROWS = [(concept, lang, text) for concept, rows in SAFETY.items() for lang, text in rows.items()]


def test_safety_vocabulary_covers_every_concept_in_every_language() -> None:
    for concept, rows in SAFETY.items():
        assert set(rows) == set(SUPPORTED_LANGUAGES), (concept, set(SUPPORTED_LANGUAGES) - set(rows))


@pytest.mark.parametrize(("concept", "language", "text"), SAFETY_ROWS)
def test_safety_vocabulary_fires(concept: str, language: str, text: str) -> None:
    assert "safety_issue" in _flags(text, language)
