"""Evasions a plain phrase pattern misses: words spelled out letter by letter, digits mixed with words.

`squeezed` runs the pack's patterns over a view of the reply in which runs of single letters
separated by spaces or punctuation ("W h a t s A p p", "t.e.l.e.g.r.a.m", "z-e-l-l-e") are joined
into one word; it reports only matches that touch such a run (plain mentions are the business of
the ordinary rules), mapped back to the reply's own span.

`mixed_digits` reads tokens made of digits and number words in any pack language ("five5five",
"12three", "4567") as figures; seven or more of them in a row, with at least one word among them, are
a phone number spelled to slip past the phone rule. Long all-figure tokens (order ids, tracking
numbers) end a run: the phone rule and the grounding check judge those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafter.lint.detectors import Detector, Hit, detector
from drafter.lint.detectors.patterns import compile_any, flatten
from drafter.lint.document import Doc
from drafter.lint.packs import RuleSpec

# A run of at least four single letters/digits, each separated by one to three spaces or marks.
_SPACED = re.compile(r"(?<![^\W_])[^\W_](?:[\s.\-_*·•,/|+'`]{1,3}[^\W_]){3,}(?![^\W_])")
_SINGLE_SEP = re.compile(r"[\s.\-_*·•,/|+'`]{1,3}")


def squeeze(text: str) -> tuple[str, list[int], list[tuple[int, int]]]:
    """(squeezed text, index back into text, squeezed spans that were joined from single letters)."""
    out: list[str] = []
    index: list[int] = []
    joined: list[tuple[int, int]] = []
    pos = 0
    for m in _SPACED.finditer(text):
        pieces = _SINGLE_SEP.split(m.group(0))
        if any(len(p) != 1 for p in pieces):
            continue  # "U.S. Army", "e.g. two": not every piece is one character
        for i in range(pos, m.start()):
            out.append(text[i])
            index.append(i)
        start = len(out)
        for i in range(m.start(), m.end()):
            if not _SINGLE_SEP.fullmatch(text[i]):
                out.append(text[i])
                index.append(i)
        joined.append((start, len(out)))
        pos = m.end()
    for i in range(pos, len(text)):
        out.append(text[i])
        index.append(i)
    index.append(len(text))
    return "".join(out), index, joined


@detector("squeezed")
def squeezed_detector(spec: RuleSpec) -> Detector:
    pattern = compile_any(flatten(spec.params.get("patterns")))
    if pattern is None:
        raise ValueError(f"rule {spec.id}: squeezed detector needs params.patterns")

    def detect(doc: Doc) -> Iterator[Hit]:
        text, index, joined = squeeze(doc.norm)
        if not joined:
            return
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in joined):
                yield index[m.start()], index[m.end() - 1] + 1, None

    return detect


_TOKEN = re.compile(r"[^\W_]+")
# Dates and times are figures in a row too: masked before tokens are read.
_DATES = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}")
_GAP = re.compile(r"[\s\-.()/,]{1,3}")


@detector("mixed_digits")
def mixed_digits_detector(spec: RuleSpec) -> Detector:
    p = spec.params
    words = sorted(
        {str(w).lower() for ws in (p.get("digit_words") or {}).values() for w in ws}, key=len, reverse=True
    )
    unit = re.compile(r"\d|" + "|".join(re.escape(w) for w in words), re.I)
    min_digits = int(p.get("min_digits", 7))
    max_plain = int(p.get("max_plain_digits", 5))

    def figures(token: str) -> tuple[int, int] | None:
        """(figures, words) when the whole token is figures and number words, else None."""
        pos, count, named = 0, 0, 0
        while pos < len(token):
            m = unit.match(token, pos)
            if not m:
                return None
            count += 1
            named += not m.group(0).isdigit()
            pos = m.end()
        return count, named

    def detect(doc: Doc) -> Iterator[Hit]:
        text = _DATES.sub(lambda m: "_" * len(m.group(0)), doc.norm)
        run: list[tuple[int, int, int, int]] = []  # (start, end, figures, words)

        def flush() -> Iterator[Hit]:
            total = sum(r[2] for r in run)
            named = sum(r[3] for r in run)
            plain = total - named
            # Mixed: figures and words together, or words glued into one token ("fivefive").
            if total >= min_digits and named and (plain or any(r[3] > 1 for r in run)):
                yield run[0][0], run[-1][1], None

        last_end = None
        for m in _TOKEN.finditer(text):
            parsed = figures(m.group(0))
            plain_only = parsed is not None and parsed[1] == 0 and parsed[0] > max_plain
            adjacent = last_end is not None and _GAP.fullmatch(text[last_end : m.start()] or " ") is not None
            if parsed is None or plain_only or not adjacent:
                yield from flush()
                run = []
            if parsed is not None and not plain_only:
                run.append((m.start(), m.end(), *parsed))
            last_end = m.end()
        yield from flush()

    return detect
