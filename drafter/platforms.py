"""Each marketplace's own rules, as data: how its order numbers look, its first-reply deadline, what must
be escalated. They live beside the platform's policy defaults in knowledge/stores/_platforms/<platform>.yaml
(the policy part is read by drafter.knowledge); adding a platform means adding a file, not code.

Stages take the rules as an argument; a caller that has none (a test, a one-off script) gets the rules
bundled with Drafter, read once per knowledge dir.
"""

from __future__ import annotations

import re
from datetime import time
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from drafter.knowledge import read_yaml
from drafter.models import Flag, Intent, Platform

BUNDLED_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Workday(_Rules):
    """A deadline that depends on the platform's own working hours, in the platform's time zone."""

    timezone: str
    zone_label: str = Field(description="How the reason names the zone, e.g. 'Beijing time'.")
    start: time
    end: time
    off_hours: float = Field(description="Hours to reply outside the working hours, weekends, holidays.")
    cap: float = Field(description="Never later than this many hours.")


class FirstReply(_Rules):
    hours: float = Field(description="Hours to the first reply (inside working hours, when there are any).")
    store_configurable: bool = Field(
        True, description="Whether the store's sla_hours and sla_clock may change it."
    )
    workday: Workday | None = None


class Escalation(_Rules):
    intents: frozenset[Intent] = frozenset()
    flags: frozenset[Flag] = frozenset()
    within_h: float

    def applies(self, intents: set[Intent], flags: set[Flag]) -> bool:
        return bool(intents & self.intents or flags & self.flags)


class PlatformRules(_Rules):
    platform: Platform
    name: str = Field(description="The platform's name as buyers and sellers write it.")
    order_id: re.Pattern[str] = Field(description="The platform's order-number format; group 1 is the id.")
    first_reply: FirstReply
    escalation: Escalation | None = None
    medium_risk_flags: frozenset[Flag] = Field(
        frozenset(),
        description="Flags that stay medium risk here (no marketplace case to lose); others are high.",
    )


@lru_cache(maxsize=8)
def load_platform_rules(knowledge_dir: Path) -> dict[Platform, PlatformRules]:
    """Every platform's rules from one knowledge dir; a platform without a file is an error, not a default."""
    folder = Path(knowledge_dir) / "stores" / "_platforms"
    rules = {}
    for platform in Platform:
        data = read_yaml(folder / f"{platform.value}.yaml") or {}
        data.pop("policy", None)  # the store-policy defaults: drafter.knowledge reads those
        rules[platform] = PlatformRules.model_validate({"platform": platform, **data})
    return rules


def platform_rules(platform: Platform | str, knowledge_dir: Path = BUNDLED_KNOWLEDGE) -> PlatformRules:
    return load_platform_rules(knowledge_dir)[Platform(platform)]
