"""Read the labelled seed set (knowledge/intents/seed/<intent>.txt, lines "<lang> | <message>")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.models import SUPPORTED_LANGUAGES, Intent


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    label: str
    source: str  # "file:line", so a bad example is easy to find


def read_examples(path: Path, label: str) -> list[Example]:
    examples: list[Example] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        lang, sep, text = line.partition(" | ")
        lang = lang.strip()
        if not sep or lang not in SUPPORTED_LANGUAGES or not text.strip():
            raise ValueError(f"{path}:{number}: expected '<language> | <text>', got {raw!r}")
        examples.append(
            Example(text=text.strip(), language=lang, label=label, source=f"{path.name}:{number}")
        )
    return examples


def load_seed(seed_dir: Path) -> list[Example]:
    """All seed examples, in a stable order (intent enum order, then file order)."""
    examples: list[Example] = []
    for intent in Intent:
        path = seed_dir / f"{intent.value}.txt"
        if not path.exists():
            raise FileNotFoundError(f"seed file missing for intent {intent.value}: {path}")
        examples.extend(read_examples(path, intent.value))
    return examples
