"""Stage: decide auto_send | review | escalate, with the reasons stored beside the decision.

escalate: any high risk. auto_send: only when every condition holds (auto-reply on, routine intent
with the facts that answer it, confident, lint clean (rules, claims, reply language, grounding), no
injection, composer did not fall back, the reply states the facts its situation requires; an
LLM-written draft also needs the store's opt-in, llm_auto_send).
Anything else: review. Each reason comes with a stable code so the queue and the tests can rely on it.
"""

from __future__ import annotations

from drafter.knowledge import effective_policy
from drafter.lint.required import missing_facts
from drafter.models import (
    Classification,
    Draft,
    Intent,
    LintResult,
    Retrieval,
    Risk,
    RouteDecision,
    RouteName,
    Severity,
    StoreProfile,
)


def _has_size_chart(retrieval: Retrieval, store: StoreProfile) -> bool:
    """A chart for an ordered SKU in the store's policy, or an FAQ entry that carries one."""
    order = retrieval.order
    if order is not None:
        charts = effective_policy(store, order.platform).size_charts
        if any(item.sku in charts for item in order.items):
            return True
    return any("size_chart" in hit.facts for hit in retrieval.faq)


def _routine_facts(intent: Intent, retrieval: Retrieval, store: StoreProfile) -> tuple[str, str] | None:
    """A routine intent auto-sends only when the facts that answer it are really there.

    Returns (code, reason) of what is missing, or None when the facts are present.
    """
    if intent == Intent.shipping_status:
        if not (retrieval.order and retrieval.order.tracking_number):
            return "no_tracking_facts", "no tracking facts for the order"
    elif intent == Intent.size_fit:
        if not _has_size_chart(retrieval, store):
            return "no_size_chart", "no size chart for the product"
    elif intent == Intent.product_question:
        best = max((hit.score for hit in retrieval.faq), default=0.0)
        if best < store.faq_match_threshold:
            return (
                "no_faq_match",
                f"no matching FAQ entry (best score {best:.2f} < {store.faq_match_threshold:.2f})",
            )
    return None


def decide_route(
    *,
    classification: Classification,
    retrieval: Retrieval,
    lint: LintResult,
    store: StoreProfile,
    draft: Draft | None = None,
) -> RouteDecision:
    if classification.risk == Risk.high:
        codes = ["high_risk"] + [f"flag_{f.value}" for f in classification.flags]
        reasons = ["high risk"] + [f"flag: {f.value}" for f in classification.flags]
        return RouteDecision(route=RouteName.escalate, reasons=reasons, codes=codes)
    found: list[tuple[str, str]] = []
    if not store.auto_reply:
        found.append(("auto_reply_off", "auto-reply is off for this store"))
    if classification.intent not in store.routine_intents:
        found.append(
            ("intent_not_routine", f"intent {classification.intent.value} is not routine for this store")
        )
    else:
        routine_gap = _routine_facts(classification.intent, retrieval, store)
        if routine_gap:
            found.append(routine_gap)
    # A routine message that also asks for something else (a missing part, a return) needs a person.
    extra = [i.value for i in classification.secondary_intents if i not in store.routine_intents]
    if extra:
        found.append(
            ("secondary_not_routine", "also asks about " + ", ".join(extra) + ", which is not routine")
        )
    if classification.risk != Risk.low:
        found.append(("risk_not_low", f"risk {classification.risk.value}: a person should answer"))
    if classification.confidence <= store.auto_send_threshold:
        found.append(
            (
                "low_confidence",
                f"confidence {classification.confidence:.2f} not above threshold "
                f"{store.auto_send_threshold:.2f}",
            )
        )
    if not lint.ok:
        rules = sorted({v.rule_id for v in lint.violations if v.severity == Severity.block})
        found.append(("lint_blocked", "lint blocked: " + ", ".join(rules)))
    if classification.injection:
        found.append(("injection", "message carries injection text"))
    if draft is not None and draft.fallback_reason:
        found.append(("composer_fallback", f"composer fell back: {draft.fallback_reason}"))
    if draft is not None:
        missing = missing_facts(draft.text, classification.intent, retrieval.order)
        if missing:
            found.append(("missing_required_facts", "the reply does not state " + ", ".join(missing)))
        if draft.composer == "llm" and not draft.fallback_reason and not store.llm_auto_send:
            found.append(("llm_not_opted_in", "LLM-written drafts auto-send only when the store opts in"))
    if found:
        return RouteDecision(
            route=RouteName.review, codes=[c for c, _ in found], reasons=[r for _, r in found]
        )
    return RouteDecision(
        route=RouteName.auto_send,
        codes=["routine"],
        reasons=[
            f"routine {classification.intent.value}, confidence "
            f"{classification.confidence:.2f}, lint clean, auto-reply on"
        ],
    )
