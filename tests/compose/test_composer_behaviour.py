"""Situation choice, deterministic phrasing, dates in the store's time zone, FAQ grounding."""

from __future__ import annotations

from datetime import UTC, date, datetime

from drafter.compose.facts import build_facts
from drafter.compose.vocabulary import load_vocabulary
from drafter.compose.when import next_check
from drafter.devtools.samples import sample_request
from drafter.knowledge import effective_policy, load_faq, store_profile
from drafter.models import FaqHit, Flag, Intent, OrderStatus, ThreadMessage


def _order(orders, status, **extra):
    for order in orders:
        if (
            order.status == status
            and order.store_id == "demo-store"
            and all(getattr(order, k) == v for k, v in extra.items())
        ):
            return order
    raise LookupError(status)


def test_without_an_order_it_asks_for_the_number_and_states_no_order_facts(composer, knowledge_dir):
    request = sample_request(
        knowledge_dir=knowledge_dir, intent=Intent.shipping_status, language="en", order=None
    )
    draft = composer.compose(request)
    assert draft.situation == "ask_order"
    assert "order number" in draft.solution
    assert "tracking number" not in draft.text


def test_late_parcel_is_recognised_against_the_promised_date(composer, knowledge_dir, situation_orders):
    order = situation_orders[(Intent.shipping_status, "late")]
    assert order.estimated_delivery < date(2026, 11, 20)
    draft = composer.compose(
        sample_request(knowledge_dir=knowledge_dir, intent=Intent.shipping_status, language="en", order=order)
    )
    assert order.order_id in draft.restatement and order.items[0].title in draft.restatement
    assert order.tracking_number in draft.solution and order.carrier in draft.solution


def test_same_message_same_text_and_a_second_buyer_message_gets_other_wording(
    composer, knowledge_dir, situation_orders
):
    order = situation_orders[(Intent.shipping_status, "in_transit")]
    first = sample_request(
        knowledge_dir=knowledge_dir, intent=Intent.shipping_status, language="de", order=order
    )
    assert composer.compose(first).text == composer.compose(first).text
    earlier = composer.compose(first)
    again = first.model_copy(deep=True)
    again.message.thread = [
        ThreadMessage(author="buyer", text=first.message.text),
        ThreadMessage(author="seller", text=earlier.text),
    ]
    second = composer.compose(again)
    assert second.situation == earlier.situation
    for part in ("restatement", "solution", "commitment"):
        assert getattr(second, part) != getattr(earlier, part), part


def test_commitments_render_in_the_buyer_language_and_time_zone(knowledge_dir, situation_orders):
    order = situation_orders[(Intent.shipping_status, "in_transit")]
    # 22:30 UTC on Friday is 23:30 in Berlin: too late for today's 17:00 check, the weekend follows,
    # so the team checks on Monday before 17:00 Berlin time; the buyer reads it in their own clock.
    received = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)
    cases = {
        "DE": ("Montag, 23. November 2026", "17:00", "am Montag bis 17:00 Uhr (Ihre Zeit)"),
        "US": ("Montag, 23. November 2026", "11:00", "am Montag Vormittag (bis 11:00 Uhr Ihrer Zeit)"),
        # 01:00 in Tokyo is said as "by 08:00": a promise kept early, never a night-time one.
        "JP": ("Dienstag, 24. November 2026", "08:00", "am Dienstag Vormittag (bis 08:00 Uhr Ihrer Zeit)"),
    }
    for country, (day, clock, when) in cases.items():
        placed = order.model_copy(update={"destination_country": country})
        request = sample_request(
            knowledge_dir=knowledge_dir,
            intent=Intent.shipping_status,
            language="de",
            order=placed,
            received_at=received,
        )
        facts = build_facts(request, knowledge_dir=knowledge_dir).values
        assert (facts["check_day"], facts["check_time"], facts["when"]) == (day, clock, when), country
        assert facts["tz_name"] == "Ihre Zeit"
    ru_order = order.model_copy(update={"destination_country": "RU"})
    request = sample_request(
        knowledge_dir=knowledge_dir,
        intent=Intent.shipping_status,
        language="ru",
        order=ru_order,
        received_at=received,
    )
    ru = build_facts(request, knowledge_dir=knowledge_dir).values
    assert ru["check_day"].startswith("понедельник, 23 ноября 2026")
    assert ru["when"] == "в понедельник до 19:00 по вашему времени"


def test_same_day_commitments_say_today(knowledge_dir, situation_orders):
    order = situation_orders[(Intent.shipping_status, "in_transit")].model_copy(
        update={"destination_country": "ES"}
    )
    request = sample_request(
        knowledge_dir=knowledge_dir,
        intent=Intent.shipping_status,
        language="es",
        order=order,
        received_at=datetime(2026, 11, 19, 9, 0, tzinfo=UTC),
    )
    assert (
        build_facts(request, knowledge_dir=knowledge_dir).values["when"] == "hoy antes de las 17:00 (su hora)"
    )


def test_next_check_skips_holidays_and_keeps_an_hour_of_margin(knowledge_dir):
    policy = effective_policy(store_profile(knowledge_dir, "demo-store"), "amazon")
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    assert next_check(datetime(2026, 11, 18, 15, 59, tzinfo=berlin), policy) == date(2026, 11, 18)
    assert next_check(datetime(2026, 11, 18, 16, 30, tzinfo=berlin), policy) == date(2026, 11, 19)
    assert next_check(
        datetime(2026, 12, 24, 18, 0, tzinfo=berlin), policy, (date(2026, 12, 25), date(2026, 12, 26))
    ) == date(2026, 12, 28)


def test_plural_and_case_forms_follow_the_number(knowledge_dir):
    ru = load_vocabulary(knowledge_dir / "templates", "ru")
    assert ru.span("business_day", 2, within=True) == "2 рабочих дней"
    assert ru.span("business_day", 1, within=True) == "1 рабочего дня"
    assert ru.span("day", 5) == "5 дней" and ru.span("day", 3) == "3 дня"
    assert ru.span("day", 1, 3) == "от 1 до 3 дней" and ru.span("day", 15, 21) == "от 15 до 21 дня"
    pl = load_vocabulary(knowledge_dir / "templates", "pl")
    assert pl.span("business_day", 5, within=True) == "5 dni roboczych"
    assert pl.span("month", 24) == "24 miesiące"
    de = load_vocabulary(knowledge_dir / "templates", "de")
    assert de.span("business_day", 1, within=True) == "1 Werktag"
    assert de.span("day", 30, within=True) == "30 Tagen"
    assert load_vocabulary(knowledge_dir / "templates", "en").span("business_day", 1) == "1 business day"


def test_a_flagged_message_commits_to_a_senior_colleague(composer, knowledge_dir, situation_orders):
    order = situation_orders[(Intent.item_problem, "item_problem")]
    request = sample_request(
        knowledge_dir=knowledge_dir, intent=Intent.item_problem, language="en", order=order
    )
    request.classification.flags = [Flag.negative_review_threat]
    draft = composer.compose(request)
    assert "senior colleague" in draft.commitment
    assert draft.template_id.endswith(".teammate")


def test_general_question_uses_a_matching_faq_answer_and_drops_one_that_contradicts_the_store(
    composer, knowledge_dir
):
    entries = {(e.id, e.language, e.store_id): e for e in load_faq(knowledge_dir)}
    shared = entries[("faq-shipping-amazon", "en", None)]  # 2 handling days: the Amazon default
    own = entries[("faq-demo-asia-shipping-amazon", "en", "demo-asia")]  # 3: demo-asia's own policy

    def hit(e, score):
        return FaqHit(
            id=e.id,
            topic=e.topic,
            language=e.language,
            question=e.question,
            answer=e.answer,
            facts=e.facts,
            score=score,
        )

    request = sample_request(
        knowledge_dir=knowledge_dir,
        intent=Intent.delivery_time,
        language="en",
        order=None,
        platform="amazon",
        store_id="demo-asia",
    )
    request.retrieval.faq = [hit(shared, 0.9), hit(own, 0.6)]
    draft = composer.compose(request)
    assert draft.situation == "faq"
    assert draft.solution == own.answer and "3 business days" in draft.solution
    # An order-specific request without an order asks for the number even when a FAQ entry fits.
    request.classification.intent = Intent.return_request
    assert composer.compose(request).situation == "ask_order"


def test_order_statuses_map_to_situations_for_cancellation(composer, knowledge_dir, situation_orders):
    for situation, status in (("cancel_open", OrderStatus.processing), ("cancel_too_late", None)):
        order = situation_orders[(Intent.cancel_order, situation)]
        if status:
            assert order.status == status
        draft = composer.compose(
            sample_request(
                knowledge_dir=knowledge_dir, intent=Intent.cancel_order, language="fr", order=order
            )
        )
        assert draft.situation == situation
