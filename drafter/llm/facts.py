"""The facts block an LLM draft may state, built from the same facts the template composer uses.

drafter.compose.facts renders every fact for the buyer (dates in the buyer's language, money with
its currency, spans such as "7 to 15 days"); the model gets those renderings plus the raw order and
the FAQ entries retrieved, and nothing else. The grounding check gets the same renderings as
`allowed`, so whatever the model copies from here passes, and whatever it invents does not.
"""

from __future__ import annotations

import json
from typing import Any

from drafter.compose import ComposeRequest
from drafter.compose.facts import Facts, build_facts
from drafter.knowledge import effective_policy
from drafter.models import FaqHit, Order

_MAX_EVENTS = 3
_MAX_FAQ = 3
# Policy parts the rendered values already carry for this order (size rows, transit span, check
# time); the full tables would cost tokens and tempt the model to name carriers and spans that are
# not this order's.
_POLICY_SKIP = {"transit_days", "business_hours", "size_charts", "commitments"}


def order_facts(order: Order | None) -> dict[str, Any] | None:
    if order is None:
        return None
    data = order.model_dump(mode="json", exclude_none=True, exclude={"buyer_name", "store_id"})
    data["tracking_events"] = data.get("tracking_events", [])[-_MAX_EVENTS:]
    return data


def faq_facts(faq: list[FaqHit]) -> list[dict[str, Any]]:
    return [{"id": h.id, "topic": h.topic, "answer": h.answer, "facts": h.facts} for h in faq[:_MAX_FAQ]]


def llm_facts(request: ComposeRequest, *, knowledge_dir=None) -> tuple[dict[str, Any], Facts]:
    """(the facts block shown to the model, the rendered Facts it came from)."""
    rendered = build_facts(request, knowledge_dir=knowledge_dir)
    values = rendered.as_dict()
    policy = effective_policy(request.store, request.message.platform)
    block = {
        "buyer_language": request.language,
        "next_check": f"{values.get('check_day', '')} {values.get('check_time', '')}".strip(),
        "rendered": values,
        "order": order_facts(request.retrieval.order),
        "faq": faq_facts(request.retrieval.faq),
        "store_policy": policy.model_dump(mode="json", exclude=_POLICY_SKIP),
    }
    block.update(buyer_facts(request, rendered))
    return block, rendered


def buyer_facts(request: ComposeRequest, rendered: Facts) -> dict[str, Any]:
    """What the buyer stated and asked (drafter.details), and the situation the template composer
    would answer, so both composers agree on what the reply must say."""
    from drafter.compose.special import special_situations
    from drafter.models import Flag

    details = rendered.state.get("details")
    if details is None:
        return {}
    situations = special_situations(request.classification.intent, rendered.state,
                                    safety_flag=Flag.safety_issue in request.classification.flags)
    return {
        "buyer_stated": details.model_dump(exclude_none=True, exclude_defaults=True),
        "situation": situations[0].name if situations else None,
    }


def facts_json(facts: dict[str, Any]) -> str:
    # sort_keys: the same request always yields the same prompt bytes (cassettes match on the body).
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, default=str)
