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


TRANSLITERATED = [
    "dobryi vecher, gde moya posylka? trek molchit uzhe dve nedeli",
    "zdravstvuite! xochu vernut den'gi, tovar ne podoshel",
    "spasibo vam ogromnoe, vse doshlo v celosti",
    "kogda otpravite zakaz? ochen nuzhno k pyatnice",
    "pochemu 4ast' korobki slomana??",
    "Dobryi den, zakaz prishel, no odnoi detali ne hvataet",  # ch/h/x variants, no soft signs
    "dyakuyu, vse pryyshlo, ale koly bude druga chastyna zamovlennya?",  # Ukrainian: answered in Russian
]


@pytest.mark.parametrize("text", TRANSLITERATED)
def test_russian_in_latin_letters_is_russian_and_says_so(text: str) -> None:
    result = detect_language(text)
    assert (result.language, result.transliterated, result.method) == ("ru", True, "transliteration")


LATIN_NOT_RUSSIAN = [
    ("pl", "Dzień dobry, kiedy dotrze moja paczka? Czekam już dwa tygodnie"),
    ("pl", "nie dostałem zamówienia, proszę o zwrot pieniędzy"),
    ("tr", "Merhaba, siparişim ne zaman gelir? Kargo takip numarası çalışmıyor"),
    ("it", "Buongiorno, il pacco non è ancora arrivato, potete controllare?"),
    ("es", "Hola, no me llegó nada, quiero mi dinero de vuelta"),
    ("en", "Hi, can you tell me when my order will ship? Thanks"),
    ("de", "Hallo, wo bleibt mein Paket? Ich warte seit zwei Wochen"),
    ("nl", "Net besteld, wanneer wordt het verzonden?"),
]


@pytest.mark.parametrize(("language", "text"), LATIN_NOT_RUSSIAN)
def test_latin_languages_are_not_taken_for_transliterated_russian(language: str, text: str) -> None:
    result = detect_language(text)
    assert result.language == language and not result.transliterated


def test_one_russian_word_decides_only_without_a_contrary_locale() -> None:
    assert detect_language("spasibo!").language == "ru"
    assert detect_language("spasibo", locale="de-DE").language == "de"
    assert detect_language("net").transliterated is False  # three letters: Dutch, English too


def test_platform_breaks_ties_on_a_short_text_without_locale() -> None:
    # "ok" alone says nothing; where most buyers write English, it is English.
    assert detect_language("ok", platform="amazon").language == "en"
    assert detect_language("ok", platform="amazon", locale="fr-FR").language == "fr"


CODE_MIXED = [
    ("es", "hola, mi pedido todavia no llega, tracking number says delivered pero no tengo nada"),
    ("fr", "Bonjour, j'ai reçu the wrong color, je voulais le noir"),
    ("de", "Hallo, my Paket ist immer noch nicht da, bitte check"),
    ("it", "Ciao, l'ordine è arrivato ma the box was damaged, cosa faccio?"),
    ("tr", "Merhaba order geldi ama kutu hasarlı"),
    ("ru", "Hi, gde moi zakaz? tracking ne rabotaet"),
]


@pytest.mark.parametrize(("language", "text"), CODE_MIXED)
def test_code_mixed_messages_get_the_buyers_language(language: str, text: str) -> None:
    assert detect_language(text).language == language
