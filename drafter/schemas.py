"""Request schemas that more than one shell reads: the HTTP routes (/v1/classify, /v1/lint) and the CLI
(`drafter classify`, `drafter lint`) validate the same input with the same models, so a line the CLI
accepts is a body the API accepts. Schemas only the API uses live in drafter.api.schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from drafter.models import Draft, MessageText, Platform, ThreadMessage


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: MessageText


class ClassifyRequest(_Text):
    platform: Platform
    buyer_locale: str | None = Field(None, max_length=35)
    thread: list[ThreadMessage] = Field(default_factory=list, max_length=50)


class ReplyParts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    restatement: str = Field(max_length=4000)
    solution: str = Field(max_length=4000)
    commitment: str = Field(max_length=4000)


def _joined(parts: ReplyParts) -> str:
    return Draft.join(parts.restatement, parts.solution, parts.commitment)


class LintRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: MessageText | None = Field(None, description="The reply; optional when `parts` are given.")
    parts: ReplyParts | None = Field(
        None, description="The reply as its three parts (the text is their join): the part rules apply too."
    )
    platform: Platform
    language: str | None = Field(None, description="The buyer's language, when known (ISO 639-1).")
    order_id: str | None = Field(
        None, description="Lets order and tracking numbers be told from phone numbers."
    )
    draft_id: str | None = Field(
        None,
        description="Check the reply as an edit of this draft: against the facts it was written from, "
        "exactly as approving it would (platform, language and order come from the draft).",
    )

    @model_validator(mode="after")
    def _text_or_parts(self) -> LintRequest:
        if self.parts is None and self.text is None:
            raise ValueError("send the reply as `text` or as `parts`")
        if self.parts is not None and self.text is not None and self.text != _joined(self.parts):
            raise ValueError("`text` must be the join of `parts` (or leave it out)")
        return self

    def reply(self) -> Draft | str:
        """The reply to check: a draft when its parts are known, else the free text."""
        if self.parts is None:
            assert self.text is not None
            return self.text
        p = self.parts
        return Draft(
            restatement=p.restatement,
            solution=p.solution,
            commitment=p.commitment,
            text=_joined(p),
            language=self.language or "",
            composer="human",
        )
