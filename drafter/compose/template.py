"""The embedded template composer: knowledge/templates/<lang>.yaml filled with facts from the stores.

Situation first (drafter.compose.situations), then one phrasing per part, picked deterministically
from the message. It never leaves a placeholder unfilled and never invents a fact: when a phrasing
needs a fact the stores lack, another phrasing or a more general situation is used instead.
"""

from __future__ import annotations

from pathlib import Path

from drafter.compose import ComposeRequest, register_composer
from drafter.compose.facts import Facts, build_facts
from drafter.compose.render import fill, lookup, seed_index
from drafter.compose.situations import Situation, candidates
from drafter.compose.vocabulary import load_templates
from drafter.config import Settings
from drafter.models import Draft


class TemplateComposer:
    name = "template"

    def __init__(self, settings: Settings) -> None:
        self.knowledge_dir = settings.knowledge_dir
        self.templates_dir = settings.knowledge_dir / "templates"

    def compose(self, request: ComposeRequest) -> Draft:
        facts = build_facts(request, knowledge_dir=self.knowledge_dir)
        return compose_from_facts(request, facts, self.templates_dir)


def compose_from_facts(request: ComposeRequest, facts: Facts, templates_dir: Path) -> Draft:
    data = load_templates(templates_dir, facts.language)
    intent = request.classification.intent
    msg = request.message
    seed = seed_index(f"{msg.store_id}|{msg.message_id or ''}|{msg.text}")
    # A buyer writing again in the same thread gets the next wording, and never one already sent.
    start = seed + sum(1 for m in msg.thread if m.author == "buyer")
    sent = frozenset(part.strip() for m in msg.thread if m.author == "seller" for part in m.text.split("\n\n"))
    has_order = facts.state.get("order") is not None
    escalated = bool(request.classification.flags)
    for situation in candidates(intent, facts):
        commit_key = "teammate" if escalated else situation.commit
        parts = _parts(data, situation, commit_key, intent.value, has_order, facts, start, sent)
        if parts is None:
            continue
        restatement, solution, commitment = parts
        return Draft(
            restatement=restatement,
            solution=solution,
            commitment=commitment,
            text=Draft.join(restatement, solution, commitment),
            language=facts.language,
            composer="template",
            template_id=f"{facts.language}.{intent.value}.{situation.name}.{commit_key}",
            template_version=str(data.get("version", "1")),
            situation=situation.name,
        )
    raise LookupError(f"no template fits intent {intent.value} in {facts.language}")


def _parts(
    data: dict, situation: Situation, commit_key: str, intent: str, has_order: bool, facts: Facts,
    start: int, sent: frozenset[str],
) -> tuple[str, str, str] | None:
    values = facts.values
    platform = facts.state.get("platform", "")
    restate_block = data.get("restate") or {}
    per_intent = restate_block.get(intent) or restate_block.get("_default") or {}
    by_situation = data.get("restate_situation") or {}
    restate_options = by_situation.get(situation.name) if has_order else None
    restatement = fill(restate_options, values, start=start, avoid=sent) if restate_options else None
    if restatement is None:
        restatement = fill(per_intent.get("order" if has_order else "none"), values, start=start, avoid=sent)
    if restatement is None and has_order:  # an order the facts cannot name (no items): the general wording
        restatement = fill(per_intent.get("none"), values, start=start, avoid=sent)
    solutions = data.get("solution") or {}
    solution = fill(lookup(solutions, f"{situation.name}.{platform}", situation.name), values, start=start // 3, avoid=sent)
    commitment = fill((data.get("commit") or {}).get(commit_key), values, start=start // 7, avoid=sent)
    if restatement is None or solution is None or commitment is None:
        return None
    return restatement, solution, commitment


@register_composer("template")
def _factory(settings: Settings) -> TemplateComposer:
    return TemplateComposer(settings)
