"""Lint on pathological input: no regular expression of any detector may do quadratic (or worse) work.

A 10,000-letter word took seconds in the reply-language check: `\\S+@\\S+` and `[\\w-]*\\d` were
tried from every position of the word, each attempt re-reading the rest of it. The checks here count
work, not seconds:
- every pattern a detector uses (module constants, and the ones compiled inside each rule's detector,
  found through its closure) runs under the `regex` module's work bound (`timeout`) on 100,000
  characters of each pathological input: a linear pattern needs about 10^5 steps (milliseconds), a
  quadratic one about 10^10 (minutes), so the bound separates them by orders of magnitude whatever
  the machine's load. The old reply-language pattern fails this test (see the last test).
- whole `lint_text` runs on 10,000 and 100,000 characters complete and report what they should.
No assertion is on elapsed time.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.config import REPO_ROOT
from drafter.lint import document, grounding
from drafter.lint.compiled import compiled_rules
from drafter.lint.context import LintContext
from drafter.lint.detectors import checks, contact, evasions, phones, reply_language, voice
from drafter.lint.engine import lint_text
from drafter.lint.scripts import Alternation
from drafter.models import Platform

RULES_DIR = REPO_ROOT / "knowledge" / "rules"
PLATFORMS = ("amazon", "aliexpress", "ebay", "shopify")
# A bound far above linear work on these inputs and far below quadratic work (see the module doc).
WORK_BOUND_S = 20.0


def pathological(n: int) -> dict[str, str]:
    return {
        "letters": "a" * n,
        "spaced digits": "1 " * (n // 2),
        "spaced letters": "a " * (n // 2),
        "mixed scripts": "aд" * (n // 2),
        "capitals": "aB1" * (n // 3),
        "newlines": "\n" * n,
        "blank lines": "\n \n" * (n // 3),
        "at signs": "a@" * (n // 2),
        "dotted": "a." * (n // 2),
        "cjk digits": "一二三" * (n // 3),
        "brackets": "[" * n,
    }


# The inputs run at 100,000 characters (the others at 10,000): long single words, spaced runs,
# mixed scripts, and the characters the contact and paragraph patterns key on.
LONG = ("letters", "spaced digits", "spaced letters", "mixed scripts", "newlines", "at signs", "capitals")


def _patterns_in(obj: object, seen: set[int], depth: int = 0) -> Iterator[re.Pattern[str]]:
    """Every compiled pattern reachable from a detector: closure cells, nested functions, containers."""
    if id(obj) in seen or depth > 6:
        return
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        yield obj
    elif isinstance(obj, Alternation):
        full = obj.full()
        if full is not None:
            yield full
    elif isinstance(obj, types.FunctionType):
        for cell in obj.__closure__ or ():
            try:
                yield from _patterns_in(cell.cell_contents, seen, depth + 1)
            except ValueError:  # an empty cell
                continue
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _patterns_in(value, seen, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for value in obj:
            yield from _patterns_in(value, seen, depth + 1)


def lint_patterns() -> list[re.Pattern[str]]:
    seen: set[int] = set()
    found: dict[tuple[str, int], re.Pattern[str]] = {}
    for module in (document, grounding, checks, contact, evasions, phones, reply_language, voice):
        for pattern in _patterns_in(list(vars(module).values()), seen):
            found[(pattern.pattern, pattern.flags)] = pattern
    for platform in PLATFORMS:
        for rule in compiled_rules(RULES_DIR, platform, None):
            for pattern in _patterns_in(rule.detect, seen):
                found[(pattern.pattern, pattern.flags)] = pattern
    return list(found.values())


def _as_regex(pattern: re.Pattern[str]) -> regex.Pattern[str]:
    # The two modules number their flags differently (re.ASCII is regex.VERSION1): map them by name.
    names = ("IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII")
    flags = sum(getattr(regex, n) for n in names if pattern.flags & getattr(re, n))
    return regex.compile(pattern.pattern, flags | regex.VERSION0)


def test_the_patterns_are_found() -> None:
    patterns = lint_patterns()
    # Module constants and the patterns compiled inside the rules' detectors (packs included).
    assert len(patterns) > 60
    sources = {p.pattern for p in patterns}
    assert reply_language._NOISE.pattern in sources
    assert any("@" in s and "[\\w.+-]" in s for s in sources)  # contact.email's own patterns


@pytest.mark.parametrize("name", LONG)
def test_no_lint_pattern_does_superlinear_work(name: str) -> None:
    text = pathological(100_000)[name]
    over = []
    for pattern in lint_patterns():
        try:
            for _ in _as_regex(pattern).finditer(text, timeout=WORK_BOUND_S):
                pass
        except TimeoutError:
            over.append(pattern.pattern[:120])
    assert over == []


@pytest.mark.parametrize(
    ("n", "buyer"),
    # A Latin-script buyer, and the script-share path (Japanese) that reads Latin names out first.
    [(10_000, "en"), (10_000, "ja"), pytest.param(100_000, "en", marks=pytest.mark.slow)],
)
def test_lint_text_completes_on_pathological_input(n: int, buyer: str) -> None:
    inputs = pathological(n)
    for name in inputs if n <= 10_000 else LONG:
        text = inputs[name]
        result = lint_text(
            text, platform=Platform.amazon, context=LintContext(buyer_language=buyer, rules_dir=RULES_DIR)
        )
        assert "all.max-length" in {v.rule_id for v in result.violations}, name


_NOISE_BEFORE = r"https?://\S+|\S+@\S+|[\w-]*\d[\w-]*"  # the reply-language pattern before the fix


def test_the_bound_catches_the_old_pattern() -> None:
    """The work bound is not vacuous: the pattern this file was written for exceeds it."""
    with pytest.raises(TimeoutError):
        for _ in regex.compile(_NOISE_BEFORE).finditer("a" * 100_000, timeout=WORK_BOUND_S / 10):
            pass


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="ab1-@ :/.h\tp\nд", max_size=40))
def test_the_fixed_patterns_match_as_before(text: str) -> None:
    assert reply_language._NOISE.sub(" ", text) == re.sub(_NOISE_BEFORE, " ", text)
    assert reply_language._BLANK_LINE.split(text) == re.split(r"\n\s*\n", text)
