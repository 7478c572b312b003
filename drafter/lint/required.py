"""The facts a reply must state for its situation: the order it is about, and where a moving parcel is.

Which situation needs which fact is data: knowledge/required_facts/<situation>.yaml (one file per
intent; see its README). Used twice, so the two agree: the LLM composer tells the model what the
reply must contain, and routing keeps a reply that leaves one out from auto-sending.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drafter.knowledge import read_yaml
from drafter.models import Intent, Order, OrderStatus

FactName = Literal["order_id", "tracking_number"]


class RequiredFact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fact: FactName
    statuses: list[OrderStatus] | None = Field(
        None, description="only for orders in these statuses; None: any status"
    )


class SituationFacts(BaseModel):
    """One file: what a reply in this situation must state."""

    model_config = ConfigDict(extra="forbid")

    situation: Intent
    why: str = Field(min_length=3)
    facts: list[RequiredFact] = Field(min_length=1)


class RequiredFactsError(ValueError):
    """A required-facts file that cannot be used; the message names the file."""


def _default_dir() -> Path:
    # The bundled data; a pipeline over another knowledge dir passes its own `directory`.
    from drafter.config import BUNDLED_KNOWLEDGE

    return BUNDLED_KNOWLEDGE / "required_facts"


@lru_cache(maxsize=8)
def load_required_facts(directory: Path) -> dict[Intent, SituationFacts]:
    """Every <situation>.yaml in `directory`, checked once and cached (a lint call never reads YAML)."""
    table: dict[Intent, SituationFacts] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            entry = SituationFacts.model_validate(read_yaml(path) or {})
        except ValidationError as exc:
            raise RequiredFactsError(f"{path}: {exc}") from exc
        if entry.situation.value != path.stem:
            raise RequiredFactsError(f"{path}: situation {entry.situation.value!r} must match the file name")
        table[entry.situation] = entry
    return table


def required_facts(intent: Intent, order: Order | None, *, directory: Path | None = None) -> dict[str, str]:
    """{"order_id": ..., "tracking_number": ...}: what the reply must state (empty without an order)."""
    if order is None:
        return {}
    entry = load_required_facts(directory or _default_dir()).get(Intent(intent))
    if entry is None:
        return {}
    values = {"order_id": order.order_id, "tracking_number": order.tracking_number}
    needed: dict[str, str] = {}
    for item in entry.facts:
        value = values[item.fact]
        if value and (item.statuses is None or order.status in item.statuses):
            needed[item.fact] = value
    return needed


def _squash(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def missing_facts(
    text: str, intent: Intent, order: Order | None, *, directory: Path | None = None
) -> list[str]:
    squashed = _squash(text)
    needed = required_facts(intent, order, directory=directory)
    return [name for name, value in needed.items() if _squash(value) not in squashed]
