"""The kit's data: per-platform auto-reply rules and per-language texts (knowledge/autoreply)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from drafter.knowledge import read_yaml
from drafter.models import Platform
from drafter.platforms import load_platform_rules


class PlatformKitRules(BaseModel):
    languages: list[str]
    required: list[str] = Field(default_factory=list)
    max_chars: int = 500
    # From the platform's own rules (drafter.platforms), not repeated in knowledge/autoreply.
    in_hours_h: float = Field(description="first-reply deadline inside the platform's working hours")
    off_hours_h: float = Field(description="first-reply deadline outside them")
    auto_reply_rules: str = ""


class KeywordAnswer(BaseModel):
    words: list[str]
    answer: str


class LanguageTexts(BaseModel):
    language: str
    day_width: Literal["abbreviated", "narrow", "short", "wide"] = "wide"  # babel's day-name widths
    day_range: str
    list_sep: str = ", "
    zone_dst: str
    within_hours: dict[str, str] = Field(description="CLDR plural category -> 'within {n} hours' phrase")
    within_days: dict[str, str]
    within_business_days: dict[str, str]
    welcome: str
    off_hours: str
    return_postage: dict[str, str]
    keywords: dict[str, KeywordAnswer]


def platform_rules(knowledge_dir: Path, platform: str) -> PlatformKitRules:
    data = read_yaml(knowledge_dir / "autoreply" / "platforms.yaml") or {}
    if platform not in data:
        raise KeyError(f"no auto-reply rules for platform {platform!r} in knowledge/autoreply/platforms.yaml")
    first = load_platform_rules(knowledge_dir)[Platform(platform)].first_reply
    off_hours = min(first.workday.off_hours, first.workday.cap) if first.workday else first.hours
    return PlatformKitRules.model_validate(
        {**data[platform], "in_hours_h": first.hours, "off_hours_h": off_hours}
    )


def language_texts(knowledge_dir: Path, language: str) -> LanguageTexts:
    path = knowledge_dir / "autoreply" / "texts" / f"{language}.yaml"
    if not path.exists():
        raise KeyError(f"no auto-reply texts for language {language!r} ({path.name} is missing)")
    return LanguageTexts.model_validate(read_yaml(path))
