"""The embedded template composer: knowledge/templates filled with order and FAQ facts.

It never leaves a placeholder unfilled and never invents a fact: when a template needs a fact the
stores do not have, a situation that does not need it is chosen instead.
"""

from __future__ import annotations

import hashlib
import string
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from drafter.compose import ComposeRequest, register_composer
from drafter.config import Settings
from drafter.knowledge import read_yaml
from drafter.models import Draft

_PARTS = ("restatement", "solution", "commitment")


@lru_cache(maxsize=32)
def load_templates(templates_dir: Path, language: str) -> dict[str, Any]:
    path = templates_dir / f"{language}.yaml"
    if not path.exists():
        path = templates_dir / "en.yaml"
    return read_yaml(path)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _facts(request: ComposeRequest) -> dict[str, str]:
    tz = ZoneInfo(request.store.timezone)
    now = request.received_at.astimezone(tz)
    next_check = (now + timedelta(days=1)).replace(hour=17, minute=0)
    facts = {"next_check": next_check.strftime("%Y-%m-%d 17:00")}
    order = request.retrieval.order
    if order:
        facts["order_id"] = order.order_id
        facts["status_text"] = order.status.value.replace("_", " ")
        if order.items:
            facts["item"] = order.items[0].title
        if order.carrier:
            facts["carrier"] = order.carrier
        if order.tracking_number:
            facts["tracking_number"] = order.tracking_number
        if order.estimated_delivery:
            facts["eta"] = order.estimated_delivery.isoformat()
    return facts


def _situations(intent: str, has_order: bool, has_tracking: bool) -> list[str]:
    if not has_order:
        return ["no_order"]
    order_situations = ["order"]
    if has_tracking:
        order_situations.insert(0, "order_tracking")
    return order_situations


def _pick(options: list[str], seed: str) -> str:
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return options[digest[0] % len(options)]


class TemplateComposer:
    name = "template"

    def __init__(self, settings: Settings) -> None:
        self.templates_dir = settings.knowledge_dir / "templates"

    def compose(self, request: ComposeRequest) -> Draft:
        data = load_templates(self.templates_dir, request.language)
        facts = _facts(request)
        intent = request.classification.intent.value
        order = request.retrieval.order
        seed = f"{request.message.store_id}|{request.message.message_id or ''}|{request.message.text}"
        for key in (intent, "_default"):
            block = data["intents"].get(key) or {}
            for situation in _situations(intent, order is not None, bool(order and order.tracking_number)):
                parts = block.get(situation)
                if not parts:
                    continue
                chosen = {p: _pick(parts[p], f"{seed}|{p}") for p in _PARTS}
                if all(_fields(t) <= facts.keys() for t in chosen.values()):
                    filled = {p: t.format_map(facts) for p, t in chosen.items()}
                    return Draft(
                        **filled,
                        text=Draft.join(*(filled[p] for p in _PARTS)),
                        language=data.get("language", request.language),
                        composer=self.name,
                        template_id=f"{data.get('language')}.{key}.{situation}",
                        template_version=str(data.get("version", "1")),
                        situation=situation,
                    )
        raise LookupError(f"no template fits intent {intent} in {request.language}")


@register_composer("template")
def _factory(settings: Settings) -> TemplateComposer:
    return TemplateComposer(settings)
