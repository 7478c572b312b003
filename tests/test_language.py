"""Language detection on short buyer messages, per language."""

from __future__ import annotations

import pytest

from drafter.language import detect_language, locale_language

SHORT = [
    ("where is my order?", "en"),
    ("¿dónde está mi pedido?", "es"),
    ("где заказ?", "ru"),
    ("colis toujours pas arrivé", "fr"),
    ("cadê meu pedido?", "pt"),
    ("paket ist noch nicht da", "de"),
    ("il pacco non è arrivato", "it"),
    ("gdzie jest paczka?", "pl"),
    ("mijn pakket is er nog niet", "nl"),
    ("kargom nerede?", "tr"),
    ("أين طلبي؟", "ar"),
    ("荷物はまだですか", "ja"),
    ("배송 언제 와요?", "ko"),
    ("我的快递呢", "zh"),
]


@pytest.mark.parametrize(("text", "language"), SHORT)
def test_short_messages(text: str, language: str) -> None:
    assert detect_language(text).language == language


def test_detection_is_deterministic() -> None:
    results = {detect_language("Das Paket ist beschädigt angekommen").language for _ in range(5)}
    assert results == {"de"}


def test_locale_breaks_ties_on_short_latin_text() -> None:
    assert detect_language("ok", locale="pt_BR").language == "pt"
    assert locale_language("zh-Hans-CN") == "zh"
    assert locale_language("xx-YY") is None


def test_script_decides_over_locale() -> None:
    assert detect_language("спасибо", locale="en-US").language == "ru"


def test_kanji_only_text_is_chinese_with_kana_japanese() -> None:
    assert detect_language("退款").language == "zh"
    assert detect_language("返金してください").language == "ja"
