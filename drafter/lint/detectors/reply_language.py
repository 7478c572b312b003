"""The reply is in the buyer's language, checked on the text of every part, never on a label.

A composer (or a model) may say "es" and write English, or write two parts in Turkish and the last
in English. So each part (restatement, solution, commitment; for free text, each paragraph) and each
long sentence is checked on its own, after removing what is the same in every language: figures,
ids, links, the order's carrier and item titles (a Japanese reply may quote "wireless headphones").

- Buyers writing in a script of their own (ja, ko, zh, ar, ru): most letters of the part must be in
  that script (Japanese also needs kana, or it reads as Chinese).
- Latin-script buyers: the buyer's common words clearly dominating settles it; otherwise the
  project's language detection decides, with the buyer's language as the locale hint so a short
  part ("Danke!") is not judged on a coin toss; parts with too few letters are not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from drafter.language import detect_language
from drafter.lint.detectors import Detector, Hit, detector
from drafter.lint.document import Doc
from drafter.lint.packs import RuleSpec

_SCRIPTS = {
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "ar": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "ko": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "zh": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"),
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf]"),
}
_KANA = re.compile(r"[\u3040-\u30ff]")
_LATIN_NAME = re.compile(r"(?<![A-Za-z])[A-Za-z]*[A-Z][A-Za-z0-9]*(?![A-Za-z])")
_NOISE = re.compile(r"https?://\S+|\S+@\S+|[\w-]*\d[\w-]*")
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]?")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


@detector("parts_language")
def parts_language(spec: RuleSpec) -> Detector:
    p = spec.params
    min_letters = int(p.get("min_letters", 12))
    sentence_letters = int(p.get("sentence_letters", 40))
    script_share = float(p.get("script_share", 0.6))
    stopwords = {lang: frozenset(w.lower() for w in ws) for lang, ws in (p.get("stopwords") or {}).items()}

    def clearly(text: str, language: str) -> bool:
        own = stopwords.get(language)
        if not own:
            return False
        tokens = [t.lower() for t in _WORD.findall(text)]
        hits = sum(t in own for t in tokens)
        best_other = max(
            (sum(t in ws for t in tokens) for lang, ws in stopwords.items() if lang != language), default=0
        )
        return hits >= 3 and hits >= 2 * best_other

    def in_language(text: str, buyer: str, knowledge_dir: Path) -> bool:
        script = _SCRIPTS.get(buyer)
        if script is not None:
            # In a reply written in its own script, Latin words with a capital are names (MacBook Pro,
            # iPhone, AliExpress Standard Shipping), not a switch of language.
            text = _LATIN_NAME.sub(" ", text)
        letters = _letters(text)
        if letters < min_letters:
            return True  # too little to judge
        if script is not None:
            own = len(script.findall(text))
            if buyer == "ja" and not _KANA.search(text):
                return False
            if buyer == "zh" and len(_KANA.findall(text)) > own // 4:
                return False
            return own >= script_share * letters
        if any(s.search(text) for lang, s in _SCRIPTS.items() if lang != "ja"):
            foreign = sum(len(s.findall(text)) for lang, s in _SCRIPTS.items() if lang not in ("ja",))
            if foreign >= letters / 2:
                return False
        if clearly(text, buyer):
            return True
        return detect_language(text, locale=buyer, knowledge_dir=knowledge_dir).language == buyer

    def neutral(doc: Doc) -> re.Pattern[str] | None:
        """Words every language shares in this reply: the carrier, item titles, SKUs, known ids."""
        names: list[str] = list(doc.known_ids)
        order = doc.order
        if order is not None:
            names += [order.carrier or ""] + [item.title or "" for item in order.items]
        names = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
        return re.compile("|".join(re.escape(n) for n in names), re.I) if names else None

    def pieces(doc: Doc) -> Iterator[tuple[int, int]]:
        text = doc.norm
        parts = doc.context.draft_parts
        chunks = [c for c in (parts or ()) if c and c.strip()] or [
            c for c in re.split(r"\n\s*\n", text) if c.strip()
        ]
        cursor = 0
        for chunk in chunks:
            start = text.find(chunk.strip()[:40], cursor)
            start = cursor if start < 0 else start
            end = min(len(text), start + len(chunk.strip()))
            cursor = end
            yield start, end
            if _letters(chunk) >= 2 * sentence_letters:  # a long part: its long sentences one by one
                for m in _SENTENCE.finditer(text, start, end):
                    if _letters(m.group(0)) >= sentence_letters:
                        yield m.start(), m.end()

    def detect(doc: Doc) -> Iterator[Hit]:
        buyer = doc.buyer_language
        if not buyer:
            return
        shared = neutral(doc)
        for start, end in pieces(doc):
            piece = _NOISE.sub(" ", doc.norm[start:end])
            if shared is not None:
                piece = shared.sub(" ", piece)
            if not in_language(piece, buyer, doc.context.knowledge_dir):
                yield start, end, None, f"this part is not in '{buyer}'"

    return detect
