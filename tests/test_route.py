"""Routing: one test per reason; auto_send only when every condition holds."""

from __future__ import annotations

from datetime import date

import pytest

from drafter.models import (
    Classification,
    Draft,
    FaqHit,
    Flag,
    Intent,
    LintResult,
    Order,
    OrderItem,
    OrderStatus,
    Platform,
    Retrieval,
    Risk,
    RouteName,
    Severity,
    StoreProfile,
    Violation,
)
from drafter.route import decide_route

ORDER = Order(
    order_id="8123456789",
    store_id="s",
    platform=Platform.aliexpress,
    status=OrderStatus.in_transit,
    carrier="Cainiao",
    tracking_number="LP00123456789CN",
    shipped_at=date(2026, 11, 1),
    items=[OrderItem(sku="SKU-DR-22", title="Linen dress", size="M")],
)
CHARTS = {"size_charts": {"SKU-DR-22": {"unit": "cm", "sizes": {"M": {"bust": 92}}}}}
CLEAN = LintResult(ok=True)
STATES = "Your order 8123456789 travels with Cainiao, tracking number LP00123456789CN."


def cls(intent=Intent.shipping_status, confidence=0.95, risk=Risk.low, flags=(), injection=False):
    return Classification(
        language="en", intent=intent, confidence=confidence, risk=risk, flags=list(flags), injection=injection
    )


def store(**kw):
    return StoreProfile(**{"store_id": "s", "auto_reply": True, "auto_send_threshold": 0.8, **kw})


def faq(score, facts=None):
    return FaqHit(
        id="faq-1", topic="product", language="en", question="q", answer="a", facts=facts or {}, score=score
    )


def route(c=None, r=None, lint=CLEAN, st=None, draft=None):
    return decide_route(
        classification=c or cls(),
        retrieval=r or Retrieval(order=ORDER),
        lint=lint,
        store=st or store(),
        draft=draft,
    )


@pytest.mark.parametrize(
    "intent,retrieval,st",
    [
        (Intent.shipping_status, Retrieval(order=ORDER), store()),
        (Intent.delivery_time, Retrieval(), store()),
        (Intent.thanks, Retrieval(), store()),
        (Intent.size_fit, Retrieval(order=ORDER), store(policy=CHARTS)),
        (Intent.size_fit, Retrieval(faq=[faq(0.4, {"size_chart": {"M": 92}})]), store()),
        (Intent.product_question, Retrieval(faq=[faq(0.72)]), store()),
    ],
)
def test_auto_send_when_every_condition_holds(intent, retrieval, st):
    decision = route(c=cls(intent=intent), r=retrieval, st=st)
    assert decision.route == RouteName.auto_send, decision.reasons
    assert decision.codes == ["routine"] and decision.reasons


def test_high_risk_escalates_with_its_flags():
    decision = route(c=cls(risk=Risk.high, flags=[Flag.legal_threat, Flag.chargeback_claim]))
    assert decision.route == RouteName.escalate
    assert decision.codes == ["high_risk", "flag_legal_threat", "flag_chargeback_claim"]


def test_high_risk_escalates_even_when_everything_else_would_auto_send():
    assert route(c=cls(risk=Risk.high)).route == RouteName.escalate


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"st": store(auto_reply=False)}, "auto_reply_off"),
        ({"c": cls(intent=Intent.cancel_order)}, "intent_not_routine"),
        ({"st": store(routine_intents=[Intent.thanks])}, "intent_not_routine"),
        ({"r": Retrieval(order=ORDER.model_copy(update={"tracking_number": None}))}, "no_tracking_facts"),
        ({"r": Retrieval()}, "no_tracking_facts"),
        ({"c": cls(intent=Intent.size_fit)}, "no_size_chart"),
        ({"c": cls(intent=Intent.product_question), "r": Retrieval(faq=[faq(0.31)])}, "no_faq_match"),
        ({"c": cls(intent=Intent.product_question), "r": Retrieval()}, "no_faq_match"),
        ({"c": cls(confidence=0.79)}, "low_confidence"),
        ({"c": cls(confidence=0.8)}, "low_confidence"),  # must be above the threshold, not equal
        ({"c": cls(injection=True)}, "injection"),
        (
            {
                "draft": Draft(
                    restatement="r",
                    solution="s",
                    commitment="c",
                    text=STATES,
                    language="en",
                    composer="template",
                    fallback_reason="llm timeout",
                )
            },
            "composer_fallback",
        ),
        (
            {
                "draft": Draft(
                    restatement="r",
                    solution="s",
                    commitment="c",
                    text="Your parcel is on its way.",
                    language="en",
                    composer="template",
                )
            },
            "missing_required_facts",
        ),
        (
            {
                "draft": Draft(
                    restatement="r", solution="s", commitment="c", text=STATES, language="en", composer="llm"
                )
            },
            "llm_not_opted_in",
        ),
    ],
)
def test_each_reason_sends_to_review(kwargs, code):
    decision = route(**kwargs)
    assert decision.route == RouteName.review
    assert decision.codes == [code], decision.reasons
    assert len(decision.reasons) == len(decision.codes)


def test_llm_draft_auto_sends_only_when_the_store_opts_in_and_every_fact_is_stated():
    llm = Draft(restatement="r", solution="s", commitment="c", text=STATES, language="en", composer="llm")
    assert route(draft=llm, st=store(llm_auto_send=True)).route == RouteName.auto_send
    assert route(draft=llm, st=store(llm_auto_send=False)).codes == ["llm_not_opted_in"]
    no_tracking = llm.model_copy(update={"text": "Your order 8123456789 is on its way."})
    assert route(draft=no_tracking, st=store(llm_auto_send=True)).codes == ["missing_required_facts"]
    # A question that is not about one order needs neither number.
    faq_hit = Retrieval(order=ORDER, faq=[faq(0.9)])
    general = llm.model_copy(update={"text": "It is machine washable at 30 degrees."})
    assert (
        route(
            c=cls(intent=Intent.product_question), r=faq_hit, draft=general, st=store(llm_auto_send=True)
        ).route
        == RouteName.auto_send
    )


def test_lint_block_names_the_rules_but_warnings_do_not_block():
    block = Violation(rule_id="all.no-email", severity=Severity.block, span=(0, 5), message="m")
    warn = Violation(rule_id="all.stock-phrase", severity=Severity.warn, span=(6, 9), message="m")
    decision = route(lint=LintResult.from_violations([block, warn]))
    assert decision.codes == ["lint_blocked"] and "all.no-email" in decision.reasons[0]
    assert "all.stock-phrase" not in decision.reasons[0]
    assert route(lint=LintResult.from_violations([warn])).route == RouteName.auto_send


def test_store_threshold_and_faq_threshold_are_the_stores():
    assert route(c=cls(confidence=0.65), st=store(auto_send_threshold=0.6)).route == RouteName.auto_send
    c = cls(intent=Intent.product_question)
    assert (
        route(c=c, r=Retrieval(faq=[faq(0.45)]), st=store(faq_match_threshold=0.4)).route
        == RouteName.auto_send
    )


def test_all_reasons_are_kept_together():
    decision = route(c=cls(confidence=0.2, injection=True), st=store(auto_reply=False))
    assert decision.codes == ["auto_reply_off", "low_confidence", "injection"]


def test_a_routine_message_that_also_asks_for_more_goes_to_review():
    """'Thanks, but the charger is missing': the thanks is routine, the missing part is not."""
    c = cls(intent=Intent.thanks, risk=Risk.medium)
    c.secondary_intents = [Intent.item_problem]
    decision = route(c=c, r=Retrieval())
    assert decision.route == RouteName.review
    assert {"secondary_not_routine", "risk_not_low"} <= set(decision.codes)
    assert any("item_problem" in r for r in decision.reasons)


def test_medium_risk_never_auto_sends_even_on_a_routine_intent():
    decision = route(c=cls(risk=Risk.medium))
    assert decision.route == RouteName.review and decision.codes == ["risk_not_low"]
