"""Keyword and pattern matching for risk flags and prompt injection (lists live in knowledge/risk/).

List syntax (every entry is normalized with textnorm.normalize before compiling):
- `lawyer*`  a word starting with "lawyer" (lawyers, lawyer's); also inside phrases: `bad* review*`
- `sue`      the whole word only
- `take you to court`  spaces also match hyphens and runs of whitespace
- `re:<regex>`  a regular expression on the normalized text
Which messages a list applies to: the entries under a language apply only to messages in that language
(German "stornieren" is not Italian "storno", "Note" is a French word only in French). Entries under
`any` apply to every message; so do the English entries (buyers mix English into every language)
unless marked `=`:
- `=crooked` (under en) applies only when the message is English; `=` on another language's entry
             changes nothing (it is local already).
Entries in Han, kana and Hangul match anywhere in the text (no word spaces to anchor on; Korean
attaches particles). Arabic entries may carry attached clitics (و ف ب ل ك ال) in front.

Hundreds of terms are compiled into one regex per list as a character trie: a flat alternation
makes Python's regex engine try every term at every position (tens of ms per message).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.text.normalize import normalize

_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Arabic writes conjunctions, prepositions and the article onto the word: و ف ب ل ك + ال, and the
# future prefix س.
_ARABIC_CLITICS = r"(?:[وفبلك]?(?:ال|لل)?|[وف]?س)"
_END = ""  # trie key marking the end of a term; value: set of "prefix" / "word" / "any"


def _emit(node: dict) -> str:
    alternatives = []
    for ch in sorted(k for k in node if k != _END):
        piece = r"[\s\-]+" if ch == " " else r"\w*" if ch == "*" else re.escape(ch)
        alternatives.append(piece + _emit(node[ch]))
    ends = node.get(_END, set())
    # Longer continuations are listed first so the evidence shows the longest phrase.
    if "prefix" in ends:
        alternatives.append(r"\w*")
    elif "word" in ends:
        alternatives.append(r"(?!\w)")
    elif "any" in ends:
        alternatives.append("")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def _trie(terms: list[tuple[str, str]]) -> str | None:
    if not terms:
        return None
    root: dict = {}
    for text, end in terms:
        node = root
        for ch in text:
            node = node.setdefault(ch, {})
        node.setdefault(_END, set()).add(end)
    return _emit(root)


@dataclass
class _Terms:
    word: list[tuple[str, str]] = field(default_factory=list)
    arabic: list[tuple[str, str]] = field(default_factory=list)
    unspaced: list[tuple[str, str]] = field(default_factory=list)
    regexes: list[str] = field(default_factory=list)

    def add(self, entry: str) -> None:
        if entry.startswith("re:"):
            self.regexes.append(entry[3:])
            return
        prefix = entry.endswith("*")
        term = normalize(entry.rstrip("*"))
        if not term:
            return
        if _UNSPACED.search(term):
            self.unspaced.append((term, "any"))
        elif _ARABIC.search(term):
            self.arabic.append((term, "prefix" if prefix else "word"))
        else:
            self.word.append((term, "prefix" if prefix else "word"))

    def compile(self) -> re.Pattern | None:
        parts = []
        if (body := _trie(self.word)) is not None:
            parts.append(r"(?<!\w)" + body)
        if (body := _trie(self.arabic)) is not None:
            parts.append(r"(?<!\w)" + _ARABIC_CLITICS + body)
        if (body := _trie(self.unspaced)) is not None:
            parts.append(body)
        parts.extend(f"(?:{rx})" for rx in self.regexes)
        return re.compile("|".join(parts)) if parts else None


@dataclass
class PhraseSet:
    """Compiled phrases for one list: global ones, per-language local ones, and exceptions."""

    global_re: re.Pattern | None = None
    local_re: dict[str, re.Pattern] = field(default_factory=dict)
    except_re: re.Pattern | None = None

    negation: dict[str, tuple[re.Pattern | None, re.Pattern | None]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        terms: dict[str, list[str]],
        exceptions: dict[str, list[str]] | None = None,
        negation: dict[str, tuple[re.Pattern | None, re.Pattern | None]] | None = None,
        *,
        per_language: bool = True,
    ) -> PhraseSet:
        """`negation`: language -> (cue right before a match, cue right after it); a match so negated
        does not count ("no smoke", "煙は出ていません"). None: the list is not negatable.
        `per_language=False`: every entry applies to every message (injection phrases are not homographs)."""
        glob = _Terms()
        local: dict[str, _Terms] = {}
        for lang, entries in (terms or {}).items():
            for entry in entries or []:
                entry = str(entry).strip()
                if entry.startswith("=") or (entry and per_language and lang not in GLOBAL_KEYS):
                    local.setdefault(lang, _Terms()).add(entry.lstrip("="))
                elif entry:
                    glob.add(entry)
        excepts = _Terms()
        for entries in (exceptions or {}).values():
            for entry in entries or []:
                excepts.add(str(entry).strip().lstrip("="))
        return cls(
            global_re=glob.compile(),
            local_re={lang: rx for lang, t in local.items() if (rx := t.compile())},
            except_re=excepts.compile(),
            negation=negation or {},
        )

    def find(self, normalized: str, language: str | None) -> list[str]:
        """Matched phrases in a normalized text (empty when nothing matched)."""
        text = self.except_re.sub(" ", normalized) if self.except_re else normalized
        before, after = self.negation.get(language or "", (None, None))
        found: list[str] = []
        for rx in (self.global_re, self.local_re.get(language or "")):
            if rx is not None:
                found.extend(
                    m.group(0).strip() for m in rx.finditer(text) if not _negated(text, m, before, after)
                )
        return list(dict.fromkeys(f for f in found if f))


GLOBAL_KEYS = ("any", "en")
# How far a negation cue may stand from the phrase it negates, within one clause: the two words before
# it (four characters in Chinese, Japanese, Korean) or the few characters after it (Japanese, Korean
# verbs negate at the end: "煙は出ていません").
_BEFORE_CHARS = 40
_BEFORE_WORDS = 2
_BEFORE_UNSPACED = 4
_AFTER_CHARS = 14
_OR_LIST = re.compile(
    r"(?:\s*\w+\s+(?:or|nor|o|ou|oder|of|ni|nem|veya|ya da|или|ни|lub|albo|ani|ne|أو|او)\s*)+$"
)
_KEEPS_GOING = frozenset("stop stops stopped stopping quit".split())
_ARTICLES = frozenset(
    "a an the any de du des d' la le les un une ein eine einen der die das el los las um uma il lo "
    "gli di het een".split()
)
_CLAUSE_END = re.compile(r"[,.;:!?。！？，、]|\b(?:but|aber|pero|mais|ma|mas|maar|ale|ama|но)\b")


def _negated(text: str, match: re.Match, before: re.Pattern | None, after: re.Pattern | None) -> bool:
    if before is not None:
        window = text[max(0, match.start() - _BEFORE_CHARS) : match.start()]
        window = _CLAUSE_END.split(window)[-1]
        if window and _UNSPACED.search(window[-1]):
            window = window[-_BEFORE_UNSPACED:]
        else:
            # "no smoke or sparks": the cue negates every item of an "or" list
            window = _OR_LIST.sub("", window)
            words = [w for w in window.split() if w not in _ARTICLES]  # "won't leave a bad review"
            if words and words[-1] in _KEEPS_GOING:  # "won't stop bleeding" is no negation
                return False
            window = " ".join(words[-_BEFORE_WORDS:])
        if before.search(window):
            return True
    if after is not None:
        window = _CLAUSE_END.split(text[match.end() : match.end() + _AFTER_CHARS])[0]
        if after.match(window):
            return True
    return False
