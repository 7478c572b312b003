"""Request schemas that more than one shell reads: the HTTP routes (/v1/classify, /v1/lint) and the CLI
(`drafter classify`, `drafter lint`) validate the same input with the same models, so a line the CLI
accepts is a body the API accepts. Schemas only the API uses live in drafter.api.schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from drafter.models import MessageText, Platform, ThreadMessage


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: MessageText


class ClassifyRequest(_Text):
    platform: Platform
    buyer_locale: str | None = Field(None, max_length=35)
    thread: list[ThreadMessage] = Field(default_factory=list, max_length=50)


class LintRequest(_Text):
    platform: Platform
    language: str | None = Field(None, description="The buyer's language, when known (ISO 639-1).")
    order_id: str | None = Field(
        None, description="Lets order and tracking numbers be told from phone numbers."
    )
