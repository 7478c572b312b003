"""What the API and CLI return for a draft. These names are public: add fields, never rename."""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from drafter.acknowledge.view import AcknowledgementView
from drafter.drafts.reviewer_view import ForReviewer
from drafter.models import FaqHit, Flag, Intent, LintResult, Order, Platform, Risk, RouteName, ThreadMessage
from drafter.team.models import LockInfo, Person


class DraftParts(BaseModel):
    restatement: str
    solution: str
    commitment: str
    text: str
    composer: str | None = None
    template_id: str | None = None
    template_version: str | None = None
    fallback_reason: str | None = Field(
        None, description="Why the LLM composer fell back to the template, if it did."
    )
    usage: dict[str, Any] = Field(
        default_factory=dict, description="LLM tokens and cost (USD) for this draft, when any."
    )


class DraftView(BaseModel):
    draft_id: str
    message_id: str | None
    store_id: str
    platform: Platform
    status: str
    language: str
    intent: Intent
    secondary_intents: list[Intent] = Field(default_factory=list)
    confidence: float
    risk: Risk
    flags: list[Flag] = Field(default_factory=list)
    injection: bool = False
    received_at: AwareDatetime
    sla_deadline: AwareDatetime
    escalation_deadline: AwareDatetime | None = None
    order: Order | None = Field(None, description="The order facts retrieved from the order store.")
    faq: list[FaqHit] = Field(default_factory=list, description="The FAQ entries retrieved, with ids.")
    draft: DraftParts
    lint: LintResult
    route: RouteName
    route_reasons: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    reject_reason: str | None = None
    created_at: AwareDatetime
    message_text: str = Field("", description="The buyer's message this draft answers.")
    thread: list[ThreadMessage] = Field(
        default_factory=list, description="Earlier messages of the conversation."
    )
    route_codes: list[str] = Field(
        default_factory=list, description="Machine-readable codes of route_reasons."
    )
    decided_at: AwareDatetime | None = None
    sent_at: AwareDatetime | None = None
    for_reviewer: ForReviewer | None = Field(
        None,
        description="The message and the reply in the reviewer's language (the store's reviewer_language, "
        "or the reviewer_language query parameter), with the numbers and dates the two replies "
        "do not share.",
    )
    assignee: Person | None = Field(None, description="Who works on this draft (assigned or taken).")
    lock: LockInfo | None = Field(
        None, description="Who has the draft open now; others' approve, edit and reject get 409 draft_locked."
    )
    acknowledgement: AcknowledgementView | None = Field(
        None,
        description="The acknowledgement sent to the buyer at once (off hours or a long queue), when the "
        "store turned them on: its text, the time it promised, when it went out.",
    )


class DraftSummary(BaseModel):
    """One row of the review queue."""

    draft_id: str
    message_id: str | None
    platform: Platform
    status: str
    route: RouteName
    risk: Risk
    intent: Intent
    language: str
    confidence: float
    order_id: str | None
    received_at: AwareDatetime
    sla_deadline: AwareDatetime
    excerpt: str
    assignee: Person | None = Field(None, description="Who works on this draft (assigned or taken).")
    lock: LockInfo | None = Field(
        None, description="Who has the draft open now; others' approve, edit and reject get 409 draft_locked."
    )


class AuditEntry(BaseModel):
    at: AwareDatetime
    actor: str
    actor_name: str | None = Field(None, description="The person's name, when the actor is user:<id>.")
    action: str
    details: dict[str, Any] = Field(default_factory=dict)
