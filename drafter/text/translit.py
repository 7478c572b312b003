"""Russian written in Latin letters ("privet, gde moi zakaz? zhdu uzhe mesyac"): recognise it and read it
back into Cyrillic.

Buyers transliterate inconsistently (y/j/i for й and ы, ya/ja/ia for я, kh/h/x for х, ts/c for ц, 4 for ч,
with or without the soft sign), so words are compared by a *skeleton* that folds those variants
together. A Cyrillic word gets the same skeleton through a canonical romanisation, so "zhdu", "jdu" is not
matched but "mesyac", "mesiats" and "месяц" all are. The vocabulary is data: the Russian seed messages
(knowledge/intents/seed) and knowledge/language/ru_words.txt.

The language stage uses `russian_share` to decide; the classifier reads `to_cyrillic(text)` so the
intent model, the flag lists and the injection patterns see the Russian they were built for.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from drafter.text.normalize import normalize
from drafter.text.seed import load_seed

_CYR_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "є": "ye",
    "і": "i",
    "ї": "yi",
    "ґ": "g",
}
# Skeleton folding, applied in order to a lower-case Latin word (buyer's or romanised).
_FOLDS = (
    (re.compile(r"shch|sch|shh|sh"), "S"),
    (re.compile(r"zh"), "Z"),
    (re.compile(r"ch|4"), "C"),
    (re.compile(r"kh|x|h"), "H"),
    (re.compile(r"ts|tz|c"), "T"),  # ц
    (re.compile(r"(?<=[aeiou])[yj](?=[aeiou])"), "i"),  # moya -> moia
    (re.compile(r"^[yj]e|(?<=[aeiou])[yj]e"), "e"),  # yesli, moye
    (re.compile(r"[yj]o"), "e"),  # vsyo, jolka: ё is written as е in the vocabulary
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"q"), "k"),
    (re.compile(r"'"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
)
_LATIN_WORD = re.compile(r"[a-z4']+")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Words of one or two letters ("a", "i", "no", "to", "da", "ne") are as common in other languages.
_MIN_WORD = 3


def skeleton(word: str) -> str:
    word = word.lower()
    if _CYRILLIC.search(word):
        word = "".join(_CYR_TO_LATIN.get(ch, ch) for ch in word)
    for pattern, repl in _FOLDS:
        word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=2)
def vocabulary(knowledge_dir: Path) -> dict[str, str]:
    """skeleton -> the most frequent Cyrillic word with that skeleton."""
    counts: Counter[str] = Counter()
    try:
        counts.update(
            w
            for ex in load_seed(knowledge_dir / "intents" / "seed")
            if ex.language == "ru"
            for w in _CYRILLIC_WORD.findall(ex.text.lower().replace("ё", "е"))
        )
    except (FileNotFoundError, ValueError):
        pass
    words_file = knowledge_dir / "language" / "ru_words.txt"
    if words_file.exists():
        for line in words_file.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                counts[line.strip().lower().replace("ё", "е")] += 3  # a listed word is a common word
    best: dict[str, tuple[int, str]] = {}
    for word, n in counts.items():
        key = skeleton(word)
        if key not in best or n > best[key][0]:
            best[key] = (n, word)
    return {key: word for key, (_, word) in best.items()}


def _latin_words(text: str) -> list[str]:
    return _LATIN_WORD.findall(normalize(text))


def russian_share(
    text: str, knowledge_dir: Path, other_vocab: frozenset[str] | set[str] = frozenset()
) -> tuple[int, int]:
    """(Russian words, words of at least three letters) in a Latin-script text. A word that is also a word
    of another supported language (`other_vocab`, lower case) does not count as Russian."""
    vocab = vocabulary(knowledge_dir)
    words = [w for w in _latin_words(text) if len(w.strip("'")) >= _MIN_WORD]
    russian = sum(1 for w in words if skeleton(w) in vocab and w not in other_vocab)
    return russian, len(words)


def is_mostly_latin(text: str) -> bool:
    letters = _LETTER.findall(text)
    cyrillic = sum(1 for ch in letters if _CYRILLIC.match(ch))
    return bool(letters) and cyrillic * 2 < len(letters)


# Letter-by-letter reading for words the vocabulary does not know; longest match first.
_RULES = sorted(
    {
        "shch": "щ",
        "sch": "щ",
        "zh": "ж",
        "kh": "х",
        "ch": "ч",
        "sh": "ш",
        "ts": "ц",
        "ya": "я",
        "ja": "я",
        "yu": "ю",
        "ju": "ю",
        "yo": "ё",
        "jo": "ё",
        "ye": "е",
        "je": "е",
        "iy": "ий",
        "yy": "ый",
        "a": "а",
        "b": "б",
        "v": "в",
        "g": "г",
        "d": "д",
        "e": "е",
        "z": "з",
        "i": "и",
        "j": "й",
        "k": "к",
        "l": "л",
        "m": "м",
        "n": "н",
        "o": "о",
        "p": "п",
        "r": "р",
        "s": "с",
        "t": "т",
        "u": "у",
        "f": "ф",
        "h": "х",
        "x": "х",
        "c": "ц",
        "w": "в",
        "q": "к",
        "4": "ч",
        "'": "ь",
    }.items(),
    key=lambda kv: -len(kv[0]),
)


# Reflexive past tense ("zadymilas", "slomalos") drops the soft sign in Latin letters; put it back.
_REFLEXIVE = re.compile(r"(л[аои]с)$")


def _letters(word: str) -> str:
    out, i = [], 0
    while i < len(word):
        if word[i] == "y":  # ы after a consonant, й after a vowel or at the start
            out.append("й" if i == 0 or word[i - 1] in "aeiou" else "ы")
            i += 1
            continue
        for latin, cyr in _RULES:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(word[i])
            i += 1
    return _REFLEXIVE.sub(r"\1ь", "".join(out))


def to_cyrillic(text: str, knowledge_dir: Path) -> str:
    """The text with every Latin word read as Russian (known words from the vocabulary, others letter by
    letter). Digits, punctuation and Cyrillic are kept."""
    vocab = vocabulary(knowledge_dir)

    def word(match: re.Match) -> str:
        w = match.group(0)
        if w.isdigit():
            return w
        return vocab.get(skeleton(w)) or _letters(w)

    return re.sub(r"[a-z][a-z4']*", word, normalize(text))
