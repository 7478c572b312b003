"""What an LLM run did, beside the eval metrics: how often the model's draft was used, why not,
how long and how many prompt tokens per draft, and the two safety counts that matter for a real
model (a reply in the wrong language that got through, an auto-sent reply missing a required fact).
"""

from __future__ import annotations

from collections import Counter
from statistics import mean, median
from typing import Any


def _reason(text: str) -> str:
    """'lint_blocked_after_repair: all.no-url, claims.x' stays whole; 'llm_error: KeyError' too."""
    return text.strip()


def llm_summary(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    ran = [o for o in outcomes if o.get("predicted")]
    replies = [o.get("reply") or {} for o in ran]
    used = [o for o, r in zip(ran, replies) if r.get("composer") == "llm" and not r.get("fallback_reason")]
    calls = [c for o in ran for c in (o.get("usage") or {}).get("calls", [])]
    prompt_tokens = [c["input_tokens"] for c in calls if c.get("input_tokens")]
    call_ms = [c["latency_ms"] for c in calls if c.get("outcome") == "ok"]
    draft_ms = [o["timings"].get("compose", 0.0) for o in ran if o.get("timings")]
    return {
        "drafts": len(ran),
        "llm_used": len(used),
        "llm_used_rate": round(len(used) / len(ran), 4) if ran else None,
        "fallback_reasons": dict(
            Counter(_reason(r["fallback_reason"]) for r in replies if r.get("fallback_reason"))
        ),
        "repaired": sum(1 for o in used if (o.get("reply") or {}).get("situation") == "llm_repaired"),
        "calls": len(calls),
        "call_outcomes": dict(Counter(c.get("outcome") for c in calls)),
        "compose_ms_per_draft": {
            "median": round(median(draft_ms), 1) if draft_ms else None,
            "mean": round(mean(draft_ms), 1) if draft_ms else None,
            "max": round(max(draft_ms), 1) if draft_ms else None,
        },
        "ms_per_ok_call": {
            "median": round(median(call_ms), 1) if call_ms else None,
            "max": round(max(call_ms), 1) if call_ms else None,
        },
        "prompt_tokens_per_call": {
            "median": median(prompt_tokens) if prompt_tokens else None,
            "mean": round(mean(prompt_tokens), 1) if prompt_tokens else None,
        },
        "auto_sent": sum(1 for o in ran if o["predicted"].get("route") == "auto_send"),
        "auto_sent_llm": sum(1 for o in used if o["predicted"].get("route") == "auto_send"),
        # The eval's own check (langdetect over the whole reply), independent of the lint rule.
        "wrong_language_passes": sum(1 for o in used if o["checks"].get("reply_language") is False),
        "auto_sent_missing_required_facts": sum(
            1
            for o in ran
            if o["predicted"].get("route") == "auto_send" and o["checks"].get("required_facts") is False
        ),
        "llm_drafts_missing_required_facts": sum(
            1 for o in used if o["checks"].get("required_facts") is False
        ),
        "unsafe_auto_sends": sum(1 for o in ran if o["checks"].get("unsafe_auto_send") is False),
    }
