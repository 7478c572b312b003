"""Risk flags and prompt injection from the lists in knowledge/risk/ (data, loaded once per process).

Two signals per flag: the keyword/pattern lists (high recall, evidence is the matched phrase) and
embedding similarity to the flag's exemplar messages (catches wording the lists miss; evidence is
"~" plus the exemplar). Keyword lists are the primary signal; a miss there is what the second
signal is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from drafter.classify.keywords import PhraseSet
from drafter.classify.softmax import rowdot
from drafter.knowledge import read_yaml
from drafter.models import Flag
from drafter.text.normalize import normalize

DEFAULT_SIMILARITY = 0.8


@dataclass(frozen=True)
class FlagRules:
    phrases: dict[Flag, PhraseSet]
    context: dict[Flag, PhraseSet]  # broad terms that count only when the message complains
    similarity: dict[Flag, float]
    exemplars: dict[Flag, list[tuple[str, str]]]  # flag -> [(language, text)]
    injection: PhraseSet


def _read_yaml(path: Path) -> dict:
    return read_yaml(path) or {} if path.exists() else {}


def _negation(risk_dir: Path) -> dict[str, tuple[re.Pattern | None, re.Pattern | None]]:
    data = _read_yaml(risk_dir / "negation.yaml")
    before, after = data.get("before") or {}, data.get("after") or {}
    return {
        lang: (
            re.compile(before[lang]) if lang in before else None,
            re.compile(after[lang]) if lang in after else None,
        )
        for lang in {*before, *after}
    }


@lru_cache(maxsize=4)
def load_rules(risk_dir: Path) -> FlagRules:
    phrases: dict[Flag, PhraseSet] = {}
    context: dict[Flag, PhraseSet] = {}
    similarity: dict[Flag, float] = {}
    exemplars: dict[Flag, list[tuple[str, str]]] = {}
    negation = _negation(risk_dir)
    for flag in Flag:
        data = _read_yaml(risk_dir / "flags" / f"{flag.value}.yaml")
        negatable = negation if data.get("negatable") else None
        phrases[flag] = PhraseSet.build(data.get("terms") or {}, data.get("exceptions") or {}, negatable)
        context[flag] = PhraseSet.build(
            data.get("context_terms") or {}, data.get("exceptions") or {}, negatable
        )
        similarity[flag] = float(data.get("similarity_threshold", DEFAULT_SIMILARITY))
        rows = []
        for line in data.get("exemplars") or []:
            lang, _, text = str(line).partition(" | ")
            rows.append((lang.strip(), text.strip()))
        exemplars[flag] = rows
    injection = _read_yaml(risk_dir / "injection.yaml")
    return FlagRules(
        phrases=phrases,
        context=context,
        similarity=similarity,
        exemplars=exemplars,
        injection=PhraseSet.build(
            injection.get("terms") or {}, injection.get("exceptions") or {}, per_language=False
        ),
    )


def keyword_flags(
    rules: FlagRules, text: str, language: str | None, *, complaint: bool = False
) -> dict[str, list[str]]:
    """Matched phrases per flag. `complaint`: the message complains (an action intent), which lets the
    broad context terms count ("review" is a threat in a complaint, not in a thank-you note)."""
    normalized = normalize(text)
    evidence: dict[str, list[str]] = {}
    for flag, phrase_set in rules.phrases.items():
        found = phrase_set.find(normalized, language)
        if complaint and not found:
            found = rules.context[flag].find(normalized, language)
        if found:
            evidence[flag.value] = found
    return evidence


def similar_flags(
    vectors: np.ndarray,
    exemplar_vectors: np.ndarray,
    exemplar_flags: list[str],
    exemplar_texts: list[str],
    thresholds: dict[Flag, float],
) -> dict[str, list[str]]:
    """Flags whose exemplars are close to the message or one of its sentences (rows of `vectors`)."""
    if not len(exemplar_vectors) or not len(vectors):
        return {}
    sims = rowdot(vectors, exemplar_vectors)  # both L2-normalized: cosine similarity
    best = sims.max(axis=0)
    evidence: dict[str, list[str]] = {}
    for j in np.argsort(-best, kind="stable"):
        flag = Flag(exemplar_flags[j])
        if best[j] >= thresholds.get(flag, DEFAULT_SIMILARITY) and len(evidence.get(flag.value, [])) < 2:
            evidence.setdefault(flag.value, []).append(f"~{exemplar_texts[j]} ({best[j]:.2f})")
    return evidence


def is_injection(rules: FlagRules, text: str) -> tuple[bool, list[str]]:
    found = rules.injection.find(normalize(text), None)
    return bool(found), found


__all__ = ["load_rules", "keyword_flags", "similar_flags", "is_injection"]
