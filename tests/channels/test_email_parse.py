"""Parsing received mail: Amazon relay, Shopify contact form, ordinary mail, and what is not a buyer message."""

from __future__ import annotations

from drafter.channels.email.parse import parse_mail
from drafter.channels.email.rules import mail_rules
from drafter.config import REPO_ROOT
from tests.channels.mails import amazon_relay_mail, plain_mail, shopify_contact_mail

RULES = mail_rules(REPO_ROOT / "knowledge")
OWN = {"support@seller.test"}


def test_amazon_relay_gives_alias_order_marketplace_and_only_the_new_words():
    raw = amazon_relay_mail(
        alias="k7x2mq9zt0abc1d@marketplace.amazon.de",
        to="support@seller.test",
        order_id="028-1234567-7654321",
        words="Wo bleibt mein Paket? Es sollte gestern ankommen.",
        quoted="Am 20.11.2026 um 10:00 schrieb Verkäufer:\n> Ihr Paket ist unterwegs.",
    )
    mail = parse_mail(raw, RULES, own_addresses=OWN)
    assert mail.source == "amazon"
    assert mail.reply_addr == "k7x2mq9zt0abc1d@marketplace.amazon.de"
    assert mail.order_id == "028-1234567-7654321"
    assert (mail.marketplace, mail.locale) == ("amazon.de", "de-DE")
    assert mail.text == "Wo bleibt mein Paket? Es sollte gestern ankommen."
    assert mail.skip_reason is None and mail.message_id


def test_amazon_order_id_found_in_the_body_when_the_subject_has_none():
    raw = amazon_relay_mail(
        alias="abc@marketplace.amazon.co.uk",
        to="s@seller.test",
        order_id="203-0000001-0000002",
        words="Hi, can I change the size?",
        subject="Question about an item",
    )
    mail = parse_mail(raw, RULES, own_addresses=OWN)
    assert mail.order_id == "203-0000001-0000002" and mail.marketplace == "amazon.co.uk"
    assert "Respond to this message" not in mail.text  # Amazon's footer is outside the markers


def test_shopify_contact_form_answers_the_customer_not_shopify():
    raw = shopify_contact_mail(
        to="shop@seller.test",
        name="Ana Lima",
        email="ana@example.test",
        words="Olá, o pedido #10492 ainda não chegou.",
    )
    mail = parse_mail(raw, RULES, own_addresses=OWN)
    assert mail.source == "shopify"
    assert mail.reply_addr == "ana@example.test"
    assert mail.customer_name == "Ana Lima"
    assert mail.text == "Olá, o pedido #10492 ainda não chegou."
    assert mail.order_id == "10492"


def test_quoted_history_in_other_languages_is_cut():
    words = "Merci, mais la taille ne va pas."
    raw = plain_mail(
        sender="client@example.test",
        to="s@seller.test",
        subject="Re: commande",
        words=f"{words}\n\nLe lun. 23 nov. 2026 à 10:00, Boutique a écrit :\n> Bonjour",
    )
    assert parse_mail(raw, RULES, own_addresses=OWN).text == words


def test_html_only_mail_becomes_text_without_script():
    mail = parse_mail(
        plain_mail(sender="b@example.test", to="s@seller.test", subject="x", words="Where is it?", html=True),
        RULES,
        own_addresses=OWN,
    )
    assert mail.text == "Where is it?"


def test_not_buyer_messages_are_skipped_with_a_reason():
    auto = parse_mail(
        plain_mail(
            sender="b@example.test",
            to="s@seller.test",
            subject="Out of office",
            words="I am away",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        RULES,
        own_addresses=OWN,
    )
    assert auto.skip_reason and "Auto-Submitted" in auto.skip_reason
    own = parse_mail(
        plain_mail(sender="support@seller.test", to="x@example.test", subject="Re: x", words="ok"),
        RULES,
        own_addresses=OWN,
    )
    assert own.skip_reason and "own address" in own.skip_reason
    bounce = parse_mail(
        plain_mail(
            sender="MAILER-DAEMON@seller.test", to="s@seller.test", subject="Undelivered", words="failed"
        ),
        RULES,
        own_addresses=OWN,
    )
    assert bounce.skip_reason == "delivery status notification"
    empty = parse_mail(
        plain_mail(sender="b@example.test", to="s@seller.test", subject="x", words="> only a quote"),
        RULES,
        own_addresses=OWN,
    )
    assert empty.skip_reason == "no text from the buyer"
