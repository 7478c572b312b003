"""The generic detector: phrase patterns from the pack, with context exceptions also from the pack.

params:
  patterns: [regex, ...] or {language: [regex, ...]} (all languages are matched: a Russian reply that
            slips into English "leave us 5 stars" must still be caught)
  unless_before / unless_after: [regex, ...] searched in a window (window: chars, default 40) around
            a match; a hit there cancels the match (e.g. "once you receive it" before "confirm receipt")
  unless_order_status: [status, ...]: the rule is silent when the known order has one of these statuses
  suggestion: replacement text for every match ("" = remove it)
  suggestions: {lowercased match: replacement}
  case_sensitive: false
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from drafter.lint.detectors import Detector, Hit, detector
from drafter.lint.document import Doc
from drafter.lint.packs import RuleSpec
from drafter.lint.scripts import Alternation


def flatten(patterns: Any) -> list[str]:
    if isinstance(patterns, dict):
        return [p for values in patterns.values() for p in (values or [])]
    return list(patterns or [])


def compile_any(
    patterns: list[str], *, case_sensitive: bool = False, ascii_words: bool = False
) -> re.Pattern[str] | None:
    """One alternation of all patterns. ascii_words: \\b and \\w see only ASCII, so "计2026-11-20" has a
    word boundary before the date (CJK text has no spaces between words and numbers)."""
    if not patterns:
        return None
    flags = (0 if case_sensitive else re.IGNORECASE) | (re.ASCII if ascii_words else 0)
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


@detector("regex")
def regex_detector(spec: RuleSpec) -> Detector:
    p = spec.params
    case_sensitive = bool(p.get("case_sensitive", False))
    patterns = flatten(p.get("patterns"))
    if not patterns:
        raise ValueError(f"rule {spec.id}: regex detector needs params.patterns")
    # The other languages' patterns stay in; those that need a script the reply lacks are left out.
    alternation = Alternation(patterns, 0 if case_sensitive else re.IGNORECASE)
    alternation.full()  # a bad pattern fails when the pack loads, not on the first reply
    before = compile_any(flatten(p.get("unless_before")))
    after = compile_any(flatten(p.get("unless_after")))
    window = int(p.get("window", 40))
    statuses = set(p.get("unless_order_status") or ())
    suggestion: str | None = p.get("suggestion")
    suggestions = {k.lower(): v for k, v in (p.get("suggestions") or {}).items()}

    def detect(doc: Doc) -> Iterator[Hit]:
        if statuses and doc.order is not None and doc.order.status.value in statuses:
            return
        text = doc.norm
        pattern = alternation.for_scripts(doc.scripts)
        if pattern is None:
            return
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            if before and before.search(text, max(0, m.start() - window), m.start()):
                continue
            if after and after.search(text[m.end() : m.end() + window]):
                continue
            yield m.start(), m.end(), suggestions.get(m.group(0).lower().strip(), suggestion)

    return detect
