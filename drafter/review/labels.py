"""The reviewer-language words (knowledge/review/<lang>.yaml): adding a reviewer language is adding a file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

FALLBACK = "en"


def reviewer_languages(knowledge_dir: Path) -> list[str]:
    return sorted(p.stem for p in (knowledge_dir / "review").glob("*.yaml"))


@lru_cache(maxsize=32)
def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def labels(knowledge_dir: Path, language: str) -> dict[str, Any]:
    """The words for `language`, or English's when there is no file for it."""
    path = knowledge_dir / "review" / f"{language}.yaml"
    if not path.exists():
        path = knowledge_dir / "review" / f"{FALLBACK}.yaml"
    return _load(path)


def language_name(code: str, in_language: str) -> str:
    """'es' named in Chinese (西班牙语), via babel's CLDR data."""
    from babel import Locale

    try:
        return Locale.parse(in_language).languages.get(code, code)
    except Exception:  # noqa: BLE001 - an unknown locale just shows the code
        return code
