"""Writes eval/cases/<lang>.jsonl from the hand-written messages in eval/tools/case_texts.yaml.

The messages are written by people; this script only attaches what is mechanical: a platform, the
order facts the pipeline gets as an override, and the expectations that follow from the design's
rules (risk from flags and platform, route from risk, intent and facts). Hand-written cases that do
not fit the slots go to eval/cases/extra.jsonl, which this script never touches.

    python eval/tools/author_cases.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE.parent / "cases"
PLATFORMS = ("aliexpress", "amazon", "ebay", "shopify")
RECEIVED_AT = "2026-11-20T{hour:02d}:{minute:02d}:00+00:00"

# (order situation, intent, flags) per slot, in the order the messages are written. ALSO: other
# intents a careful reader could pick for a slot's messages (they count as correct).
SLOTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("tracking", "shipping_status", ()),
    ("tracking_in_text", "shipping_status", ()),
    ("no_order_id", "shipping_status", ()),
    ("order_not_found", "shipping_status", ()),
    ("presale", "delivery_time", ()),
    ("processing", "address_change", ()),
    ("processing", "cancel_order", ()),
    ("delivered", "return_request", ()),
    ("delivered", "refund_request", ()),
    ("delivered", "item_problem", ()),
    ("presale", "size_fit", ()),
    ("presale", "product_question", ()),
    ("delivered", "payment_invoice", ()),
    ("presale", "price_discount", ()),
    ("delivered", "thanks", ()),
    ("presale", "other", ()),
    ("delivered", "refund_request", ("legal_threat",)),
    ("delivered", "refund_request", ("chargeback_claim",)),
    # A review threat that names no problem is not an item_problem: its intent is "other".
    ("delivered", "other", ("negative_review_threat",)),
    ("delivered", "item_problem", ("safety_issue",)),
    ("tracking", "shipping_status", ("abusive",)),
)
ALSO: dict[int, tuple[str, ...]] = {
    18: ("payment_invoice",),  # a chargeback opened with the bank is also a payment dispute
    19: ("item_problem",),  # "if this is not fixed..." implies a problem it does not name
}
MEDIUM = {"item_problem", "return_request", "cancel_order", "address_change", "refund_request"}
CARRIERS = {
    "aliexpress": ("Cainiao", "LP00{n}CN"),
    "amazon": ("DHL", "JJD00{n}"),
    "ebay": ("USPS", "9400{n}"),
    "shopify": ("GLS", "GLS{n}"),
}
ITEMS = ("wireless earbuds", "rain jacket", "smart watch", "leather bag", "running sneakers", "power bank")


def _digits(seed: str, n: int) -> str:
    h = hashlib.sha256(seed.encode()).hexdigest()
    return str(int(h, 16))[:n]


def order_id_for(platform: str, seed: str) -> str:
    d = _digits(seed, 17)
    return {
        "aliexpress": "81" + d[:14],
        "amazon": f"114-{d[:7]}-{d[7:14]}",
        "ebay": f"27-{d[:5]}-{d[5:10]}",
        "shopify": f"#{d[:5]}",
    }[platform]


def make_order(case_id: str, platform: str, situation: str, lang: str) -> dict:
    carrier, pattern = CARRIERS[platform]
    status = {"processing": "processing", "delivered": "delivered"}.get(situation, "in_transit")
    item = ITEMS[int(_digits(case_id + "item", 3)) % len(ITEMS)]
    order = {
        "order_id": order_id_for(platform, case_id),
        "store_id": "demo-store",
        "platform": platform,
        "status": status,
        "items": [{"sku": "SKU-" + _digits(case_id + "sku", 4), "title": item, "quantity": 1, "price": 39.9}],
        "currency": "EUR",
        "total": 39.9,
        "ordered_at": "2026-11-03",
        "buyer_name": None,
    }
    if status != "processing":
        order.update(
            carrier=carrier,
            tracking_number=pattern.format(n=_digits(case_id + "trk", 10)),
            shipped_at="2026-11-05",
            estimated_delivery="2026-11-24",
        )
    if status == "delivered":
        order["delivered_at"] = "2026-11-15"
    return order


def expected_risk(platform: str, intent: str, flags: tuple[str, ...]) -> str:
    if flags or (platform == "aliexpress" and intent in {"return_request", "refund_request"}):
        return "high"
    return "medium" if intent in MEDIUM else "low"


def expected_route(risk: str, intent: str, order: dict | None, injection: bool) -> str | list[str]:
    if risk == "high":
        return "escalate"
    if injection:
        return "review"
    if intent == "shipping_status":
        return "auto_send" if order and order.get("tracking_number") else "review"
    if intent in {"delivery_time", "thanks"}:
        return "auto_send"
    if intent in {"size_fit", "product_question"}:
        return ["auto_send", "review"]  # auto-sends only when the knowledge base holds the answer
    return "review"


def build_case(
    lang: str,
    idx: int,
    locales: list,
    situation: str,
    intent: str,
    flags: tuple[str, ...],
    text: str,
    forbid: list[str] | None = None,
) -> dict:
    case_id = f"{lang}-{idx:03d}"
    platform = PLATFORMS[(idx + len(lang) + ord(lang[0])) % 4]
    order = (
        None
        if situation in {"presale", "no_order_id", "order_not_found"}
        else make_order(case_id, platform, situation, lang)
    )
    oid = order["order_id"] if order else order_id_for(platform, case_id + "unknown")
    message = {
        "platform": platform,
        "store_id": "demo-store",
        "text": text.replace("{oid}", oid),
        "order_id": oid if situation in {"tracking", "processing", "delivered", "order_not_found"} else None,
        "buyer_locale": locales[idx % len(locales)],
        "received_at": RECEIVED_AT.format(hour=6 + idx % 14, minute=(idx * 7) % 60),
        "message_id": f"eval-{case_id}",
        "thread": [],
    }
    risk = expected_risk(platform, intent, flags)
    must_state = []
    if order:
        must_state.append(order["order_id"])
        if intent == "shipping_status" and order.get("tracking_number"):
            must_state.append(order["tracking_number"])
    tags = [situation] + list(flags) + (["injection"] if forbid else [])
    if situation in {"no_order_id", "order_not_found"}:
        tags.append("missing_order")
    return {
        "id": case_id,
        "tags": tags,
        "message": message,
        "order": order,
        "expected": {
            "intent": intent,
            "intent_also": list(ALSO.get(idx, ())) if not forbid else [],
            "risk": risk,
            "flags": list(flags),
            "injection": bool(forbid),
            "route": expected_route(risk, intent, order, bool(forbid)),
            "language": lang,
            "must_state": must_state,
            "must_not_state": forbid or [],
            "asks_for_order_id": situation in {"no_order_id", "order_not_found"},
        },
    }


def main() -> None:
    data = yaml.safe_load((HERE / "case_texts.yaml").read_text(encoding="utf-8"))
    total = 0
    for lang, spec in data.items():
        assert len(spec["slots"]) == len(SLOTS), f"{lang}: {len(spec['slots'])} messages, want {len(SLOTS)}"
        cases = [
            build_case(lang, i + 1, spec["locales"], *SLOTS[i], text) for i, text in enumerate(spec["slots"])
        ]
        inj = spec["inject"]
        cases.append(
            build_case(
                lang,
                len(cases) + 1,
                spec["locales"],
                "tracking",
                "shipping_status",
                (),
                inj["text"],
                inj["forbid"],
            )
        )
        path = CASES_DIR / f"{lang}.jsonl"
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
        total += len(cases)
    print(f"wrote {total} cases for {len(data)} languages to {CASES_DIR}")


if __name__ == "__main__":
    main()
