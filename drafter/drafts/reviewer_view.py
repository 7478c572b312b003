"""What the API returns under a draft's `for_reviewer` (public names: add fields, never rename). Filled
in by drafter.review; defined here beside the draft's other views, so drafts never imports review."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class GlossDetail(BaseModel):
    kind: Literal["order_number", "amount", "number", "date"]
    label: str = Field(description="The kind, in the reviewer's language.")
    value: str = Field(description="As the buyer wrote it.")


class GlossFlag(BaseModel):
    flag: str
    label: str = Field(description="The flag, in the reviewer's language.")
    evidence: list[str] = Field(
        default_factory=list, description="The buyer's words that raised it, verbatim."
    )


class ReviewerMessage(BaseModel):
    """The buyer's message for the reviewer: a gloss (no LLM) or a machine translation."""

    text: str = Field(description="Readable text in the reviewer's language.")
    asks: list[str] = Field(default_factory=list, description="What the buyer asks, main request first.")
    details: list[GlossDetail] = Field(default_factory=list)
    flags: list[GlossFlag] = Field(default_factory=list)
    order_id: str | None = None
    product: str | None = None


class ReviewerDraft(BaseModel):
    restatement: str = ""
    solution: str = ""
    commitment: str = ""
    text: str
    situation: str | None = None
    template_id: str | None = None


class Disagreement(BaseModel):
    """A number or date stated in one version of the reply and not in the other."""

    kind: Literal["fact", "number"]
    fact: str | None = Field(None, description="The fact's name when it is one of the composer's facts.")
    buyer_text: str | None = Field(None, description="As written in the buyer-language reply.")
    buyer_span: tuple[int, int] | None = None
    reviewer_text: str | None = Field(None, description="As written in the reviewer-language reply.")
    reviewer_span: tuple[int, int] | None = None


class ForReviewer(BaseModel):
    language: str = Field(description="The reviewer's language (ISO 639-1).")
    method: Literal["template_and_gloss", "machine_translation"] = Field(
        description="template_and_gloss: the reply rendered by the template composer from the same situation and "
        "facts, and a structured gloss of the message (exact, no LLM); machine_translation: both "
        "translated by the configured LLM."
    )
    message: ReviewerMessage
    draft: ReviewerDraft
    disagreements: list[Disagreement] = Field(
        default_factory=list, description="Numbers and dates the two versions of the reply do not share."
    )
    notes: list[str] = Field(default_factory=list, description="Caveats, in the reviewer's language.")
    machine_translated: bool = False
