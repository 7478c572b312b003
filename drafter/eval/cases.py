"""Evaluation cases: one JSON object per line in eval/cases/*.jsonl (schema in docs/eval.md)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from drafter.config import REPO_ROOT
from drafter.models import BuyerMessage, Flag, Intent, Order, Risk, RouteName

DEFAULT_CASES_DIR = REPO_ROOT / "eval" / "cases"


class Expected(BaseModel):
    """What a correct pipeline run does with the message."""

    model_config = ConfigDict(extra="forbid")

    intent: Intent
    intent_also: list[Intent] = Field(
        default_factory=list, description="other intents a careful reader could pick"
    )
    risk: Risk
    flags: list[Flag] = Field(default_factory=list)
    injection: bool = False
    route: list[RouteName] = Field(description="accepted routes; a single route is written as a string")
    language: str
    must_state: list[str] = Field(default_factory=list, description="strings the reply must contain")
    must_not_state: list[str] = Field(
        default_factory=list, description="strings the reply must never contain"
    )
    asks_for_order_id: bool = Field(False, description="the reply must ask the buyer for the order number")
    reference_reply: str | None = None

    def intent_ok(self, predicted: Intent | str) -> bool:
        return predicted == self.intent or predicted in self.intent_also

    @field_validator("route", mode="before")
    @classmethod
    def _one_or_many(cls, v: object) -> object:
        return [v] if isinstance(v, str) else v


class EvalCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    tags: list[str] = Field(default_factory=list)
    message: BuyerMessage
    order: Order | None = Field(
        None, description="order facts given to the pipeline instead of the order store"
    )
    expected: Expected


class CaseFileError(ValueError):
    pass


def load_cases(
    cases_dir: Path = DEFAULT_CASES_DIR,
    *,
    languages: set[str] | None = None,
    platforms: set[str] | None = None,
    limit: int | None = None,
) -> list[EvalCase]:
    """Cases under cases_dir sorted by id (ids must be unique); limit picks an evenly spaced slice."""
    files = sorted(Path(cases_dir).glob("*.jsonl"))
    if not files:
        raise CaseFileError(f"no *.jsonl case files in {cases_dir}")
    cases: dict[str, EvalCase] = {}
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                case = EvalCase.model_validate(json.loads(line))
            except ValueError as exc:
                raise CaseFileError(f"{path.name}:{lineno}: {exc}") from exc
            if case.id in cases:
                raise CaseFileError(f"{path.name}:{lineno}: duplicate case id {case.id}")
            cases[case.id] = case
    selected = [
        c
        for _, c in sorted(cases.items())
        if (not languages or c.expected.language in languages)
        and (not platforms or c.message.platform.value in platforms)
    ]
    if not limit or limit >= len(selected):
        return selected
    # Evenly spaced, so a small slice still covers every language and platform.
    step = len(selected) / limit
    return [selected[int(i * step)] for i in range(limit)]
