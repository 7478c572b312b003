"""Stage: decide auto_send | review | escalate, with the reasons stored beside the decision."""

from __future__ import annotations

from drafter.models import (
    Classification, Draft, Intent, LintResult, Retrieval, Risk, RouteDecision, RouteName, StoreProfile,
)


def _routine_facts_ok(intent: Intent, retrieval: Retrieval) -> tuple[bool, str]:
    """A routine intent auto-sends only when the facts that answer it are really there."""
    if intent == Intent.shipping_status:
        ok = bool(retrieval.order and retrieval.order.tracking_number)
        return ok, "tracking facts present" if ok else "no tracking facts for the order"
    if intent == Intent.size_fit:
        ok = any("size_chart" in hit.facts for hit in retrieval.faq)
        return ok, "size chart found" if ok else "no size chart"
    if intent == Intent.product_question:
        ok = any(hit.score >= 0.5 for hit in retrieval.faq)
        return ok, "matching FAQ entry" if ok else "no matching FAQ entry"
    return True, "routine intent"


def decide_route(
    *,
    classification: Classification,
    retrieval: Retrieval,
    lint: LintResult,
    store: StoreProfile,
    draft: Draft | None = None,
) -> RouteDecision:
    if classification.risk == Risk.high:
        reasons = ["high risk"] + [f"flag: {f.value}" for f in classification.flags]
        return RouteDecision(route=RouteName.escalate, reasons=reasons)
    blockers: list[str] = []
    if not store.auto_reply:
        blockers.append("auto-reply is off for this store")
    if classification.intent not in store.routine_intents:
        blockers.append(f"intent {classification.intent.value} is not routine for this store")
    else:
        ok, why = _routine_facts_ok(classification.intent, retrieval)
        if not ok:
            blockers.append(why)
    if classification.confidence < store.auto_send_threshold:
        blockers.append(f"confidence {classification.confidence:.2f} below threshold {store.auto_send_threshold:.2f}")
    if not lint.ok:
        blockers.append("lint blocked: " + ", ".join(sorted({v.rule_id for v in lint.violations if v.severity == "block"})))
    if classification.injection:
        blockers.append("message carries injection text")
    if draft is not None and draft.fallback_reason:
        blockers.append(f"composer fell back: {draft.fallback_reason}")
    if blockers:
        return RouteDecision(route=RouteName.review, reasons=blockers)
    return RouteDecision(route=RouteName.auto_send, reasons=["routine, confident, lint clean, auto-reply on"])
