"""The one check every reply passes: the rule packs and grounding, run as two detector families.

The pipeline, the LLM composer's repair loop, `/v1/lint`, `drafter lint`, the review page's preview
and approval all call check_reply, so they agree by construction. What a family needs besides the
text comes in the CheckContext (platform, store, order, FAQ hits, the buyer's words, when the
message was received) and the fact sheet the facts stage built for the draft: grounding accepts
exactly the facts that sheet rendered, so a draft checked days later is judged like when it was
drafted. Without a fact sheet (free text sent to /v1/lint) only the rule packs run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from drafter.config import BUNDLED_KNOWLEDGE
from drafter.lint.context import LintContext
from drafter.lint.engine import lint_draft, lint_text
from drafter.lint.grounding import check_grounding
from drafter.models import Draft, FactSheet, FaqHit, LintResult, Order, Platform, StoreProfile


@dataclass(frozen=True)
class CheckContext:
    """Everything the families know about a reply besides its text and its fact sheet."""

    platform: Platform
    knowledge_dir: Path = BUNDLED_KNOWLEDGE
    store: StoreProfile | None = None
    buyer_language: str | None = None
    order: Order | None = None
    faq: tuple[FaqHit, ...] = ()
    message_text: str | None = None  # the buyer may supply ids, carriers and dates (never amounts)
    received_at: datetime | None = None  # dates the fact sheet when it has to be built again


def allowed_facts(facts: FactSheet) -> list[str]:
    """The fact strings the writers were given: every rendered value, and the next check as the LLM
    prompt writes it (day and time together)."""
    values = facts.values
    next_check = f"{values.get('check_day', '')} {values.get('check_time', '')}".strip()
    return [*values.values(), *([next_check] if next_check else [])]


def check_reply(reply: Draft | str, facts: FactSheet | None, context: CheckContext) -> LintResult:
    """Rule packs over the reply, then grounding against the fact sheet.

    `reply`: a draft (its text and its three parts are checked) or a free text (a reply written
    elsewhere, in the buyer's language: the rules on the parts do not apply).
    """
    base = LintContext(knowledge_dir=context.knowledge_dir)
    if isinstance(reply, Draft):
        text = reply.text
        result = lint_draft(
            reply,
            platform=context.platform,
            buyer_language=context.buyer_language,
            order=context.order,
            store=context.store,
            context=base,
        )
    else:
        text = reply
        result = lint_text(
            text,
            platform=context.platform,
            language=context.buyer_language,
            context=replace(base, buyer_language=context.buyer_language, order=context.order),
            store=context.store,
        )
    if facts is None:
        return result
    extra = check_grounding(
        text,
        order=context.order,
        faq=context.faq,
        store=context.store,
        message_text=context.message_text,
        allowed=allowed_facts(facts),
        carriers_file=context.knowledge_dir / "carriers.yaml",
    )
    return LintResult.from_violations([*result.violations, *extra]) if extra else result
