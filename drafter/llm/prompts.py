"""Versioned prompt files (prompts/*.yaml): each has an id, a version and a text with $placeholders."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.knowledge import read_yaml


@dataclass(frozen=True)
class Prompt:
    id: str
    version: str
    text: str
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def render(self, **values: str) -> str:
        # substitute() (not safe_substitute) so a missing value fails loudly in tests, not silently in prod.
        return string.Template(self.text).substitute(values).strip()


@lru_cache(maxsize=32)
def load_prompt(prompts_dir: Path, name: str) -> Prompt:
    data = read_yaml(prompts_dir / f"{name}.yaml")
    for key in ("id", "version", "text"):
        if key not in data:
            raise ValueError(f"prompt file {name}.yaml has no {key!r}")
    extra = {k: v for k, v in data.items() if k not in ("id", "version", "text")}
    return Prompt(id=str(data["id"]), version=str(data["version"]), text=str(data["text"]), extra=extra)


_TAGS = re.compile(r"<\s*/?\s*(buyer_message|facts|thread|violations|previous_draft)\b", re.I)


def untrusted(text: str) -> str:
    """Buyer text goes in as data: our delimiter tags inside it are defused so it cannot close them."""
    return _TAGS.sub(lambda m: m.group(0).replace("<", "‹"), text)
