"""Whether a new draft's buyer gets an acknowledgement now, and its text (no database here).

An acknowledgement goes out only when the store turned it on, the message needs a person (routed to
review or escalation), and either nobody is at work (timing.off_hours_reason) or the store's open queue
is longer than it allows. A high-risk message gets one only when the store chose that too: a claim or
a legal threat may need its first words from a person. The text is linted with the platform's rule
packs like every reply; one that does not pass is never sent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pydantic import AwareDatetime, BaseModel, Field

from drafter.acknowledge.texts import Reason, languages, render
from drafter.acknowledge.timing import buyer_zone, off_hours_reason, platform_limit, promise
from drafter.lint import CheckContext, check_reply
from drafter.models import LintResult, Order, PipelineResult, Platform, Risk, RouteName, StoreProfile

NEEDS_PERSON = (RouteName.review, RouteName.escalate)


class Acknowledgement(BaseModel):
    reason: Reason
    why: str = Field(description="What made it due: the off-hours rule that applied, or the queue length.")
    language: str
    text: str
    promised_by: AwareDatetime = Field(description="When a person will answer, in the buyer's time zone.")
    buyer_zone: str
    lint: LintResult


class Decision(BaseModel):
    send: bool
    why: str
    acknowledgement: Acknowledgement | None = None


def wanted(store: StoreProfile) -> bool:
    return store.acknowledge_off_hours or store.acknowledge_queue_over is not None


def lint_acknowledgement(
    text: str,
    *,
    platform: Platform,
    language: str,
    order: Order | None,
    store: StoreProfile,
    knowledge_dir: Path,
) -> LintResult:
    """The one check every reply passes (drafter.lint.check_reply), on free text: the rule packs."""
    context = CheckContext(
        platform=platform, knowledge_dir=knowledge_dir, store=store, buyer_language=language, order=order
    )
    return check_reply(text, None, context)


def decide(
    *,
    store: StoreProfile,
    result: PipelineResult,
    open_drafts: int | None,
    knowledge_dir: Path,
    now: datetime | None = None,
) -> Decision | None:
    """None when no acknowledgement is due at all; otherwise whether it is sent, and why (for the audit)."""
    if result.route.route not in NEEDS_PERSON or not wanted(store):
        return None
    message = result.message
    off_hours = off_hours_reason(store, message.platform, result.received_at, knowledge_dir=knowledge_dir)
    reason: Reason
    if store.acknowledge_off_hours and off_hours:
        reason, why = "off_hours", off_hours
    elif store.acknowledge_queue_over is not None and (open_drafts or 0) > store.acknowledge_queue_over:
        reason, why = "queue", f"{open_drafts} open drafts, over the store's {store.acknowledge_queue_over}"
    else:
        return None
    if result.classification.risk == Risk.high and not store.acknowledge_high_risk:
        return Decision(send=False, why=f"{why}; high risk: the store sends no acknowledgement for it")
    language = result.language.language
    if language not in languages(knowledge_dir):
        return Decision(send=False, why=f"{why}; no acknowledgement texts in {language}")
    order = result.retrieval.order
    order_id = order.order_id if order else message.order_id
    zone = buyer_zone(
        destination=order.destination_country if order else None,
        locale=message.buyer_locale,
        language=language,
    )
    promised, now_local = promise(
        received_at=result.received_at,
        deadline=result.sla.deadline,
        limit=platform_limit(knowledge_dir, message.platform, off_hours=off_hours is not None),
        zone=zone,
        now=now or datetime.now(UTC),
    )
    if promised <= now_local:  # a message brought in late: promising a time already past helps nobody
        return Decision(send=False, why=f"{why}; the time to promise ({promised.isoformat()}) has passed")
    text = render(
        knowledge_dir=knowledge_dir,
        language=language,
        reason=reason,
        order_id=order_id,
        promised_local=promised,
        now_local=now_local,
    )
    lint = lint_acknowledgement(
        text,
        platform=message.platform,
        language=language,
        order=order,
        store=store,
        knowledge_dir=knowledge_dir,
    )
    ack = Acknowledgement(
        reason=reason, why=why, language=language, text=text, promised_by=promised, buyer_zone=zone, lint=lint
    )
    if not lint.ok:
        blocked = sorted({v.rule_id for v in lint.violations if v.severity.value == "block"})
        return Decision(send=False, why=f"{why}; blocked by {', '.join(blocked)}", acknowledgement=ack)
    return Decision(send=True, why=why, acknowledgement=ack)
