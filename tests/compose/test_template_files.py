"""Template files: every language has what English has, and the wording follows the market's tone."""

from __future__ import annotations

import re

import pytest

from drafter.compose.render import fields
from drafter.compose.situations import _COMMIT, MAIN
from drafter.compose.vocabulary import load_templates
from drafter.models import SUPPORTED_LANGUAGES, Intent, OrderStatus, Platform

LANGUAGES = list(SUPPORTED_LANGUAGES)

# Stock phrases buyers read as robotic ("thank you for your understanding" and equivalents).
STOCK = {
    "en": ["understanding", "patience", "inconvenience", "dear customer", "valued customer"],
    "es": ["comprensión", "paciencia", "molestias", "estimado cliente"],
    "ru": ["понимание", "терпение", "неудобства", "уважаемый клиент"],
    "de": ["verständnis", "geduld", "unannehmlichkeiten", "sehr geehrter kunde"],
    "fr": ["compréhension", "patience", "désagrément", "cher client"],
    "pt": ["compreensão", "paciência", "transtorno", "prezado cliente"],
    "it": ["comprensione", "pazienza", "disagio", "gentile cliente"],
    "pl": ["zrozumienie", "cierpliwość", "niedogodności", "drogi kliencie"],
    "nl": ["begrip", "geduld", "ongemak", "beste klant"],
    "tr": ["anlayışınız", "sabrınız", "rahatsızlık", "değerli müşterimiz"],
    "ar": ["تفهمكم", "صبركم", "الإزعاج", "عزيزي العميل"],
    "ja": ["ご理解", "ご不便", "お客様各位"],
    "ko": ["양해", "불편을 드려", "고객님께 알려"],
    "zh": ["理解", "不便", "尊敬的客户"],
}
# Informal forms where the polite form is expected (Sie, vous, usted, вы...).
INFORMAL = {
    "de": re.compile(r"\b(du|dich|dir|dein\w*)\b", re.I),
    "fr": re.compile(r"\b(tu|toi|ton|ta|tes)\b", re.I),
    "es": re.compile(r"\b(tú|tienes|puedes|quieres|tu|tus)\b", re.I),
    "ru": re.compile(r"\b(ты|тебя|тебе|твой|твоя|твоё|твои)\b", re.I),
    "it": re.compile(r"\b(tu|tuo|tua|tuoi|hai)\b", re.I),
    "nl": re.compile(r"\b(je|jij|jouw|jou)\b", re.I),
    "pl": re.compile(r"\b(twój|twoja|twoje|masz)\b", re.I),
    "tr": re.compile(r"\b(sen|senin|sana)\b", re.I),
}
# Spanish-speaking buyers dislike abbreviations.
ES_ABBREVIATIONS = re.compile(
    r"\b(Ud|Uds|Vd|Sr|Sra|pág|aprox|núm|etc|tel|dcha|izq|pdte)\.|\bnº\b|\bq\b", re.I
)


def _fact(name: str) -> str:
    return re.sub(r"_(span|within|days|months|hours|min|max)$", "", name)


def _strings(block) -> list[str]:
    if isinstance(block, str):
        return [block]
    if isinstance(block, list):
        return [s for item in block for s in _strings(item)]
    if isinstance(block, dict):
        return [s for value in block.values() for s in _strings(value)]
    return []


def test_every_supported_language_has_a_template_file(knowledge_dir):
    missing = [
        lang for lang in SUPPORTED_LANGUAGES if not (knowledge_dir / "templates" / f"{lang}.yaml").exists()
    ]
    assert missing == []


@pytest.fixture(scope="module")
def english(knowledge_dir):
    return load_templates(knowledge_dir / "templates", "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_file_covers_what_english_covers(language, knowledge_dir, english):
    data = load_templates(knowledge_dir / "templates", language)
    assert data["language"] == language
    for intent in Intent:
        for key in ("order", "none"):
            assert len(data["restate"][intent.value][key]) >= 2, (intent, key)
    needed = {s for names in MAIN.values() for s in names} | {"status_only", "other_general", "faq"}
    for situation in needed | set(english["solution"]):
        assert data["solution"].get(situation), f"{language}: solution.{situation}"
    for key in set(_COMMIT.values()) | {"teammate"}:
        assert len(data["commit"][key]) >= 2, f"{language}: commit.{key}"
    for key in english["restate_situation"]:
        assert len(data["restate_situation"][key]) >= 2
    words = data["words"]
    assert set(words["status"]) == {s.value for s in OrderStatus}
    assert set(words["return_how"]) == {p.value for p in Platform}
    assert {"business_day", "day", "month", "hour"} <= set(words["units"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_phrasings_use_only_known_fields_and_the_same_facts_as_english(language, knowledge_dir, english):
    data = load_templates(knowledge_dir / "templates", language)
    for situation, options in data["solution"].items():
        # A translation must not need a fact English does not use for the same situation
        # ("refund_days", "refund_span" and "refund_within" are one fact in different shapes).
        english_facts = {_fact(f) for o in english["solution"][situation] for f in fields(o)}
        for option in options:
            assert {_fact(f) for f in fields(option)} <= english_facts | {"country", "order_id"}, (
                language,
                option,
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_stock_phrases_and_polite_form(language, knowledge_dir):
    data = load_templates(knowledge_dir / "templates", language)
    text = "\n".join(
        _strings(
            {k: v for k, v in data.items() if k in ("restate", "restate_situation", "solution", "commit")}
        )
    )
    lowered = text.lower()
    for phrase in STOCK.get(language, []):
        assert phrase not in lowered, f"{language}: stock phrase {phrase!r}"
    if language in INFORMAL:
        match = INFORMAL[language].search(text)
        assert match is None, f"{language}: informal form {match.group(0)!r}"
    if language == "es":
        assert ES_ABBREVIATIONS.search(text) is None


def test_spanish_questions_and_exclamations_open_properly(knowledge_dir):
    data = load_templates(knowledge_dir / "templates", "es")
    for text in _strings(data):
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if sentence.endswith("?"):
                assert "¿" in sentence, sentence
            if sentence.endswith("!"):
                assert "¡" in sentence, sentence
