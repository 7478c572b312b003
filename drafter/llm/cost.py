"""Token usage and cost per draft, from the usage fields the API returns (never from tiktoken)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class UsageMeter:
    """Adds up every call made for one draft; `as_dict()` is what lands in Draft.usage."""

    model: str
    price_in_per_1k: float
    price_out_per_1k: float
    input_tokens: int = 0
    output_tokens: int = 0
    calls: list[dict[str, Any]] = field(default_factory=list)

    def add_call(
        self,
        *,
        prompt: str,
        outcome: str,
        attempts: int,
        latency_ms: float,
        usage: dict[str, Any] | None = None,
        raw: str | None = None,
    ) -> None:
        tokens_in = int((usage or {}).get("input_tokens") or 0)
        tokens_out = int((usage or {}).get("output_tokens") or 0)
        self.input_tokens += tokens_in
        self.output_tokens += tokens_out
        call: dict[str, Any] = {
            "prompt": prompt,
            "outcome": outcome,
            "attempts": attempts,
            "latency_ms": round(latency_ms, 1),
            "input_tokens": tokens_in,
            "output_tokens": tokens_out,
        }
        if raw is not None:
            call["raw_output"] = raw[:4000]  # the run record shows what the model really said
        self.calls.append(call)

    @property
    def cost_usd(self) -> float:
        return (self.input_tokens * self.price_in_per_1k + self.output_tokens * self.price_out_per_1k) / 1000

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "total_tokens": self.input_tokens + self.output_tokens,
            "cost_usd": round(self.cost_usd, 8),
            "calls": self.calls,
        }
