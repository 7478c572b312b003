"""The lint API: spans point into the original text, suggestions are offered not applied, context counts."""

from __future__ import annotations

from drafter.lint import LintContext, lint_draft, lint_text
from drafter.lint.compiled import compiled_rules
from drafter.models import Draft, Order, OrderStatus, Platform, Severity, StoreProfile


def _ids(result) -> set[str]:
    return {v.rule_id for v in result.violations}


def test_clean_reply_is_ok() -> None:
    result = lint_text(
        "You asked about order 112-4839201-7734401. It shipped with DHL on 2026-11-05, tracking "
        "JJD0123456789012345. We will check again tomorrow before 17:00 and write to you here.",
        platform=Platform.amazon,
        language="en",
    )
    assert result.ok and result.violations == []


def test_full_width_email_span_maps_back_to_original_text() -> None:
    text = "Write to ｓｈｏｐ＠ｇｍａｉｌ．ｃｏｍ today."
    result = lint_text(text, platform=Platform.ebay)
    (v,) = [v for v in result.violations if v.rule_id == "all.no-email"]
    assert not result.ok and v.severity == Severity.block
    assert text[v.span[0] : v.span[1]] == "ｓｈｏｐ＠ｇｍａｉｌ．ｃｏｍ" == v.excerpt


def test_zero_width_characters_do_not_hide_a_phone_number() -> None:
    text = "Call +49\u200b30\u200b1234567 today."
    result = lint_text(text, platform=Platform.aliexpress)
    (v,) = [v for v in result.violations if v.rule_id == "all.no-phone"]
    assert text[v.span[0] : v.span[1]].startswith("+49")


def test_stock_phrase_gets_a_removal_suggestion_but_text_is_untouched() -> None:
    text = "Your parcel is in Madrid. Thank you for your understanding. We check again tomorrow."
    result = lint_text(text, platform=Platform.aliexpress, language="en")
    (v,) = [v for v in result.violations if v.rule_id == "aliexpress.no-stock-phrases"]
    assert result.ok and v.severity == Severity.warn and v.suggestion == ""
    fixed = text[: v.span[0]] + v.suggestion + text[v.span[1] :]
    assert fixed == "Your parcel is in Madrid. We check again tomorrow."


def test_known_order_id_is_not_a_phone_but_another_number_is() -> None:
    order = Order(
        order_id="8123456789", store_id="s", platform=Platform.aliexpress, status=OrderStatus.shipped
    )
    ctx = LintContext(order=order)
    assert lint_text("Your 8123456789 parcel left today.", platform=Platform.aliexpress, context=ctx).ok
    assert not lint_text("Call 8123456780 if it is late.", platform=Platform.aliexpress, context=ctx).ok


def test_lint_draft_checks_parts_and_order_id() -> None:
    order = Order(
        order_id="113-6171521-3350586", store_id="s", platform=Platform.amazon, status=OrderStatus.processing
    )
    draft = Draft(
        restatement="You asked about your headphones.",
        solution="They ship tomorrow.",
        commitment="",
        text="You asked about your headphones.\n\nThey ship tomorrow.",
        language="en",
        composer="template",
    )
    result = lint_draft(draft, platform=Platform.amazon, buyer_language="en", order=order, store=None)
    assert result.ok
    assert {"all.three-parts", "all.order-id-restated"} <= _ids(result)
    (parts,) = [v for v in result.violations if v.rule_id == "all.three-parts"]
    assert parts.message.endswith("(missing: commitment)")


def test_reply_in_wrong_language_blocks_on_every_platform_whatever_the_label() -> None:
    text = "Your order has shipped and will arrive on Friday. We will check the tracking again tomorrow."
    assert "amazon.buyer-language" in _ids(
        lint_text(text, platform=Platform.amazon, context=LintContext(buyer_language="es"))
    )
    assert lint_text(text, platform=Platform.amazon, context=LintContext(buyer_language="en")).ok
    for platform in Platform:
        # The label says Spanish; the text is English: the text decides.
        blocked = lint_text(text, platform=platform, language="es", context=LintContext(buyer_language="es"))
        assert "all.reply-language" in _ids(blocked), platform
    assert lint_text(text, platform=Platform.ebay).ok  # no buyer language known: nothing to compare


def test_store_banned_terms_from_profile_and_from_store_rule_file() -> None:
    store = StoreProfile(store_id="demo-store", banned_terms=["Acme"])
    result = lint_text(
        "Better than Acme and than any CheapCo knock-off.", platform=Platform.shopify, store=store
    )
    assert sorted(v.excerpt for v in result.violations if v.rule_id == "store.banned-term") == [
        "Acme",
        "CheapCo",
        "knock-off",
    ]
    other = StoreProfile(store_id="other-store")
    assert lint_text("Better than any CheapCo product.", platform=Platform.shopify, store=other).ok


def test_platform_rules_apply_only_to_their_platform() -> None:
    text = "Your order <b>has shipped</b>."
    assert "amazon.no-html" in _ids(lint_text(text, platform=Platform.amazon))
    assert "amazon.no-html" not in _ids(lint_text(text, platform=Platform.ebay))


def test_rules_are_compiled_once_per_platform() -> None:
    lint_text("warm up", platform=Platform.ebay)
    before = compiled_rules.cache_info().hits
    lint_text("second call", platform=Platform.ebay)
    assert compiled_rules.cache_info().hits == before + 1
