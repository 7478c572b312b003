"""Links and e-mail addresses, including the disguises sellers (and LLMs) use to slip them through.

Text arrives NFKC-normalised (full-width "＠" is "@"), so these patterns see plain ASCII forms.
A dot may be written ".", "。", " . ", "(.)", "[dot]" or as a word ("dot", "punto", "точка"...); an
at-sign as "@", "(at)", "[at]", or a word ("arroba", "собака"...). Words come from the pack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafter.lint.detectors import Detector, Hit, detector
from drafter.lint.document import Doc
from drafter.lint.packs import RuleSpec

_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_MAX_AT_SIGNS = 200


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(str(w)) for w in sorted({str(w) for w in words}, key=len, reverse=True))


def _dot(dot_words: list[str]) -> str:
    # Symmetric spacing only: "shop . com" is a disguise, "Total. Net weight" is a sentence.
    words = _alternation(dot_words)
    return (
        rf"(?:[.。]|\s[.。]\s|\s?[\[({{]\s?(?:\.|dot|{words})\s?[\]_)}}]\s?"
        rf"|\s(?:{words})\s)"
    )


def _tld(p: dict) -> str:
    generic = _alternation(p.get("tlds_generic", []))
    country = _alternation(p.get("tlds_country", []))
    # Country codes are often words ("it", "es", "de"): only lowercase counts, "sentence.It" does not.
    return rf"(?:(?i:{generic})|{country})"


@detector("url")
def url_detector(spec: RuleSpec) -> Detector:
    p = spec.params
    dot = _dot(p.get("dot_words", []))
    shorteners = _alternation(p.get("shorteners", []))
    scheme = re.compile(
        r"(?<![A-Za-z0-9])(?:h[tx]{2}ps?|ftp)\s?:\s?/\s?/\s?\S+|(?<![A-Za-z0-9])www\s?(?:[.。]|\s[.。]\s|\s?[\[(]\s?\.\s?[\])]\s?)\s?[^\W_]\S*",
        re.I,
    )
    domain = re.compile(
        rf"(?<![A-Za-z0-9@.\-/])((?:{_LABEL}{dot}){{1,6}})({_tld(p)})(?![\w-])((?:[/?#][^\s]{{0,200}}[\w/])?)"
    )
    short = re.compile(rf"(?<![\w.])(?:{shorteners})(?:/\S*)?", re.I) if shorteners else None
    own = {k: {d.lower() for d in v} for k, v in (p.get("own_domains") or {}).items()}

    def detect(doc: Doc) -> Iterator[Hit]:
        text = doc.norm
        taken: list[tuple[int, int]] = []
        for m in scheme.finditer(text):
            taken.append(m.span())
            yield m.start(), m.end(), None
        for pattern in (short, domain):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                if pattern is domain and not m.group(3):
                    labels = re.split(r"\W+", m.group(1).lower())
                    if any(lbl in own.get(doc.platform.value, ()) for lbl in labels):
                        continue  # "Amazon.de" on Amazon names the marketplace; a path would be a link
                taken.append(m.span())
                yield m.start(), m.end(), None

    return detect


@detector("email")
def email_detector(spec: RuleSpec) -> Detector:
    p = spec.params
    dot = _dot(p.get("dot_words", []))
    at_words = _alternation(p.get("at_words", []))
    tld = _tld(p)
    at = rf"(?:\s?@\s?|\s?[\[({{<]\s?(?:at|@|{at_words})\s?[\])}}>]\s?|\s(?:{at_words})\s)"
    address = re.compile(
        rf"(?<![\w.+-])[\w.+-]{{1,64}}{at}{_LABEL}(?:{dot}{_LABEL}){{0,4}}{dot}{tld}(?![\w-])"
    )
    providers = _alternation(p.get("providers", []))
    # "bestshop@gmail" with the domain's end left off: still an address to any reader.
    bare = re.compile(rf"(?<![\w.+-])[\w.+-]+\s?@\s?(?:{providers})(?![\w.@])", re.I) if providers else None
    plain = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")

    def detect(doc: Doc) -> Iterator[Hit]:
        text = doc.norm
        found: list[tuple[int, int]] = []
        for pattern in (address, bare):
            for m in pattern.finditer(text) if pattern is not None else ():
                if not any(s <= m.start() < e for s, e in found):
                    found.append(m.span())
                    yield m.start(), m.end(), None
        # Letter-by-letter spacing ("s h o p @ g m a i l . c o m"): squeeze the spaces around each @.
        # Bounded: a reply with hundreds of "@" is broken anyway, and one hit is enough to block it.
        for at_pos in [i for i, ch in enumerate(text) if ch == "@"][:_MAX_AT_SIGNS]:
            if any(s <= at_pos < e for s, e in found):
                continue
            lo, hi = max(0, at_pos - 40), min(len(text), at_pos + 40)
            keep = [i for i in range(lo, hi) if not text[i].isspace()]
            squeezed = "".join(text[i] for i in keep)
            for m in plain.finditer(squeezed):
                start, end = keep[m.start()], keep[m.end() - 1] + 1
                if start <= at_pos < end:
                    found.append((start, end))
                    yield start, end, None

    return detect
