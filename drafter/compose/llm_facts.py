"""The facts block an LLM draft may state: the same fact sheet the template composer writes from.

The facts stage (drafter.facts, rendered by drafter.compose.facts) renders every fact for the buyer
(dates in the buyer's language, money with its currency, spans such as "7 to 15 days"); the model gets those renderings plus the raw order and
the FAQ entries retrieved, and nothing else. The grounding check gets the same renderings as
`allowed`, so whatever the model copies from here passes, and whatever it invents does not.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

from drafter.compose import ComposeRequest
from drafter.compose.facts import build_facts
from drafter.compose.situations import candidates
from drafter.compose.special import special_situations
from drafter.config import BUNDLED_KNOWLEDGE
from drafter.knowledge import effective_policy
from drafter.lint.required import required_facts
from drafter.models import FactSheet, FaqHit, Flag, Order

_MAX_EVENTS = 3
_MAX_FAQ = 3
# Policy parts the rendered values already carry for this order (size rows, transit span, check
# time); the full tables would cost tokens and tempt the model to name carriers and spans that are
# not this order's.
_POLICY_SKIP = {"transit_days", "business_hours", "size_charts", "commitments"}


# What the raw order adds to the rendered values: ids, status, carrier, items, the last events.
# Dates, money and country are in `rendered`, already written for the buyer; sending both costs
# prompt tokens (most of a call on a CPU model) and gives the model two spellings to choose from.
_ORDER_KEEP = ("order_id", "status", "carrier", "tracking_number")


def order_facts(order: Order | None) -> dict[str, Any] | None:
    if order is None:
        return None
    data = order.model_dump(mode="json", exclude_none=True, include=set(_ORDER_KEEP))
    data["items"] = [{"title": i.title, "quantity": i.quantity} for i in order.items]
    data["tracking_events"] = [
        {"at": str(e.at)[:10], "location": e.location, "description": e.description}
        for e in order.tracking_events[-_MAX_EVENTS:]
    ]
    return data


def rendered_for_model(values: dict[str, str]) -> dict[str, str]:
    """The rendered values minus duplicates: `x_within` repeats `x_span`, and raw day counts repeat
    the spans written out. Grounding still accepts every rendered value."""
    spans = {k.removesuffix("_span") for k in values if k.endswith("_span")}
    raw = {
        "customs_min",
        "customs_max",
        "transit_min",
        "transit_max",
        "handling_days",
        "refund_days",
        "carrier_days",
        "invoice_days",
        "reply_hours",
        "return_window_days",
        "warranty_months",
    }
    return {
        k: v
        for k, v in values.items()
        if not k.endswith("_within")
        and not (k in raw and (k.rsplit("_", 1)[0] in spans or k.removesuffix("_days") in spans))
    }


def faq_facts(faq: list[FaqHit]) -> list[dict[str, Any]]:
    return [{"id": h.id, "topic": h.topic, "answer": h.answer, "facts": h.facts} for h in faq[:_MAX_FAQ]]


def llm_facts(
    request: ComposeRequest, *, knowledge_dir: Path = BUNDLED_KNOWLEDGE
) -> tuple[dict[str, Any], FactSheet]:
    """(the facts block shown to the model, the fact sheet it came from: the facts stage's, when the
    pipeline ran it)."""
    rendered = request.facts or build_facts(request, knowledge_dir=knowledge_dir)
    values = rendered.as_dict()
    policy = effective_policy(request.store, request.message.platform)
    block = {
        "buyer_language": request.language,
        "next_check": f"{values.get('check_day', '')} {values.get('check_time', '')}".strip(),
        "rendered": rendered_for_model(values),
        "order": order_facts(request.retrieval.order),
        "faq": faq_facts(request.retrieval.faq),
        "store_policy": policy.model_dump(mode="json", exclude=_POLICY_SKIP),
    }
    block.update(buyer_facts(request, rendered))
    return block, rendered


def buyer_facts(request: ComposeRequest, rendered: FactSheet) -> dict[str, Any]:
    """What the buyer stated and asked (drafter.details), and the situation the template composer
    would answer, so both composers agree on what the reply must say."""
    details = rendered.state.get("details")
    if details is None:
        return {}
    situations = special_situations(
        request.classification.intent,
        rendered.state,
        safety_flag=Flag.safety_issue in request.classification.flags,
    )
    return {
        "buyer_stated": details.model_dump(exclude_none=True, exclude_defaults=True),
        "situation": situations[0].name if situations else None,
    }


def facts_json(facts: dict[str, Any]) -> str:
    # sort_keys: the same request always yields the same prompt bytes (cassettes match on the body).
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, default=str)


def situation_name(request: ComposeRequest, rendered: FactSheet | None) -> str:
    """The situation the template composer would answer (e.g. in_transit, late, ask_order)."""
    try:
        found = candidates(request.classification.intent, rendered) if rendered is not None else []
    except Exception:  # noqa: BLE001 - a hint for the model, never a reason to fail a draft
        found = []
    intent = request.classification.intent.value
    return f"{intent} / {found[0].name}" if found else intent


def must_contain(request: ComposeRequest, facts: dict[str, Any]) -> str:
    """What the reply must state, in the words the prompt uses (routing checks the same facts)."""
    order = request.retrieval.order
    needed = required_facts(request.classification.intent, order)
    items = []
    if "order_id" in needed:
        items.append(f"the order number {needed['order_id']}")
    if "tracking_number" in needed:
        carrier = f" ({order.carrier})" if order is not None and order.carrier else ""
        items.append(f"the tracking number {needed['tracking_number']}{carrier}")
    if order is None and request.retrieval.order_lookup != "found":
        items.append("a request for the order number (we could not find the order)")
    if facts.get("next_check"):
        items.append(f"when we check again: {facts['next_check']}")
    return "; ".join(items) or "a direct answer from the facts"


_WORDS = re.compile(r"\w+")


def copied_from_buyer(restatement: str, buyer_text: str, *, min_words: int = 8, min_chars: int = 24) -> str:
    """The longest run of the buyer's words the restatement repeats, when it is long enough to be a copy."""
    mine = [w.casefold() for w in _WORDS.findall(restatement)]
    theirs = [w.casefold() for w in _WORDS.findall(buyer_text)]
    if len(mine) >= 4 and len(theirs) >= 4:
        match = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).find_longest_match(
            0, len(mine), 0, len(theirs)
        )
        if match.size >= min_words:
            return " ".join(mine[match.a : match.a + match.size])
    # Scripts without spaces (zh, ja): characters instead of words.
    a, b = "".join(restatement.split()), "".join(buyer_text.split())
    if a and not a.isascii():
        match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        if match.size >= min_chars:
            return a[match.a : match.a + match.size]
    return ""
