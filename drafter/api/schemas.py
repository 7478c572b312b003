"""Request and response bodies only the HTTP API uses (shared with the CLI: drafter.schemas). Kept apart
from the routes so a route module holds handlers only and the OpenAPI names stay stable."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from drafter.drafts.views import DraftSummary
from drafter.models import BuyerMessage, LintResult, Platform
from drafter.notices import SystemNotice
from drafter.notices.watch import MailboxWarning


# The one error shape of every 4xx/5xx answer (see drafter.api.errors), named in the OpenAPI document.
class ApiError(BaseModel):
    code: str
    message: str
    details: Any = None


# ---------------------------------------------------------------- /v1/drafts


class DraftEdit(BaseModel):
    restatement: str | None = Field(None, min_length=1, max_length=4000)
    solution: str | None = Field(None, min_length=1, max_length=4000)
    commitment: str | None = Field(None, min_length=1, max_length=4000)

    def parts(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Rejection(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class DraftList(BaseModel):
    items: list[DraftSummary]
    limit: int
    offset: int


# ---------------------------------------------------------------- /v1/batches


class BatchRequest(BaseModel):
    messages: list[BuyerMessage] = Field(min_length=1, description="Buyer messages, all of the key's store.")


class BatchAccepted(BaseModel):
    batch_id: str
    total: int
    tasks: int


# ---------------------------------------------------------------- /v1/notices


class NoticeList(BaseModel):
    notices: list[SystemNotice]
    mailbox_warnings: list[MailboxWarning]


# ---------------------------------------------------------------- /v1/review


class Me(BaseModel):
    store_id: str
    name: str
    timezone: str
    reviewer_language: str = Field(
        description="The language the store's reviewers read; drafts are shown in it too."
    )
    reviewer_languages: list[str] = Field(description="Reviewer languages Drafter can show drafts in.")
    delivery: str = Field(
        description="webhook: approved replies are delivered to the store's webhook; "
        "by_hand: the team sends them itself and marks them as sent."
    )
    platforms: list[str]
    intents: list[str]
    risks: list[str]
    languages: list[str]
    statuses: list[str]


class PartsIn(BaseModel):
    restatement: str = Field(max_length=4000)
    solution: str = Field(max_length=4000)
    commitment: str = Field(max_length=4000)


class LintPreview(BaseModel):
    text: str = Field(description="The joined reply the spans refer to.")
    lint: LintResult


# ---------------------------------------------------------------- /v1/autoreply


class KitApprovalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    platform: Platform = Platform.aliexpress
    language: str = Field(pattern=r"^[a-z]{2}$")
    kind: Literal["welcome", "off_hours", "keyword"]
    topic: str | None = Field(
        None, max_length=40, description="for keyword answers: logistics, returns, sizes"
    )
    text_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="The text_hash of the text as shown.")
    reviewer: str | None = Field(
        None, min_length=1, max_length=100, description="Who approves; default: the API key's store."
    )
