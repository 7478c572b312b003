"""The embedded template composer: knowledge/templates/<lang>.yaml filled with facts from the stores.

Situation first (drafter.compose.special for what the buyer really asks, then
drafter.compose.situations by intent and order state), then one phrasing per part, picked
deterministically from the message. Around it the human touch (drafter.compose.tone): a greeting,
an apology when the seller is at fault, answers to the buyer's other questions, the store's
sign-off. It never leaves a placeholder unfilled and never invents a fact: when a phrasing needs a
fact the stores lack, another phrasing or a more general situation is used instead.
"""

from __future__ import annotations

from pathlib import Path

from drafter.compose import ComposeRequest, register_composer
from drafter.compose.facts import build_facts
from drafter.compose.render import fill, lookup, seed_index
from drafter.compose.situations import candidates
from drafter.compose.special import Special, special_situations
from drafter.compose.tone import answers, closing, opening
from drafter.compose.vocabulary import load_templates, regional_variant
from drafter.config import Settings
from drafter.models import Draft, FactSheet, Flag
from drafter.products import load_catalogue


class TemplateComposer:
    name = "template"

    def __init__(self, settings: Settings) -> None:
        self.knowledge_dir = settings.knowledge_dir
        self.templates_dir = settings.knowledge_dir / "templates"
        # Bundled catalogues, then the store's imported one (drafter products import), which wins.
        self.catalogue_dirs = (settings.knowledge_dir / "products", settings.data_dir.resolve() / "products")

    def compose(self, request: ComposeRequest) -> Draft:
        facts = request.facts
        if facts is None:  # called on its own, not after the pipeline's facts stage
            catalogue = load_catalogue(request.message.store_id, *self.catalogue_dirs)
            facts = build_facts(request, knowledge_dir=self.knowledge_dir, catalogue=catalogue)
        return compose_from_facts(request, facts, self.templates_dir)


def compose_from_facts(request: ComposeRequest, facts: FactSheet, templates_dir: Path) -> Draft:
    data = load_templates(templates_dir, facts.language)
    intent = request.classification.intent
    msg = request.message
    seed = seed_index(f"{msg.store_id}|{msg.message_id or ''}|{msg.text}")
    # A buyer writing again in the same thread gets the next wording, and never one already sent.
    start = seed + sum(1 for m in msg.thread if m.author == "buyer")
    sent = frozenset(
        part.strip() for m in msg.thread if m.author == "seller" for part in m.text.split("\n\n")
    )
    has_order = facts.state.get("order") is not None
    escalated = bool(request.classification.flags)
    safety = Flag.safety_issue in request.classification.flags
    options = [
        *special_situations(intent, facts.state, safety_flag=safety),
        *(
            Special(s.name, s.commit, None, "late" if s.name == "late" else None)
            for s in candidates(intent, facts)
        ),
    ]
    for situation in options:
        commit_key = situation.commit
        if escalated and not commit_key.startswith("+"):
            commit_key = "teammate"
        parts = _parts(data, situation, commit_key, intent.value, has_order, facts, start, sent)
        if parts is None:
            continue
        restatement, solution, commitment = parts
        restatement = opening(
            data, facts, situation, restatement, platform=msg.platform.value, rest=solution + commitment
        )
        solution = answers(
            data,
            facts,
            situation,
            solution,
            secondary=tuple(i.value for i in request.classification.secondary_intents),
        )
        commitment = closing(data, facts, commitment)
        variant = regional_variant(templates_dir, facts.language, facts.state.get("buyer_country"))
        if variant:
            restatement, solution, commitment = (variant(p) for p in (restatement, solution, commitment))
        facts.state["situation"] = situation.name
        return Draft(
            restatement=restatement,
            solution=solution,
            commitment=commitment,
            text=Draft.join(restatement, solution, commitment),
            language=facts.language,
            composer="template",
            template_id=f"{facts.language}.{intent.value}.{situation.name}.{commit_key.lstrip('+')}",
            template_version=str(data.get("version", "1")),
            situation=situation.name,
        )
    raise LookupError(f"no template fits intent {intent.value} in {facts.language}")


def _parts(
    data: dict,
    situation: Special,
    commit_key: str,
    intent: str,
    has_order: bool,
    facts: FactSheet,
    start: int,
    sent: frozenset[str],
) -> tuple[str, str, str] | None:
    values = facts.values
    platform = facts.state.get("platform", "")
    restatement = None
    if situation.restate:
        restatement = fill(
            _listed((data.get("restate_new") or {}).get(situation.restate)), values, start=start
        )
        if restatement is None:
            return None
    if restatement is None:
        by_situation = data.get("restate_situation") or {}
        options = by_situation.get(situation.name) if has_order else None
        restatement = fill(options, values, start=start, avoid=sent) if options else None
    if restatement is None:
        per_intent = (
            (data.get("restate") or {}).get(intent) or (data.get("restate") or {}).get("_default") or {}
        )
        restatement = fill(per_intent.get("order" if has_order else "none"), values, start=start, avoid=sent)
    if restatement is None and has_order:  # an order the facts cannot name (no items): the general wording
        restatement = fill(per_intent.get("none"), values, start=start, avoid=sent)
    solutions = data.get("solution") or {}
    # A situation read from the buyer's own words takes its richest phrasing (the first that fills).
    solution_start = 0 if situation.restate or situation.commit.startswith("+") else start // 3
    solution = fill(
        lookup(solutions, f"{situation.name}.{platform}", situation.name),
        values,
        start=solution_start,
        avoid=sent,
    )
    if commit_key.startswith("+"):
        commitment = fill(_listed((data.get("commit_new") or {}).get(commit_key[1:])), values, start=0)
    else:
        commitment = fill((data.get("commit") or {}).get(commit_key), values, start=start // 7, avoid=sent)
    if restatement is None or solution is None or commitment is None:
        return None
    return restatement, solution, commitment


def _listed(value: str | list[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else value


@register_composer("template")
def _factory(settings: Settings) -> TemplateComposer:
    return TemplateComposer(settings)
