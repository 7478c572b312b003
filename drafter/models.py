"""Pydantic models shared by the pipeline stages: the contract between them.

Field names here are part of the public API (agents' tools depend on them): add, never rename.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from drafter.textcheck import check_date_range, reject_forbidden

SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "en",
    "es",
    "ru",
    "fr",
    "pt",
    "de",
    "it",
    "pl",
    "nl",
    "tr",
    "ar",
    "ja",
    "ko",
    "zh",
)


class Platform(StrEnum):
    aliexpress = "aliexpress"
    amazon = "amazon"
    ebay = "ebay"
    shopify = "shopify"


class Intent(StrEnum):
    shipping_status = "shipping_status"
    delivery_time = "delivery_time"
    address_change = "address_change"
    cancel_order = "cancel_order"
    return_request = "return_request"
    refund_request = "refund_request"
    item_problem = "item_problem"
    size_fit = "size_fit"
    product_question = "product_question"
    payment_invoice = "payment_invoice"
    price_discount = "price_discount"
    thanks = "thanks"
    other = "other"


class Flag(StrEnum):
    legal_threat = "legal_threat"
    chargeback_claim = "chargeback_claim"
    negative_review_threat = "negative_review_threat"
    safety_issue = "safety_issue"
    abusive = "abusive"
    counterfeit = "counterfeit"


class Risk(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class RouteName(StrEnum):
    auto_send = "auto_send"
    review = "review"
    escalate = "escalate"


class DraftStatus(StrEnum):
    pending_review = "pending_review"
    escalated = "escalated"
    approved = "approved"
    rejected = "rejected"
    sent = "sent"


class Severity(StrEnum):
    block = "block"
    warn = "warn"


# ---------------------------------------------------------------- input


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("text is empty or only whitespace")
    return value


MAX_TEXT_CHARS = 10_000
MessageText = Annotated[str, Field(max_length=MAX_TEXT_CHARS), AfterValidator(_not_blank)]
"""A buyer message or a reply: not blank, at most 10,000 characters."""
MessageTime = Annotated[AwareDatetime, AfterValidator(check_date_range)]
"""A time with its zone, between 1970 and 2099 (deadline arithmetic must not overflow)."""
OrderDate = Annotated[date, AfterValidator(check_date_range)]
EventTime = Annotated[datetime, AfterValidator(check_date_range)]


class CleanInput(BaseModel):
    """Input from outside: no NUL or other control characters anywhere in it (see drafter.textcheck)."""

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        return reject_forbidden(data)


_AUTHOR_ALIASES = {
    "customer": "buyer",
    "user": "buyer",
    "agent": "seller",
    "store": "seller",
    "assistant": "seller",
}


class ThreadMessage(BaseModel):
    author: Literal["buyer", "seller"] = "buyer"
    text: str = Field(max_length=10_000)
    sent_at: MessageTime | None = None

    @model_validator(mode="before")
    @classmethod
    def _author_from_role(cls, data: Any) -> Any:
        """Helpdesks name the author `role` or `from` (agent, customer...): read it, never default a seller's
        message to the buyer."""
        if isinstance(data, dict) and "author" not in data:
            for key in ("role", "from"):
                if isinstance(data.get(key), str):
                    value = data[key].strip().lower()
                    data = {
                        **{k: v for k, v in data.items() if k != key},
                        "author": _AUTHOR_ALIASES.get(value, value),
                    }
                    break
        return data


class BuyerMessage(CleanInput):
    """One buyer message as an agent, ERP or helpdesk sends it."""

    model_config = ConfigDict(extra="forbid")

    platform: Platform
    store_id: str = Field(min_length=1, max_length=100)
    text: MessageText
    order_id: str | None = Field(None, max_length=64)
    buyer_locale: str | None = Field(None, max_length=35, description="e.g. de-DE, pt_BR, es")
    received_at: MessageTime | None = Field(
        None, description="When the buyer sent it (1970-2099, with its time zone); default: now."
    )
    message_id: str | None = Field(None, max_length=200, description="Idempotency key within the store.")
    thread: list[ThreadMessage] = Field(default_factory=list, max_length=50)


# ---------------------------------------------------------------- stages


class LanguageResult(BaseModel):
    language: str
    confidence: float
    method: str = Field(description="script | locale | langdetect | default | transliteration")
    transliterated: bool = Field(
        False,
        description="The buyer wrote a Cyrillic-script language in Latin letters "
        "('privet, gde moi zakaz'); the reply is in the language itself.",
    )


class Classification(BaseModel):
    language: str
    intent: Intent
    secondary_intents: list[Intent] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    risk: Risk
    flags: list[Flag] = Field(default_factory=list)
    injection: bool = Field(False, description="The message carries prompt-injection text.")
    transliterated: bool = Field(
        False,
        description="The message was written in Latin letters for a Cyrillic-script "
        "language and read in that language's own script.",
    )
    flag_evidence: dict[str, list[str]] = Field(default_factory=dict, description="flag -> matched phrases")
    scores: dict[str, float] = Field(default_factory=dict, description="intent -> probability")


class SlaResult(BaseModel):
    deadline: AwareDatetime
    escalation_deadline: AwareDatetime | None = None
    basis: list[str] = Field(default_factory=list, description="Which rules set the deadline.")


class TrackingEvent(BaseModel):
    at: EventTime
    location: str | None = None
    description: str


class OrderItem(BaseModel):
    model_config = ConfigDict(allow_inf_nan=False)

    sku: str
    title: str
    quantity: int = 1
    price: float | None = None
    size: str | None = None
    product_id: str | None = None


class OrderStatus(StrEnum):
    unpaid = "unpaid"
    processing = "processing"
    shipped = "shipped"
    in_transit = "in_transit"
    in_customs = "in_customs"
    out_for_delivery = "out_for_delivery"
    delivered = "delivered"
    returned = "returned"
    cancelled = "cancelled"


class Order(CleanInput):
    model_config = ConfigDict(allow_inf_nan=False)

    order_id: str
    store_id: str
    platform: Platform
    status: OrderStatus
    items: list[OrderItem] = Field(default_factory=list)
    currency: str | None = None
    total: float | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    ordered_at: OrderDate | None = None
    shipped_at: OrderDate | None = None
    estimated_delivery: OrderDate | None = None
    delivered_at: OrderDate | None = None
    destination_country: str | None = None
    buyer_name: str | None = None
    tracking_events: list[TrackingEvent] = Field(default_factory=list)


class FaqEntry(CleanInput):
    id: str
    platform: str = Field(description="a platform name or '*' for all")
    language: str
    topic: str
    question: str
    answer: str
    store_id: str | None = Field(None, description="None: applies to every store")
    facts: dict[str, Any] = Field(default_factory=dict)


class FaqHit(BaseModel):
    id: str
    topic: str
    language: str
    question: str
    answer: str
    facts: dict[str, Any] = Field(default_factory=dict)
    score: float


class Retrieval(BaseModel):
    order: Order | None = None
    order_lookup: Literal["found", "not_found", "not_given"] = "not_given"
    order_id_source: Literal["request", "text", "thread", "none"] = "none"
    faq: list[FaqHit] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Draft(BaseModel):
    restatement: str
    solution: str
    commitment: str
    text: str
    language: str
    composer: str = Field(description="template | llm")
    template_id: str | None = Field(None, description="template or prompt id")
    template_version: str | None = None
    situation: str | None = None
    fallback_reason: str | None = None
    usage: dict[str, Any] = Field(default_factory=dict, description="LLM tokens and cost, when any")

    @staticmethod
    def join(restatement: str, solution: str, commitment: str) -> str:
        """The joined text is always built by Drafter from the three parts."""
        return "\n\n".join(p.strip() for p in (restatement, solution, commitment) if p and p.strip())


class Violation(BaseModel):
    rule_id: str
    severity: Severity
    span: tuple[int, int] = Field(description="[start, end) character offsets in the linted text")
    message: str
    excerpt: str = ""
    source: str = ""
    suggestion: str | None = Field(None, description="A safe replacement text for the span, when one exists.")


class LintResult(BaseModel):
    ok: bool
    violations: list[Violation] = Field(default_factory=list)

    @classmethod
    def from_violations(cls, violations: list[Violation]) -> LintResult:
        ordered = sorted(violations, key=lambda v: (v.span[0], v.span[1], v.rule_id))
        return cls(ok=not any(v.severity == Severity.block for v in ordered), violations=ordered)


class RouteDecision(BaseModel):
    route: RouteName
    reasons: list[str] = Field(default_factory=list)
    codes: list[str] = Field(
        default_factory=list, description="Machine-readable reason codes, one per reason."
    )


# ---------------------------------------------------------------- store settings


class StoreProfile(BaseModel):
    """What a store configures; platform defaults fill what it leaves out (see knowledge/stores)."""

    store_id: str
    name: str = ""
    timezone: str = "UTC"
    auto_reply: bool = False
    auto_send_threshold: float = 0.8
    routine_intents: list[Intent] = Field(
        default_factory=lambda: [
            Intent.shipping_status,
            Intent.delivery_time,
            Intent.size_fit,
            Intent.product_question,
            Intent.thanks,
        ]
    )
    sla_hours: dict[str, float] = Field(
        default_factory=dict, description="platform -> first-reply hours override"
    )
    holidays: list[date] = Field(
        default_factory=list,
        description="Days off. AliExpress: Beijing dates on which its off-hours rule applies; a business "
        "clock (sla_clock): the store's own days off, in its time zone.",
    )
    extra_workdays: list[date] = Field(
        default_factory=list,
        description="Weekend dates that are workdays (e.g. China's make-up workdays).",
    )
    sla_clock: dict[str, Literal["calendar", "business"]] = Field(
        default_factory=dict,
        description="eBay/Shopify: 'business' counts sla_hours only inside the store's business hours "
        "(its time zone, weekends and holidays off); default 'calendar' counts every hour.",
    )
    faq_match_threshold: float = Field(
        0.5, description="FAQ score from which a product question counts as answered."
    )
    webhook_url: str | None = Field(None, description="https URL the outbox posts approved replies to.")
    webhook_secret: str | None = Field(
        None, description="HMAC key of the webhook signatures, at least 32 bytes."
    )
    webhook_allow_http_hosts: list[str] = Field(
        default_factory=list,
        description="Webhook hosts that may be called over plain http (development only).",
    )
    webhook_allow_private_hosts: list[str] = Field(
        default_factory=list,
        description="Webhook hosts that may resolve to loopback, link-local or private "
        "addresses (a development receiver, or one on the seller's own network).",
    )
    outbox_max_attempts: int | None = Field(
        None,
        ge=1,
        description="Delivery attempts before dead-letter; default: the outbox_max_attempts setting.",
    )
    # Alerts to the team (drafter/notify): deadlines near, chats read but unanswered, system notices.
    notify_webhook_url: str | None = Field(
        None,
        description="https URL alerts are posted to (signed with webhook_secret, checked like webhook_url).",
    )
    notify_email: str | None = Field(None, description="Address alerts are mailed to (DRAFTER_SMTP_*).")
    alert_lead_minutes: int = Field(
        30, ge=1, le=1440, description="Alert this many minutes before a draft's reply deadline."
    )
    policy: dict[str, Any] = Field(default_factory=dict, description="structured store policy facts")
    banned_terms: list[str] = Field(
        default_factory=list, description="store-specific words a reply must not contain"
    )
    reviewer_language: str = Field(
        "en",
        description="The language the store's reviewers read (ISO 639-1, e.g. zh); "
        "each draft is shown to them in it beside the buyer's.",
    )
    assignment: Literal["off", "round_robin", "least_loaded"] = Field(
        "off",
        description="Hand each new draft in review to someone on shift (drafter shifts): in turn, or to "
        "whoever has the fewest open drafts; off: people take drafts or a lead assigns them.",
    )
    tone: str | None = Field(
        None, description="how the store sounds, for the LLM composer (e.g. 'warm, informal')"
    )
    llm_auto_send: bool = Field(
        False,
        description="LLM-written drafts may auto-send (routine, every check passed); "
        "off: they always go to review",
    )
    acknowledge_off_hours: bool = Field(
        False,
        description="A message that needs a person and arrives outside working hours gets an immediate "
        "acknowledgement naming the order and when a person will answer (drafter/acknowledge).",
    )
    acknowledge_high_risk: bool = Field(
        False, description="Acknowledge high-risk messages too (claims, legal threats); off: never."
    )
    acknowledge_queue_over: int | None = Field(
        None,
        ge=0,
        description="Also acknowledge at once while more than this many drafts wait for a person.",
    )


# ---------------------------------------------------------------- results


class FactSheet(BaseModel):
    """The facts stage's output: what a reply to one message may state, rendered for the buyer.

    `values` (order, policy, product, FAQ answer, the team's next check: strings in the buyer's
    language) is what the composers write from and what grounding accepts; it is kept in the run
    record. `state` is what the situation choice reads (order status, lateness, buyer's details):
    in memory only, never serialised.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    language: str
    values: dict[str, str] = Field(default_factory=dict)
    state: dict[str, Any] = Field(default_factory=dict, exclude=True, repr=False)

    def as_dict(self) -> dict[str, str]:
        return dict(self.values)


class StageTiming(BaseModel):
    stage: str
    ms: float


class PipelineResult(BaseModel):
    """Everything one pipeline run produced; the API answer and the run record are built from it."""

    message: BuyerMessage
    received_at: AwareDatetime
    classification: Classification
    language: LanguageResult
    sla: SlaResult
    retrieval: Retrieval
    draft: Draft
    lint: LintResult
    route: RouteDecision
    # The sheet the draft was written from: preview and approval check edits against it (None in
    # run records written before the facts stage).
    facts: FactSheet | None = None
    timings: list[StageTiming] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- store policy (typed view of StoreProfile.policy)


class SizeChart(BaseModel):
    """Measurements per size for one product (keyed by SKU in StorePolicy.size_charts)."""

    unit: str = "cm"
    sizes: dict[str, dict[str, float]] = Field(description="size label -> measure name -> value")


class BusinessHours(BaseModel):
    days: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4], description="0 = Monday")
    open: str = "09:00"
    close: str = "18:00"


class Commitments(BaseModel):
    """Times the support team can actually keep; replies promise nothing else."""

    recheck_time: str = Field(
        "17:00", description="tracking and open cases re-checked daily before this local time"
    )
    reply_within_hours: int = 24
    carrier_inquiry_business_days: int = 2
    invoice_business_days: int = 1


class StorePolicy(BaseModel):
    """Structured policy facts for one store on one platform (defaults < platform < store)."""

    model_config = ConfigDict(extra="allow")

    return_window_days: int = 30
    return_shipping_paid_by: Literal["seller", "buyer"] = "seller"
    refund_days: int = 5
    exchange_allowed: bool = True
    handling_days: int = 2
    warranty_months: int = 12
    buyer_protection_days: int | None = Field(
        None, description="AliExpress purchase protection, days from shipment"
    )
    customs_days: tuple[int, int] = (2, 7)
    transit_days: dict[str, dict[str, tuple[int, int]]] = Field(
        default_factory=dict, description="carrier -> destination country (or 'default') -> (min, max) days"
    )
    size_charts: dict[str, SizeChart] = Field(default_factory=dict, description="SKU -> size chart")
    business_hours: BusinessHours = Field(default_factory=BusinessHours)
    commitments: Commitments = Field(default_factory=Commitments)
