"""Whose voice the restatement is in: the seller restates the buyer's issue *to* the buyer.

Small models often copy the buyer's point of view into the restated-issue part ("I ordered a lamp
and my parcel has not arrived", "The buyer is asking where the parcel is"). The facts may be right,
but the reply reads as if the buyer wrote it, or as a note about the buyer. The phrasings are data
per language (knowledge/rules/voice.yaml, with examples that must fire and must pass).

params:
  patterns: {language: [regex, ...]}: only the reply's and the buyer's languages are used, because
            a word that is the buyer's voice in one language is ordinary in another (Spanish "he"
            is "I have"; Italian "mi" is "me").
  unless_before: [regex, ...] searched in the 40 characters before a match; a hit cancels it
            ("in the section «My Orders»": a page of the marketplace, not the buyer speaking).
  max_chars: how much of the restatement is read (default 600; a restatement is a sentence or two).

A match whose words all start with a capital ("My Orders", "Meus Pedidos") is a page or menu name
of the marketplace, not the buyer's voice.

What is read: the restatement part when the three parts are known (lint_draft), otherwise the first
paragraph of the text (Draft.join puts the restatement first). Text inside quotation marks is left
out: quoting the buyer's words is not speaking as the buyer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafter.lint.detectors import Detector, Hit, detector
from drafter.lint.detectors.patterns import compile_any
from drafter.lint.document import Doc, normalise
from drafter.lint.packs import RuleSpec

# Bounded, no nested quantifiers: linear on any input (see tests/lint/test_pathological.py).
_QUOTED = re.compile(
    r'"[^"\n]{0,300}"|“[^”\n]{0,300}”|«[^»\n]{0,300}»|„[^“”\n]{0,300}[“”]|「[^」\n]{0,300}」'
)


def _restatement_span(doc: Doc, max_chars: int) -> tuple[int, int]:
    """[start, end) of the restated-issue part in doc.norm."""
    parts = doc.context.draft_parts
    if parts is not None:
        restatement = normalise(parts[0].strip())[0]
        if not restatement:
            return 0, 0
        start = doc.norm.find(restatement)
        if start >= 0:
            return start, start + min(len(restatement), max_chars)
    cut = doc.norm.find("\n\n", 0, max_chars)
    return 0, cut if cut >= 0 else min(len(doc.norm), max_chars)


@detector("restatement_voice")
def restatement_voice(spec: RuleSpec) -> Detector:
    by_language = {
        lang: compile_any(list(patterns or []))
        for lang, patterns in (spec.params.get("patterns") or {}).items()
    }
    if not any(by_language.values()):
        raise ValueError(f"rule {spec.id}: restatement_voice needs params.patterns per language")
    max_chars = int(spec.params.get("max_chars", 600))
    before = compile_any(list(spec.params.get("unless_before") or []))

    def menu_name(text: str) -> bool:
        words = text.split()
        return len(words) >= 2 and all(w[:1].isupper() for w in words)

    def detect(doc: Doc) -> Iterator[Hit]:
        languages = {lang for lang in (doc.language, doc.buyer_language) if lang}
        patterns = [
            p for lang, p in by_language.items() if p is not None and (not languages or lang in languages)
        ]
        start, end = _restatement_span(doc, max_chars)
        if not patterns or end <= start:
            return
        quoted = [m.span() for m in _QUOTED.finditer(doc.norm, start, end)]
        for pattern in patterns:
            for m in pattern.finditer(doc.norm, start, end):
                if m.end() == m.start() or any(a <= m.start() < b for a, b in quoted):
                    continue
                if menu_name(m.group(0)) or (
                    before and before.search(doc.norm, max(0, m.start() - 40), m.start())
                ):
                    continue
                yield m.start(), m.end(), None

    return detect
