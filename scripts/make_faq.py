"""Regenerate knowledge/faq/faq.jsonl from knowledge/faq/_source/<lang>.yaml and the store policies.

Each source file holds one question and answer per topic, with {fields} filled from a policy. The
facts an answer states go into the entry's `facts`, so the composer can check them against the
store and never repeat a figure that contradicts it. Entries:
- every store (store_id null), per platform where the topic depends on the platform policy, from
  the platform defaults;
- each demo store, only where its own policy changes a figure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.compose.policy_facts import policy_facts  # noqa: E402
from drafter.compose.vocabulary import Vocabulary  # noqa: E402
from drafter.knowledge import effective_policy, known_store_ids, read_yaml, store_profile  # noqa: E402
from drafter.models import SUPPORTED_LANGUAGES, Platform, StorePolicy  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"
OUT = KNOWLEDGE / "faq" / "faq.jsonl"
PER_PLATFORM = ("shipping", "returns", "refunds")


def values_for(policy: StorePolicy, vocab: Vocabulary, platform: str) -> dict[str, str]:
    transit = (policy.transit_days.get("default") or {}).get("default") or (7, 15)
    return {
        "handling_span": vocab.span("business_day", policy.handling_days),
        "handling_within": vocab.span("business_day", policy.handling_days, within=True),
        "transit_span": vocab.span("day", transit[0], transit[1]),
        "customs_span": vocab.span("day", *policy.customs_days),
        "return_window_span": vocab.span("day", policy.return_window_days),
        "return_window_within": vocab.span("day", policy.return_window_days, within=True),
        "return_shipping": vocab.word("return_paid_by", policy.return_shipping_paid_by),
        "return_how": vocab.word("return_how", platform),
        "refund_span": vocab.span("business_day", policy.refund_days),
        "refund_within": vocab.span("business_day", policy.refund_days, within=True),
        "invoice_span": vocab.span("business_day", policy.commitments.invoice_business_days),
        "invoice_within": vocab.span("business_day", policy.commitments.invoice_business_days, within=True),
        "warranty_span": vocab.span("month", policy.warranty_months),
        "warranty_within": vocab.span("month", policy.warranty_months, within=True),
        "platform_name": {
            "aliexpress": "AliExpress",
            "amazon": "Amazon",
            "ebay": "eBay",
            "shopify": "Shopify",
        }.get(platform, ""),
    }


def entries_for(language: str, store_id: str | None, baseline: dict | None) -> list[dict]:
    source = read_yaml(KNOWLEDGE / "faq" / "_source" / f"{language}.yaml")
    vocab = Vocabulary(language, read_yaml(KNOWLEDGE / "templates" / f"{language}.yaml"))
    profile = store_profile(KNOWLEDGE, store_id or "_platform-defaults_")
    rows = []
    for topic, text in source["topics"].items():
        platforms = [p.value for p in Platform] if topic in PER_PLATFORM else ["*"]
        for platform in platforms:
            policy = effective_policy(profile, platform if platform != "*" else "shopify")
            facts = policy_facts(topic, policy)
            key = (topic, platform)
            if baseline is not None and baseline.get(key) == facts:
                continue  # the store says what every store says: the shared entry serves it
            values = values_for(policy, vocab, platform if platform != "*" else "shopify")
            suffix = "" if platform == "*" else f"-{platform}"
            prefix = f"faq-{store_id}-" if store_id else "faq-"
            rows.append(
                {
                    "id": f"{prefix}{topic}{suffix}",
                    "platform": platform,
                    "language": language,
                    "topic": topic,
                    "question": text["q"].format_map(values),
                    "answer": text["a"].format_map(values),
                    "store_id": store_id,
                    "facts": facts,
                }
            )
    return rows


def main() -> None:
    rows: list[dict] = []
    languages = [
        lang for lang in SUPPORTED_LANGUAGES if (KNOWLEDGE / "faq" / "_source" / f"{lang}.yaml").exists()
    ]
    for language in languages:
        shared = entries_for(language, None, None)
        rows += shared
        baseline = {(r["topic"], r["platform"]): r["facts"] for r in shared}
        for store_id in known_store_ids(KNOWLEDGE):
            rows += entries_for(language, store_id, baseline)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} FAQ entries to {OUT}")


if __name__ == "__main__":
    main()
