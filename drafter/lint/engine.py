"""First-version rule engine: a handful of blocking detectors. The rule-pack issue deepens it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.models import Draft, LintResult, Order, Platform, Severity, StoreProfile, Violation


@dataclass(frozen=True)
class LintContext:
    """What the linter knows besides the text: known ids must not be mistaken for phone numbers."""

    buyer_language: str | None = None
    order: Order | None = None
    known_ids: tuple[str, ...] = ()
    banned_terms: tuple[str, ...] = field(default_factory=tuple)


_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("all.no-url", re.compile(r"\b(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|ru|cn|me|ly|io|shop)\b", re.I), "Links are not allowed in buyer messages."),
    ("all.no-email", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"), "E-mail addresses are not allowed."),
    ("all.no-phone", re.compile(r"\+\d[\d\s().-]{7,}\d"), "Phone numbers are not allowed."),
    ("all.no-placeholder", re.compile(r"\{\{[^}]*\}\}|\{[a-z_]+\}|\[[A-Z][\w ]+\]|<[a-z_]+>"), "Unfilled template placeholder."),
)


def lint_text(
    text: str,
    *,
    platform: Platform,
    language: str | None = None,
    context: LintContext | None = None,
    store: StoreProfile | None = None,
) -> LintResult:
    violations = [
        Violation(rule_id=rid, severity=Severity.block, span=(m.start(), m.end()), message=msg, excerpt=m.group(0))
        for rid, pattern, msg in _RULES
        for m in pattern.finditer(text)
    ]
    return LintResult.from_violations(violations)


def lint_draft(
    draft: Draft,
    *,
    platform: Platform,
    buyer_language: str | None = None,
    order: Order | None = None,
    store: StoreProfile | None = None,
) -> LintResult:
    context = LintContext(buyer_language=buyer_language, order=order)
    return lint_text(draft.text, platform=platform, language=draft.language, context=context, store=store)
