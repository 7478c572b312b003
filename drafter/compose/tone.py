"""The human touch around the three parts: greeting, apology, the buyer's other questions, sign-off.

- greeting: with the buyer's name when the order has one; an Islamic greeting is answered in kind;
  on AliExpress, Russian-speaking buyers get one friendly emoji when nothing went wrong.
- apology: only when the seller is at fault (late, missing, defective, refund overdue), in the
  market's own formula (words.apology in the language file).
- answers: every question the buyer asked besides the main one (delivery time, customs fees,
  waterproofing, compatibility, care), from the facts, or an honest "we check and tell you".
- sign-off: the store's name from its profile.
"""

from __future__ import annotations

import re

from drafter.compose.render import fill
from drafter.compose.special import Special
from drafter.models import FactSheet

# Situations that already answer a topic: no extra sentence for it.
_COVERS = {
    "delivery_time": {
        "in_transit",
        "late",
        "delivery_estimate",
        "delivery_general",
        "not_shipped",
        "out_for_delivery",
        "stale_tracking",
        "customs_long",
        "out_for_delivery_stuck",
        "customs",
    },
    "customs_fees": set(),
}
_SERIOUS = (
    "safety",
    "defect",
    "refund",
    "price_drop",
    "delivered_not_received",
    "stale",
    "customs",
    "late",
    "out_for_delivery_stuck",
    "return_closed",
    "cancel_too_late",
    "address_too_late",
    "partial_cancel_late",
)


_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


def opening(
    data: dict, facts: FactSheet, situation: Special, restatement: str, *, platform: str, rest: str = ""
) -> str:
    words = data.get("words") or {}
    v = facts.values
    details = facts.state.get("details")
    greeting_words = words.get("greeting") or {}
    greeting = None
    if details is not None and details.says("salam") and words.get("greeting_salam"):
        greeting = fill([words["greeting_salam"]], v, start=0) or None
    if greeting is None:
        greeting = fill([greeting_words.get("name", "")], v, start=0) if v.get("buyer_name") else None
        greeting = greeting or greeting_words.get("none")
    apology = (words.get("apology") or {}).get(situation.apology) if situation.apology else None
    # One friendly emoji where the market likes it, never on bad news.
    if (
        greeting
        and not apology
        and platform == "aliexpress"
        and words.get("friendly_emoji")
        and not situation.name.startswith(_SERIOUS)
        and not _EMOJI.search(rest + restatement)
    ):
        greeting = f"{greeting} {words['friendly_emoji']}"
    head = "\n".join(p for p in (greeting,) if p)
    body = words.get("sentence_join", " ").join(p for p in (apology, restatement) if p)
    return f"{head}\n{body}" if head else body


def answers(
    data: dict, facts: FactSheet, situation: Special, solution: str, *, secondary: tuple[str, ...] = ()
) -> str:
    """The solution, plus one sentence for each other question the buyer asked (read from the message,
    or a secondary intent the classifier found)."""
    details = facts.state.get("details")
    if details is None:
        return solution
    if "delivery_time" in secondary and not details.asks("delivery_time"):
        details = details.model_copy(update={"topics": [*details.topics, "delivery_time"]})
    extra = data.get("extra") or {}
    v, st = facts.values, facts.state
    lines: list[str] = []
    if details.says("tried") and situation.name.startswith(("defect", "safety")):
        lines.insert(0, extra.get("tried", ""))
    order = st.get("order")
    if details.asks("delivery_time") and situation.name not in _COVERS["delivery_time"]:
        key = (
            "delivery_time_none"
            if order is None
            else (
                "delivery_time_moving"
                if v.get("eta_date")
                and order.status.value in ("shipped", "in_transit", "in_customs", "out_for_delivery")
                else "delivery_time_pre"
            )
        )
        lines.append(_one(extra.get(key), v))
    if details.asks("customs_fees") and situation.name != "faq":
        lines.append(
            _one(extra.get("customs_fees") if v.get("country") else extra.get("customs_fees_none"), v)
        )
    if situation.name != "product_answer":
        lines += product_lines(extra, facts)
    join = (data.get("words") or {}).get("sentence_join", " ")
    text = join.join(x for x in lines if x)
    if not text:
        return solution
    if details.says("tried") and lines and lines[0] == extra.get("tried"):
        tried, rest = lines[0], join.join(x for x in lines[1:] if x)
        return join.join(x for x in (tried, solution, rest) if x)
    return f"{solution}{join}{text}"


def product_lines(extra: dict, facts: FactSheet) -> list[str]:
    """Catalogue answers to the product questions asked, and an honest line for what it lacks."""
    v, st = facts.values, facts.state
    out = []
    for topic in st.get("answered") or []:
        key = "compatibility_slower" if topic == "compatibility" and v.get("compat_slower") else topic
        out.append(_one(extra.get(key), v))
    if st.get("unanswered") and v.get("product_name"):
        out.append(_one(extra.get("unknown"), v))
    return [x for x in out if x]


def closing(data: dict, facts: FactSheet, commitment: str) -> str:
    signoff = (data.get("words") or {}).get("signoff")
    if not signoff or not facts.values.get("store_name"):
        return commitment
    return f"{commitment}\n\n{fill([signoff], facts.values, start=0)}"


def _one(template: str | None, values: dict[str, str]) -> str:
    if not template:
        return ""
    return fill([template], values, start=0) or ""
