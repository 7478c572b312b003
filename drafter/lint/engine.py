"""The lint step: run the platform's rule packs over a reply and report every violation with its span.

Rules and their patterns live in knowledge/rules (see drafter/lint/packs.py); detectors are code
(drafter/lint/detectors). The rules come from the context's knowledge dir. A block-severity
violation makes the result not ok: the reply cannot be sent until a person fixes it. Suggestions are offered, never applied.
"""

from __future__ import annotations

from drafter.lint.compiled import compiled_rules
from drafter.lint.context import LintContext
from drafter.lint.document import Doc
from drafter.models import Draft, LintResult, Order, Platform, StoreProfile, Violation

_EXCERPT_MAX = 120


def lint_text(
    text: str,
    *,
    platform: Platform,
    language: str | None = None,
    context: LintContext | None = None,
    store: StoreProfile | None = None,
) -> LintResult:
    context = context or LintContext()
    platform = Platform(platform)
    rules_dir = context.resolved_rules_dir
    doc = Doc(text=text, platform=platform, language=language, context=context, store=store)
    doc.cache["rules_dir"] = rules_dir
    violations: list[Violation] = []
    for rule in compiled_rules(rules_dir, platform.value, store.store_id if store else None):
        spec = rule.spec
        if spec.languages is not None and doc.text_language not in spec.languages:
            continue
        seen: set[tuple[int, int]] = set()
        for start, end, suggestion, *note in rule.detect(doc):
            span = doc.span(start, end)
            if span in seen:
                continue
            seen.add(span)
            violations.append(
                Violation(
                    rule_id=spec.id,
                    severity=spec.severity,
                    span=span,
                    message=f"{spec.message} ({note[0]})" if note else spec.message,
                    excerpt=text[span[0] : span[1]][:_EXCERPT_MAX],
                    source=spec.source,
                    suggestion=suggestion,
                )
            )
    return LintResult.from_violations(violations)


def lint_draft(
    draft: Draft,
    *,
    platform: Platform,
    buyer_language: str | None = None,
    order: Order | None = None,
    store: StoreProfile | None = None,
    context: LintContext | None = None,
) -> LintResult:
    """Lint a composed (or human-edited) draft: the text plus the checks that need its three parts."""
    base = context or LintContext()
    context = LintContext(
        buyer_language=buyer_language or base.buyer_language,
        order=order or base.order,
        known_ids=base.known_ids,
        banned_terms=base.banned_terms,
        order_id=base.order_id,
        regions=base.regions,
        draft_parts=(draft.restatement, draft.solution, draft.commitment),
        rules_dir=base.rules_dir,
        knowledge_dir=base.knowledge_dir,
    )
    return lint_text(draft.text, platform=platform, language=draft.language, context=context, store=store)
