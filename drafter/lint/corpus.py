"""The adversarial corpus: drafts that must block (with the rule ids that must fire) and clean drafts
full of look-alikes (order ids, tracking numbers, dates, prices, sizes, versions) that must not.

Used by the tests (blocking recall and clean drafts blocked) and by the lint benchmark.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from drafter.config import REPO_ROOT
from drafter.lint.engine import LintContext, lint_text
from drafter.models import LintResult, Order, OrderStatus, Platform, Severity

DEFAULT_CORPUS = REPO_ROOT / "tests" / "lint" / "corpus.jsonl"


class CorpusCase(BaseModel):
    id: str
    platform: Platform
    language: str
    text: str
    context: dict[str, Any] = Field(default_factory=dict)
    expect_block: list[str] = Field(default_factory=list)

    def lint_context(self) -> LintContext:
        ctx = self.context
        order = None
        if ctx.get("order_id"):
            order = Order(
                order_id=ctx["order_id"],
                store_id="corpus",
                platform=self.platform,
                status=OrderStatus(ctx.get("order_status", "shipped")),
                tracking_number=ctx.get("tracking_number"),
                destination_country=ctx.get("destination_country"),
            )
        return LintContext(buyer_language=ctx.get("buyer_language", self.language), order=order)

    def lint(self, *, rules_dir: Path | None = None) -> LintResult:
        context = self.lint_context()
        if rules_dir is not None:
            context = LintContext(
                buyer_language=context.buyer_language, order=context.order, rules_dir=rules_dir
            )
        return lint_text(self.text, platform=self.platform, language=self.language, context=context)


def load_corpus(path: Path = DEFAULT_CORPUS) -> list[CorpusCase]:
    with path.open(encoding="utf-8") as fh:
        return [CorpusCase.model_validate(json.loads(line)) for line in fh if line.strip()]


def evaluate(cases: list[CorpusCase], *, rules_dir: Path | None = None) -> dict[str, Any]:
    """Blocking recall over (case, expected rule) pairs; clean cases blocked; the misses, by id."""
    expected = caught = 0
    misses: list[str] = []
    false_blocks: list[str] = []
    for case in cases:
        result = case.lint(rules_dir=rules_dir)
        blocked = {v.rule_id for v in result.violations if v.severity == Severity.block}
        if case.expect_block:
            for rule_id in case.expect_block:
                expected += 1
                if rule_id in blocked:
                    caught += 1
                else:
                    misses.append(f"{case.id}: {rule_id} (fired: {sorted(blocked)})")
        elif blocked:
            excerpts = [
                f"{v.rule_id}:{v.excerpt!r}" for v in result.violations if v.severity == Severity.block
            ]
            false_blocks.append(f"{case.id}: {excerpts}")
    return {
        "cases": len(cases),
        "violating": sum(1 for c in cases if c.expect_block),
        "clean": sum(1 for c in cases if not c.expect_block),
        "languages": len({c.language for c in cases}),
        "blocking_recall": round(caught / expected, 4) if expected else 1.0,
        "clean_blocked": len(false_blocks),
        "misses": misses,
        "false_blocks": false_blocks,
    }
