"""Stage: detect the buyer's language (ISO 639-1), restricted to the supported languages.

langdetect alone is unreliable on short texts ("где заказ?"), so the script decides first where it
can (Hangul, kana, Han, Arabic, Cyrillic), the buyer's locale breaks ties on short Latin-script
texts, and langdetect runs on a private, seeded factory restricted to our profiles so results are
deterministic. On Latin-script texts, langdetect's character model is combined with a word model
built from the labelled buyer messages in knowledge/intents/seed: short shop messages ("colis pas
reçu", "paket noch nicht da") are mostly words that model has seen in one language only.
Russian written in Latin letters ("privet, gde moi zakaz?") is recognised by its vocabulary
(drafter/text/translit.py) before any of that, and answered in Russian. On a text too short to
tell, without a locale, the platform's most frequent buyer languages break the tie
(knowledge/language/platform_languages.yaml).

Everything read from knowledge/ comes from the `knowledge_dir` the caller passes (the pipeline passes
its Knowledge's); the loaders are cached on that path.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from drafter.config import BUNDLED_KNOWLEDGE
from drafter.models import SUPPORTED_LANGUAGES, LanguageResult
from drafter.text.seed import load_seed
from drafter.text.translit import russian_share

_PROFILE_CODES = {lang: ("zh-cn" if lang == "zh" else lang) for lang in SUPPORTED_LANGUAGES}
_LATIN_LANGS = ("en", "es", "fr", "pt", "de", "it", "pl", "nl", "tr")

_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Letters that exist in one supported Latin-script language only: strong hints on short texts.
_UNIQUE_LETTERS = (
    ("pl", re.compile(r"[ąęłńśźżĄĘŁŃŚŹŻ]")),
    ("tr", re.compile(r"[ğışİĞŞ]")),
    ("de", re.compile(r"[ßäÄ]")),
    ("es", re.compile(r"[ñÑ¿¡]")),
    ("pt", re.compile(r"[ãõÃÕ]")),
)
_SHORT = 25  # below this many letters, langdetect is a coin toss: trust hints more


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    import langdetect

    profiles_dir = os.path.join(os.path.dirname(langdetect.__file__), "profiles")
    factory = DetectorFactory()
    factory.seed = 0
    profiles = []
    for code in _PROFILE_CODES.values():
        with open(os.path.join(profiles_dir, code), encoding="utf-8") as fh:
            profiles.append(fh.read())
    factory.load_json_profile(profiles)
    return factory


_WORD = re.compile(r"[^\W\d_]+")
_SMOOTHING = 0.1


@lru_cache(maxsize=2)
def _word_model(seed_dir: Path) -> dict[str, dict[str, float]]:
    """word -> {language: log P(word | language)} over the Latin-script languages of the seed set."""
    counts: dict[str, Counter] = {lang: Counter() for lang in _LATIN_LANGS}
    try:
        examples = load_seed(seed_dir)
    except (FileNotFoundError, ValueError):
        return {}
    for ex in examples:
        if ex.language in counts:
            counts[ex.language].update(w.casefold() for w in _WORD.findall(ex.text))
    vocab = set().union(*counts.values())
    model: dict[str, dict[str, float]] = {}
    for lang, counter in counts.items():
        denom = sum(counter.values()) + _SMOOTHING * len(vocab)
        for word in vocab:
            model.setdefault(word, {})[lang] = math.log((counter[word] + _SMOOTHING) / denom)
    return model


def _word_probs(text: str, knowledge_dir: Path) -> dict[str, float]:
    """Posterior over Latin-script languages from known words; empty when no word is known."""
    model = _word_model(knowledge_dir / "intents" / "seed")
    known = [model[w] for w in (w.casefold() for w in _WORD.findall(text)) if w in model]
    if not known:
        return {}
    scores = {lang: sum(k[lang] for k in known) for lang in _LATIN_LANGS}
    top = max(scores.values())
    exp = {lang: math.exp(v - top) for lang, v in scores.items()}
    total = sum(exp.values())
    return {lang: v / total for lang, v in exp.items()}


@lru_cache(maxsize=2)
def _latin_vocabulary(seed_dir: Path) -> frozenset[str]:
    return frozenset(_word_model(seed_dir))


@lru_cache(maxsize=2)
def _platform_languages(knowledge_dir: Path) -> dict[str, list[str]]:
    from drafter.knowledge import read_yaml

    path = knowledge_dir / "language" / "platform_languages.yaml"
    return (
        {str(k): [str(v) for v in vs] for k, vs in (read_yaml(path) or {}).items()} if path.exists() else {}
    )


def looks_transliterated(
    text: str, locale: str | None = None, *, knowledge_dir: Path = BUNDLED_KNOWLEDGE
) -> bool:
    """Russian written in Latin letters, by the same test detect_language applies."""
    return bool(_LATIN.search(text)) and _transliterated_russian(text, locale_language(locale), knowledge_dir)


def _transliterated_russian(text: str, hint: str | None, knowledge_dir: Path) -> bool:
    """Latin letters, Russian words: at least half the words of three letters or more are Russian words
    that are not words of a Latin-script language we support (two such words, or one when it is the
    whole message and nothing says otherwise)."""
    russian, words = russian_share(text, knowledge_dir, _latin_vocabulary(knowledge_dir / "intents" / "seed"))
    if not words or russian * 2 < words:
        return False
    if russian >= 2:
        return True
    # One word ("spasibo!") decides only when nothing says otherwise and it is not a short word that
    # other languages write too ("net", "da").
    return russian == words and (hint == "ru" or (hint is None and len(_LATIN.findall(text)) >= 5))


def _platform_prior(platform: str | None, lang: str, knowledge_dir: Path) -> float:
    """1.0 for a platform's most frequent buyer language, falling off down its list; 0.3 when not listed."""
    ranked = _platform_languages(knowledge_dir).get(platform or "", [])
    return 1.0 - 0.05 * ranked.index(lang) if lang in ranked else 0.3


def locale_language(locale: str | None) -> str | None:
    """'pt_BR' -> 'pt', 'zh-Hans-CN' -> 'zh'; None when not a supported language."""
    if not locale:
        return None
    lang = re.split(r"[-_]", locale.strip().lower(), maxsplit=1)[0]
    return lang if lang in SUPPORTED_LANGUAGES else None


def _by_script(text: str) -> str | None:
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh"
    if _ARABIC.search(text):
        return "ar"
    cyr, lat = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyr and cyr >= lat:
        return "ru"
    return None


def _langdetect_probs(text: str) -> list[tuple[str, float]]:
    detector = _factory().create()
    detector.append(text)
    try:
        probs = detector.get_probabilities()
    except LangDetectException:
        return []
    reverse = {v: k for k, v in _PROFILE_CODES.items()}
    return [(reverse.get(p.lang, p.lang), p.prob) for p in probs]


def detect_language(
    text: str,
    *,
    locale: str | None = None,
    platform: str | None = None,
    knowledge_dir: Path = BUNDLED_KNOWLEDGE,
) -> LanguageResult:
    """`locale`: the buyer's locale if the channel knows it; `platform`: the marketplace, a weak prior used
    only on texts too short to tell; `knowledge_dir`: where the word model and platform priors come from."""
    hint = locale_language(locale)
    script = _by_script(text)
    if script:
        return LanguageResult(language=script, confidence=0.99, method="script")
    letters = len(_LATIN.findall(text))
    if letters == 0:
        return LanguageResult(language=hint or "en", confidence=0.3, method="locale" if hint else "default")
    if _transliterated_russian(text, hint, knowledge_dir):
        return LanguageResult(language="ru", confidence=0.9, method="transliteration", transliterated=True)
    for lang, pattern in _UNIQUE_LETTERS:
        if letters < _SHORT and pattern.search(text):
            return LanguageResult(language=lang, confidence=0.9, method="script")
    probs = [(lang, p) for lang, p in _langdetect_probs(text) if lang in _LATIN_LANGS]
    words = _word_probs(text, knowledge_dir)
    if words:
        # langdetect is overconfident on a few words; the shop-vocabulary model is the better witness
        # on short texts, the character model on long ones.
        weight = 0.65 if letters < 2 * _SHORT else 0.4
        detected = dict(probs)
        combined = {
            lang: (1 - weight) * detected.get(lang, 0.0) + weight * words[lang] for lang in _LATIN_LANGS
        }
        probs = sorted(combined.items(), key=lambda kv: -kv[1])
    if not probs:
        return LanguageResult(language=hint or "en", confidence=0.3, method="locale" if hint else "default")
    if not hint and platform and letters < _SHORT:
        probs = sorted(
            ((lang, p * _platform_prior(platform, lang, knowledge_dir)) for lang, p in probs),
            key=lambda kv: -kv[1],
        )
        total = sum(p for _, p in probs) or 1.0
        probs = [(lang, p / total) for lang, p in probs]
    best, best_p = probs[0]
    if hint and hint != best:
        hinted = dict(probs).get(hint, 0.0)
        # A short text or a close call: the buyer's own locale is the better witness.
        if letters < _SHORT or hinted >= best_p * 0.5:
            return LanguageResult(language=hint, confidence=max(hinted, 0.6), method="locale")
    return LanguageResult(language=best, confidence=round(best_p, 4), method="langdetect")
