"""Systematic matrices: phone formats of many regions, e-mail disguises, and the numeric look-alikes
(ids, tracking numbers, dates, prices, sizes) that must never be taken for a phone number."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from drafter.lint import LintContext, lint_text
from drafter.models import Platform

REGIONS = [
    "US",
    "GB",
    "DE",
    "FR",
    "ES",
    "IT",
    "PT",
    "BR",
    "MX",
    "RU",
    "PL",
    "NL",
    "TR",
    "CN",
    "JP",
    "KR",
    "SA",
    "AE",
    "IN",
    "AU",
    "CA",
    "UA",
]


def _rules(text: str, **ctx) -> set[str]:
    return {
        v.rule_id for v in lint_text(text, platform=Platform.amazon, context=LintContext(**ctx)).violations
    }


def _example_numbers() -> list[tuple[str, str]]:
    out = []
    for region in REGIONS:
        for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE):
            number = phonenumbers.example_number_for_type(region, kind)
            for fmt in (PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL, PhoneNumberFormat.E164):
                out.append((region, phonenumbers.format_number(number, fmt)))
    return out


@pytest.mark.parametrize(("region", "number"), _example_numbers())
def test_phone_in_any_region_format_blocks(region: str, number: str) -> None:
    text = f"You asked about order 112-4839201-7734401. Details: {number}, thank you."
    assert "all.no-phone" in _rules(text, regions=(region,))
    if number.startswith("+"):
        assert "all.no-phone" in _rules(text)  # international: no region needed


LOOK_ALIKES = [
    "Amazon order 112-4839201-7734401",
    "eBay order 12-34567-89012",
    "AliExpress order 8123456789012345",
    "tracking LP00123456789012",
    "UPS 1Z999AA10123456784",
    "DHL JJD0123456789012345",
    "USPS 9400 1000 0000 0000 0000 00",
    "Royal Mail RB123456785GB",
    "shipped 2026-11-05 17:00",
    "paid 05.11.2026 at 09:15",
    "due 11/05/2026",
    "open 09:00-18:00",
    "price 1 299,00 €",
    "price $1,299.99",
    "price 12 999 ₽",
    "price ¥1999",
    "size 175 cm, 96 cm chest",
    "model PD-65W",
    "firmware 2.4.1",
    "firmware v10.2.33",
    "65 W, 5000 mAh, 3.7 V",
    "discount 15%",
    "ISBN 978-3-16-148410-0",
    "EAN 4006381333931",
    "SKU-HD-100",
    "order #1001",
    "postcode 10115",
    "UTC+8",
    "30x20x10 cm",
    "serial SN 20261105-0042",
    "item 1005004567891234",
    "FedEx 123456789012",
    "DHL 1234567890",
    "СДЭК 1234567890",
    "1 234 567 units",
    "placed 20261105",
    "order number: 8123456789",
    "Заказ № 5123456789",
]


@pytest.mark.parametrize("phrase", LOOK_ALIKES)
@pytest.mark.parametrize("region", ["US", "DE", "CN", "RU", "BR"])
def test_numeric_look_alikes_never_block(phrase: str, region: str) -> None:
    text = f"You asked about it: {phrase}. We will check again tomorrow."
    result = lint_text(text, platform=Platform.aliexpress, context=LintContext(regions=(region,)))
    assert result.ok, [(v.rule_id, v.excerpt) for v in result.violations]


EMAILS = [
    "shop.help@gmail.com",
    "shop.help @ gmail . com",
    "shop (at) gmail (dot) com",
    "shop [at] gmail [dot] com",
    "shop at gmail dot com",
    "shop arroba gmail punto com",
    "shop собака mail точка ru",
    "shop chiocciola libero punto it",
    "shop małpa wp kropka pl",
    "ｓｈｏｐ＠ｇｍａｉｌ．ｃｏｍ",
    "s h o p @ g m a i l . c o m",
    "shop@gmail",
    "shop{at}gmail{dot}com",
    "shop\u200b@\u200bgmail.com",
]


@pytest.mark.parametrize("address", EMAILS)
def test_email_disguises_block(address: str) -> None:
    assert "all.no-email" in _rules(f"Write to {address} for the invoice.")


URLS = [
    "https://best.example/x",
    "http ://best.example",
    "www.bestshop.net",
    "WWW.BESTSHOP.COM",
    "bestshop.com",
    "bestshop.com/sale",
    "bestshop . com",
    "bestshop(.)com",
    "bestshop[.]com",
    "bestshop dot com",
    "wa.me/123456",
    "t.me/bestshop",
    "bit.ly/abc",
    "магазин.рф",
    "ｂｅｓｔｓｈｏｐ．ｃｏｍ",
    "bestshop.co.uk",
    "bestshop.de",
]


@pytest.mark.parametrize("url", URLS)
def test_url_forms_block(url: str) -> None:
    assert "all.no-url" in _rules(f"More photos: {url} today.")


def test_an_id_label_does_not_cover_a_phone_that_follows_the_id() -> None:
    assert "all.no-phone" in _rules("Order 8824591510225522: 612 345 678, ask for Li.", regions=("ES",))
    assert "all.no-phone" not in _rules("Order 8824591510225522 ships today.", regions=("ES",))


@pytest.mark.parametrize(
    "text",
    [
        "有问题可致电0755-12345678。",
        "お電話は090-1234-5678までお願いします。",
        "문의는 010-1234-5678로 전화 주세요.",
        "电话：13800138000",
        "Звоните: 8-916-123-45-67",
    ],
)
def test_phone_glued_to_cjk_or_hangul_text_blocks(text: str) -> None:
    assert "all.no-phone" in _rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "预计2026-11-20送达",
        "总价 1234567 元",
        "Итого 1 234 567 руб. за всё.",
        "Отправили 1 234 567 шт. товара.",
        "運送状番号1234567890123で追跡できます",
        "2026年11月14日10:30に発送予定",
    ],
)
def test_numbers_glued_to_cjk_or_cyrillic_text_pass(text: str) -> None:
    assert "all.no-phone" not in _rules(text, regions=("CN", "JP", "RU"))
