"""Keyword and pattern matching for risk flags and prompt injection (lists live in knowledge/risk/).

List syntax (every entry is normalised with textnorm.normalize before compiling):
- `lawyer*`  a word starting with "lawyer" (lawyers, lawyer's)
- `sue`      the whole word only
- `take you to court`  spaces also match hyphens and runs of whitespace
- `re:<regex>`  a regular expression on the normalised text
- `=brand`   applies only when the message is in the list's own language (a homograph elsewhere:
             German "Brand" is a fire, English "brand" is not)
Entries in Han, kana and Hangul match anywhere in the text (no word spaces to anchor on; Korean
attaches particles). Arabic entries may carry attached clitics (و ف ب ل ك ال) in front.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.classify.textnorm import normalize

_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Arabic writes conjunctions, prepositions and the article onto the word: و ف ب ل ك + ال.
_ARABIC_CLITICS = r"(?:[وفبلك]?(?:ال|لل)?|[وف]?س)"


def _term_regex(entry: str) -> str:
    if entry.startswith("re:"):
        return entry[3:]
    prefix = entry.endswith("*")
    term = normalize(entry.rstrip("*"))
    body = r"[\s\-]+".join(re.escape(part) for part in term.split(" "))
    if _UNSPACED.search(term):
        return body
    if _ARABIC.search(term):
        return r"(?<!\w)" + _ARABIC_CLITICS + body + (r"\w*" if prefix else r"(?!\w)")
    return r"(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)")


@dataclass
class PhraseSet:
    """Compiled phrases for one flag: global ones, per-language local ones, and exceptions."""

    global_re: re.Pattern | None = None
    local_re: dict[str, re.Pattern] = field(default_factory=dict)
    except_re: re.Pattern | None = None

    @classmethod
    def build(cls, terms: dict[str, list[str]], exceptions: dict[str, list[str]] | None = None) -> "PhraseSet":
        glob: list[str] = []
        local: dict[str, list[str]] = {}
        for lang, entries in (terms or {}).items():
            for entry in entries or []:
                entry = str(entry).strip()
                if entry.startswith("="):
                    local.setdefault(lang, []).append(_term_regex(entry[1:]))
                elif entry:
                    glob.append(_term_regex(entry))
        excepts = [_term_regex(str(e)) for entries in (exceptions or {}).values() for e in entries or []]
        return cls(
            global_re=_compile(glob),
            local_re={lang: rx for lang, pats in local.items() if (rx := _compile(pats))},
            except_re=_compile(excepts),
        )

    def find(self, normalized: str, language: str | None) -> list[str]:
        """Matched phrases in a normalised text (empty when nothing matched)."""
        text = self.except_re.sub(" ", normalized) if self.except_re else normalized
        found: list[str] = []
        for rx in (self.global_re, self.local_re.get(language or "")):
            if rx is not None:
                found.extend(m.group(0).strip() for m in rx.finditer(text))
        return list(dict.fromkeys(f for f in found if f))


def _compile(patterns: list[str]) -> re.Pattern | None:
    if not patterns:
        return None
    # Longest first, so the evidence shows "legal action" rather than "legal" when both are listed.
    ordered = sorted(set(patterns), key=lambda p: (-len(p), p))
    return re.compile("|".join(f"(?:{p})" for p in ordered))
