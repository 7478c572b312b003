"""Writing systems a pattern cannot match without, so lint skips patterns a reply cannot trigger.

The phrase rules match every language's patterns over every reply (a Russian reply that slips into
English must still be caught). But a pattern whose every match contains a Cyrillic letter cannot
match a reply without one, and trying it at each position of that reply is about half of the regex
time. `required_scripts` proves from the parsed pattern which scripts it needs; `Alternation` drops
exactly those patterns when the reply lacks the script, so the matches are the same, only sooner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# The regex parser's own modules (Python 3.11+; typeshed does not describe these private ones).
from re import _constants as C  # type: ignore[attr-defined]  # noqa: N812  (the sre opcodes)
from re import _parser as sre_parse  # type: ignore[attr-defined]

# Code point ranges per script: the blocks of its letters (case variants included, so a literal that
# matches case-insensitively still only matches this script's letters).
SCRIPT_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "arabic": ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "cyrillic": ((0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)),
    "hangul": ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF)),
    "han": ((0x2E80, 0x2FDF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F)),
    "kana": ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)),
}
_PRESENCE = {
    script: re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]", re.IGNORECASE)
    for script, ranges in SCRIPT_RANGES.items()
}


def _script_of(lo: int, hi: int) -> str | None:
    """The script whose ranges hold every code point lo..hi, if any."""
    for script, ranges in SCRIPT_RANGES.items():
        if any(a <= lo and hi <= b for a, b in ranges):
            return script
    return None


def _charset_script(items: list) -> str | None:
    scripts = set()
    for op, arg in items:
        if op is C.LITERAL:
            scripts.add(_script_of(arg, arg))
        elif op is C.RANGE:
            scripts.add(_script_of(arg[0], arg[1]))
        else:  # NEGATE, CATEGORY (\w, \d...): matches outside any one script
            return None
    return scripts.pop() if len(scripts) == 1 else None


def _needs(items) -> frozenset[str]:  # noqa: ANN001  (an sre SubPattern or list of (op, arg))
    """Scripts every match of this sequence must contain a character of."""
    needed: set[str] = set()
    for op, arg in items:
        if op is C.LITERAL:
            script = _script_of(arg, arg)
            if script:
                needed.add(script)
        elif op is C.IN:
            script = _charset_script(arg)
            if script:
                needed.add(script)
        elif op is C.SUBPATTERN:
            needed |= _needs(arg[-1])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            if arg[0] >= 1:
                needed |= _needs(arg[2])
        elif op is getattr(C, "ATOMIC_GROUP", None):
            needed |= _needs(arg)
        elif op is C.BRANCH:
            branches = [_needs(alt) for alt in arg[1]]
            needed |= frozenset.intersection(*branches) if branches else frozenset()
        # AT, ANY, NOT_LITERAL, assertions, group references: require nothing provable
    return frozenset(needed)


@lru_cache(maxsize=4096)
def required_scripts(pattern: str, flags: int = 0) -> frozenset[str]:
    """Scripts that any match of `pattern` contains a character of (empty when nothing is certain)."""
    return _needs(sre_parse.parse(pattern, flags))


def scripts_in(text: str) -> frozenset[str]:
    if text.isascii():
        return frozenset()
    return frozenset(script for script, presence in _PRESENCE.items() if presence.search(text))


class Alternation:
    """One alternation of many patterns (first pattern that matches at a position wins, as in
    "(?:p1)|(?:p2)|..."), compiled per set of scripts present without the patterns that need a
    missing one. Those patterns fail at every position of such a text, so the matches are unchanged."""

    def __init__(self, patterns: Sequence[str], flags: int = 0) -> None:
        self.patterns = list(patterns)
        self.flags = flags
        self.needs = [required_scripts(p, flags) for p in self.patterns]
        self.scripts = frozenset().union(*self.needs)
        self._compiled: dict[frozenset[str], re.Pattern[str] | None] = {}

    def for_scripts(self, present: frozenset[str]) -> re.Pattern[str] | None:
        key = self.scripts & present
        if key not in self._compiled:
            kept = [p for p, need in zip(self.patterns, self.needs) if need <= key]
            self._compiled[key] = re.compile("|".join(f"(?:{p})" for p in kept), self.flags) if kept else None
        return self._compiled[key]

    def full(self) -> re.Pattern[str] | None:
        """Every pattern (what for_scripts gives a text that has every script)."""
        return self.for_scripts(self.scripts)
