"""Text normalization shared by the keyword matchers: case, accents, width and script variants.

The keyword lists in knowledge/risk/ are normalized with the same function, so a list entry
"reclamação" matches "RECLAMACAO", "Reclamaçao" and "reclamacao" alike.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic: diacritics (harakat), tatweel, and letter variants buyers type interchangeably.
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
# Letters that do not decompose under NFD but that buyers still write without the accent.
_LATIN_MAP = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"})
_SPACES = re.compile(r"\s+")
# Letters repeated three or more times ("sooooo", "!!!!") collapse to two.
_REPEATS = re.compile(r"(.)\1{2,}")


def normalize(text: str) -> str:
    """Lower-case, accent-free, width-folded text with collapsed whitespace.

    NFKC first folds full-width Latin and half-width kana (common in CJK input methods);
    NFD then splits accents off Latin letters so they can be dropped. Hangul is recomposed at the end
    so Korean keywords still match syllable by syllable.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("ё", "е").translate(_LATIN_MAP)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    # Drop combining marks except the Japanese voicing marks (dakuten), which change the word.
    stripped = "".join(
        ch for ch in decomposed if not (unicodedata.combining(ch) and ch not in "\u3099\u309a")
    )
    text = unicodedata.normalize("NFC", stripped)
    text = _REPEATS.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip()
