"""Where the buyer-language reply and the reviewer-language reply disagree on a number or a date.

Both replies state facts the composer rendered per language (a date is "15 de marzo de 2026" in one and
"2026年3月15日" in the other), so facts are compared by name: a fact stated in one reply and not in the
other is a disagreement. Numbers left over once the facts are taken out (typed in by an editor, or by a
translation) are compared by value.
"""

from __future__ import annotations

import re
from collections import Counter

from drafter.drafts.reviewer_view import Disagreement

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def _occurrences(text: str, value: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where `value` stands in `text` as a whole (not inside a longer number), outside spans already taken."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(re.escape(value), text):
        s, e = m.start(), m.end()
        if (s > 0 and text[s - 1].isdigit() and value[0].isdigit()) or (
            e < len(text) and text[e].isdigit() and value[-1].isdigit()
        ):
            continue
        if any(a < e and s < b for a, b in taken + spans):
            continue
        spans.append((s, e))
    return spans


def _numbers(text: str, taken: list[tuple[int, int]], min_digits: int) -> list[tuple[str, tuple[int, int]]]:
    out = []
    for m in _NUMBER.finditer(text):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            continue
        digits = re.sub(r"\D", "", m.group())
        if len(digits) >= min_digits:
            out.append((m.group().replace(",", "."), (s, e)))
    return out


def disagreements(
    buyer_text: str,
    reviewer_text: str,
    buyer_facts: dict[str, str] | None = None,
    reviewer_facts: dict[str, str] | None = None,
    *,
    min_digits: int = 1,
) -> list[Disagreement]:
    """Facts stated in one reply only, then numbers left over in one reply only.

    Without facts (a machine translation) only the numbers are compared; `min_digits=2` then leaves out
    single digits, which a translation may write as words or as a month number.
    """
    b_text, r_text = buyer_text.translate(_DIGITS), reviewer_text.translate(_DIGITS)
    out: list[Disagreement] = []
    b_taken: list[tuple[int, int]] = []
    r_taken: list[tuple[int, int]] = []
    facts_b, facts_r = buyer_facts or {}, reviewer_facts or {}
    # Longest values first: a date is taken before the day number inside it could be taken alone.
    names = sorted(
        (k for k in facts_b.keys() & facts_r.keys() if any(c.isdigit() for c in facts_b[k] + facts_r[k])),
        key=lambda k: (-len(facts_b[k].translate(_DIGITS)), k),
    )
    # Facts that render the same numbers in both languages ("30 Tage" as a span, "30 Tagen" after "within"; two
    # facts on the same date) are one statement: a reply may use either name.
    same: dict[tuple, list[str]] = {}
    found_b: dict[tuple, tuple[int, int]] = {}
    found_r: dict[tuple, tuple[int, int]] = {}
    for name in names:
        bv, rv = facts_b[name].translate(_DIGITS), facts_r[name].translate(_DIGITS)
        key = (tuple(sorted(re.findall(r"\d+", bv))), tuple(sorted(re.findall(r"\d+", rv))))
        same.setdefault(key, []).append(name)
        b_spans, r_spans = _occurrences(b_text, bv, b_taken), _occurrences(r_text, rv, r_taken)
        b_taken += b_spans
        r_taken += r_spans
        if b_spans:
            found_b.setdefault(key, b_spans[0])
        if r_spans:
            found_r.setdefault(key, r_spans[0])
    for key in [k for k in same if (k in found_b) != (k in found_r)]:
        b_span, r_span = found_b.get(key), found_r.get(key)
        out.append(
            Disagreement(
                kind="fact",
                fact=same[key][0],
                buyer_text=buyer_text[b_span[0] : b_span[1]] if b_span else None,
                buyer_span=b_span,
                reviewer_text=reviewer_text[r_span[0] : r_span[1]] if r_span else None,
                reviewer_span=r_span,
            )
        )
    b_left, r_left = _numbers(b_text, b_taken, min_digits), _numbers(r_text, r_taken, min_digits)
    unmatched_r = Counter(v for v, _ in r_left) - Counter(v for v, _ in b_left)
    unmatched_b = Counter(v for v, _ in b_left) - Counter(v for v, _ in r_left)
    for value, span in b_left:
        if unmatched_b[value] > 0:
            unmatched_b[value] -= 1
            out.append(Disagreement(kind="number", buyer_text=buyer_text[span[0] : span[1]], buyer_span=span))
    for value, span in r_left:
        if unmatched_r[value] > 0:
            unmatched_r[value] -= 1
            out.append(
                Disagreement(
                    kind="number", reviewer_text=reviewer_text[span[0] : span[1]], reviewer_span=span
                )
            )
    return out
