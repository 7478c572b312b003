"""Details the buyer states, read from the whole message in each language."""

from __future__ import annotations

import pytest

from drafter.config import Settings
from drafter.details import extract_details

K = Settings().knowledge_dir


def read(text: str, language: str):
    return extract_details(text, language, knowledge_dir=K)


@pytest.mark.parametrize(
    ("text", "language", "cue"),
    [
        ("The power adapter sparked and now smells burnt", "en", "hazard"),
        ("El cargador echó humo anoche", "es", "hazard"),
        ("Блок питания задымился, когда я его включил", "ru", "hazard"),
        ("Das Netzteil ist geschmolzen", "de", "hazard"),
        ("充電器から発煙しました", "ja", "hazard"),
        ("コンセントの所で火が出ました", "ja", "hazard"),
        ("充电器冒烟了", "zh", "hazard"),
        ("L'écran est cassé à l'arrivée", "fr", "defect"),
        ("A lâmpada não liga", "pt", "defect"),
        ("Vorrei cambiare con una taglia più grande", "it", "exchange"),
        ("Chcę anulować tylko jedną sukienkę, resztę zostawić", "pl", "partial_cancel"),
        ("Kunt u het pakket bij de buren afgeven?", "nl", "delivery_instruction"),
        ("Fiyat düştü, fiyat farkını iade eder misiniz?", "tr", "price_drop"),
        ("السلام عليكم، لم أستلم الطرد", "ar", "salam"),
        ("배송 완료로 나오는데 받지 못했습니다", "ko", "not_received"),
        ("My new address is 5 Elm Street, can you send it there?", "en", "new_address"),
        ("I attached two photos of the crack", "en", "photos"),
    ],
)
def test_statements_in_every_language(text, language, cue):
    assert read(text, language).says(cue), (text, read(text, language))


def test_questions_and_topics_are_all_found():
    d = read(
        "Is the jacket waterproof? And do I have to pay customs fees? How long is delivery to Oslo?", "en"
    )
    assert d.questions == 3
    assert {"waterproof", "customs_fees", "delivery_time"} <= set(d.topics)
    assert read("这个充电器兼容笔记本吗", "zh").questions == 1


@pytest.mark.parametrize(
    ("text", "language", "height", "weight"),
    [
        ("I am 182 cm tall and weigh 80 kg, which size?", "en", 182, 80),
        ("Mido 1,68 m y peso 59 kg", "es", 168, 59),
        ("Рост 176 см, вес 72 кг", "ru", 176, 72),
        ("I'm 6'1\" and 200 lbs", "en", 185, 91),
        ("身高175厘米，体重70公斤", "zh", 175, 70),
    ],
)
def test_height_and_weight(text, language, height, weight):
    d = read(text, language)
    assert (d.height_cm, d.weight_kg) == (height, weight)


def test_foot_length_chest_and_size_label():
    assert read("My foot length is 26 cm, is size 41 big?", "en").foot_cm == 26
    assert read("My foot length is 26 cm, is size 41 big?", "en").size_label == "41"
    assert read("Fußlänge 25,5 cm", "de").foot_cm == 25.5
    assert read("chest 104 cm", "en").chest_cm == 104
    assert read("Quelle taille ? Je prends du M d'habitude, taille M", "fr").size_label == "M"


def test_plain_message_states_nothing():
    d = read("Hello, where is my order?", "en")
    assert d.statements == [] and not d.has_measurements
    # A stem only matches at the start of a word: "private" is no VAT question.
    assert not read("Please keep this private", "en").asks("customs_fees")
