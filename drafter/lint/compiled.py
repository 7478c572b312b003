"""Rules paired with their detectors: a pack's data (drafter/lint/packs.py) meets its code
(drafter/lint/detectors), once per (rules directory, platform, store).

Kept apart from packs.py so the dependencies run one way: detectors read pack specs, this module
reads both, the engine reads this.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from drafter.lint.detectors import Detector, build_detector
from drafter.lint.packs import RuleSpec, all_rules, load_store_pack


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    detect: Detector


@lru_cache(maxsize=64)
def compiled_rules(rules_dir: Path, platform: str, store_id: str | None = None) -> tuple[CompiledRule, ...]:
    """The rules that apply to one platform (and store), each with its detector built once."""
    specs = [r for r in all_rules(rules_dir) if r.applies_to(platform)]
    if store_id:
        store_pack = load_store_pack(rules_dir, store_id)
        if store_pack:
            specs += [r for r in store_pack.rules if r.applies_to(platform)]
    return tuple(CompiledRule(spec=s, detect=build_detector(s)) for s in specs)
