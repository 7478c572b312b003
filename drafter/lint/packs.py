"""Rule packs: knowledge/rules/*.yaml (one pack per platform plus `all`) and per-store packs.

Patterns, word lists and messages are data; the detector named by each rule is code
(drafter/lint/detectors). This module is the data half only: it loads and validates packs (cached on
their directory). drafter/lint/compiled.py pairs each rule with its detector, once per
(directory, platform, store), so a lint call never touches YAML.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from drafter.knowledge import read_yaml
from drafter.models import Severity

ALL = "*"


class RuleExample(BaseModel):
    """An example in the pack: the rule must fire on `fires` examples and stay silent on `passes` ones."""

    model_config = ConfigDict(extra="forbid")

    text: str
    platform: str | None = None
    language: str | None = None
    buyer_language: str | None = None
    order_id: str | None = None
    tracking_number: str | None = None
    order_status: str | None = None
    destination_country: str | None = None
    banned_terms: list[str] = Field(default_factory=list)
    allowed_actions: list[str] = Field(default_factory=list, description="claims: what the store allows")
    policy: dict[str, Any] = Field(default_factory=dict, description="claims: the store's policy values")
    parts: list[str] | None = Field(None, description="restatement, solution, commitment (lint_draft)")
    repeat: int = Field(1, ge=1, le=1000, description="the text repeated this many times (length rules)")

    @property
    def full_text(self) -> str:
        return self.text * self.repeat


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(?:[.-][a-z0-9]+)+$")
    severity: Severity
    source: str = Field(min_length=3, description="The policy the rule comes from.")
    message: str = Field(min_length=3)
    detector: str
    platforms: list[str] = Field(default_factory=lambda: [ALL])
    languages: list[str] | None = Field(None, description="Only texts in these languages; None: all.")
    params: dict[str, Any] = Field(default_factory=dict)
    examples: dict[Literal["fires", "passes"], list[RuleExample]] = Field(default_factory=dict)

    @field_validator("examples", mode="before")
    @classmethod
    def _strings_are_examples(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: [{"text": e} if isinstance(e, str) else e for e in (v or [])] for k, v in value.items()
            }
        return value

    @field_validator("params")
    @classmethod
    def _no_yaml_booleans_in_lists(cls, value: dict[str, Any]) -> dict[str, Any]:
        """YAML reads unquoted no/on/off/yes in a word list as booleans: refuse rather than lose words."""

        def walk(node: Any, path: str) -> None:
            if isinstance(node, dict):
                for k, v in node.items():
                    walk(v, f"{path}.{k}")
            elif isinstance(node, list):
                for item in node:
                    if isinstance(item, bool) or item is None:
                        raise ValueError(
                            f'{path}: {item!r} in a list; quote words such as "no", "on", "null"'
                        )
                    walk(item, path)

        walk(value, "params")
        return value

    def applies_to(self, platform: str) -> bool:
        return ALL in self.platforms or platform in self.platforms


class PackFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pack: str
    description: str = ""
    platforms: list[str] | None = None
    banned_terms: list[str] = Field(
        default_factory=list, description="store packs: words a reply must not contain"
    )
    rules: list[RuleSpec] = Field(default_factory=list)


@lru_cache(maxsize=16)
def load_pack_files(rules_dir: Path) -> tuple[PackFile, ...]:
    """Every platform pack (knowledge/rules/*.yaml), pack-level platforms copied onto each rule."""
    packs = []
    # The rules for every platform first, then the platform packs by name.
    for path in sorted(rules_dir.glob("*.yaml"), key=lambda p: (p.stem != "all", p.stem)):
        pack = PackFile.model_validate(read_yaml(path) or {})
        if pack.platforms:
            for rule in pack.rules:
                if rule.platforms == [ALL]:
                    rule.platforms = list(pack.platforms)
        packs.append(pack)
    ids = [r.id for p in packs for r in p.rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate rule ids in {rules_dir}: {sorted(duplicates)}")
    return tuple(packs)


@lru_cache(maxsize=256)
def load_store_pack(rules_dir: Path, store_id: str) -> PackFile | None:
    """knowledge/rules/stores/<store_id>.yaml: a seller's own rules and banned terms, no code needed."""
    path = rules_dir / "stores" / f"{store_id}.yaml"
    if not path.is_file():
        return None
    return PackFile.model_validate(read_yaml(path) or {})


def all_rules(rules_dir: Path) -> list[RuleSpec]:
    return [rule for pack in load_pack_files(rules_dir) for rule in pack.rules]
