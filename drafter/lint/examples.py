"""Run the examples written next to each rule in the packs (used by the tests and `drafter rules check`)."""

from __future__ import annotations

from pathlib import Path

from drafter.lint.engine import LintContext, lint_draft, lint_text
from drafter.lint.packs import ALL, RuleExample, RuleSpec, all_rules, load_store_pack
from drafter.models import Draft, LintResult, Order, OrderStatus, Platform, StoreProfile

_DEFAULT_PLATFORM = "shopify"  # the platform with no pack of its own: only the rules for all apply


def example_platform(spec: RuleSpec, example: RuleExample) -> Platform:
    if example.platform:
        return Platform(example.platform)
    return Platform(_DEFAULT_PLATFORM if ALL in spec.platforms else spec.platforms[0])


def run_example(
    spec: RuleSpec, example: RuleExample, *, rules_dir: Path, store_id: str | None = None
) -> LintResult:
    platform = example_platform(spec, example)
    order = None
    if example.order_status or example.tracking_number or example.destination_country:
        order = Order(
            order_id=example.order_id or "EXAMPLE-ORDER",
            store_id=store_id or "example",
            platform=platform,
            status=OrderStatus(example.order_status or "in_transit"),
            tracking_number=example.tracking_number,
            destination_country=example.destination_country,
        )
    context = LintContext(
        buyer_language=example.buyer_language,
        order=order,
        order_id=None if order else example.order_id,
        known_ids=tuple(i for i in (example.order_id,) if i),
        banned_terms=tuple(example.banned_terms),
        rules_dir=rules_dir,
    )
    store = StoreProfile(store_id=store_id) if store_id else None
    if example.allowed_actions or example.policy:
        policy = {**example.policy, "allowed_actions": list(example.allowed_actions)}
        store = StoreProfile(store_id=store_id or "example", policy=policy)
    if example.parts is not None:
        restatement, solution, commitment = (list(example.parts) + ["", "", ""])[:3]
        draft = Draft(
            restatement=restatement,
            solution=solution,
            commitment=commitment,
            text=example.full_text,
            language=example.language or "en",
            composer="template",
        )
        return lint_draft(
            draft,
            platform=platform,
            buyer_language=example.buyer_language,
            order=order,
            store=store,
            context=context,
        )
    return lint_text(
        example.full_text, platform=platform, language=example.language, context=context, store=store
    )


def check_examples(rules_dir: Path, store_id: str | None = None) -> list[str]:
    """Every example that does not behave as written: [] means every rule fires and passes as promised."""
    specs = list(all_rules(rules_dir))
    if store_id:
        pack = load_store_pack(rules_dir, store_id)
        specs += list(pack.rules) if pack else []
    failures = []
    for spec in specs:
        for kind, examples in spec.examples.items():
            for example in examples:
                result = run_example(spec, example, rules_dir=rules_dir, store_id=store_id)
                fired = [v for v in result.violations if v.rule_id == spec.id]
                if (kind == "fires") != bool(fired):
                    got = ", ".join(f"{v.rule_id}:{v.excerpt!r}" for v in fired)
                    failures.append(
                        f"{spec.id} should {'fire' if kind == 'fires' else 'pass'}: {example.text[:80]!r} [{got}]"
                    )
    return failures
