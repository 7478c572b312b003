"""Fill phrasings from facts: pick one deterministically per message, never leave a field unfilled."""

from __future__ import annotations

import hashlib
import re
import string
from functools import lru_cache
from typing import Any

_FORMATTER = string.Formatter()
# A value ending in an abbreviation's period ("2026 г.") at the end of a sentence gives "г..".
_DOUBLE_STOP = re.compile(r"(?<=[^\W\d]\.)\.(?!\.)")


@lru_cache(maxsize=8192)
def fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name)


def seed_index(seed: str) -> int:
    return int.from_bytes(hashlib.blake2b(seed.encode("utf-8"), digest_size=4).digest(), "big")


def fill(
    options: list[str] | None, values: dict[str, str], *, start: int, avoid: frozenset[str] = frozenset()
) -> str | None:
    """The first fillable option, starting at `start` and wrapping; options already sent are skipped
    while another one fits (a buyer writing twice gets a different wording)."""
    if not options:
        return None
    fallback = None
    n = len(options)
    for step in range(n):
        option = options[(start + step) % n]
        if not fields(option) <= values.keys():
            continue
        text = _DOUBLE_STOP.sub("", option.format_map(values))
        if text.strip() not in avoid:
            return text
        fallback = fallback or text
    return fallback


def lookup(block: dict[str, Any], *keys: str) -> list[str] | None:
    for key in keys:
        value = block.get(key)
        if value:
            return value
    return None
