"""Patterns left out for a reply that lacks their script: proved from the pattern, and the matches of
every shipped phrase rule are the same with and without the shortcut."""

from __future__ import annotations

import json
import re

import pytest

from drafter.config import get_settings
from drafter.lint.corpus import DEFAULT_CORPUS
from drafter.lint.detectors.patterns import flatten
from drafter.lint.document import normalise
from drafter.lint.packs import all_rules, load_store_pack
from drafter.lint.scripts import Alternation, required_scripts, scripts_in


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"постав\w*", {"cyrillic"}),
        (r"(?:5|пять)\s+звёзд", {"cyrillic"}),  # the alternation is optional, the word after it is not
        (r"(?:5|пять)", set()),
        (r"[а-яё]+", {"cyrillic"}),
        (r"[^а-я]", set()),
        (r"x?звезд", {"cyrillic"}),
        (r"д{0,3}x", set()),  # zero repetitions allowed: nothing required
        (r"(?:给|留)(?:个|我们)?(?:五星|好评)", {"han"}),
        (r"(?:星5|★5|五つ星)", set()),  # "★5" needs no script
        (r"(?:レビュー|評価)[^。]{0,10}(?:お願い|ください)", {"kana"}),
        (r"리뷰\s*(?:삭제|수정)", {"hangul"}),
        (r"تقييم", {"arabic"}),
        (r"\bleave\b[^.]{0,40}?stars?", set()),
        (r"(?=звезд)\w+", set()),  # lookarounds prove nothing
    ],
)
def test_required_scripts(pattern, needed):
    assert required_scripts(pattern, re.IGNORECASE) == frozenset(needed)


def test_scripts_present_in_a_text():
    assert scripts_in("Where is my order #1042?") == frozenset()
    assert scripts_in("Заказ 12-34567 shipped, 谢谢") == {"cyrillic", "han"}
    assert scripts_in("ЗАКАЗ") == {"cyrillic"} and scripts_in("注文はいつ") == {"han", "kana"}


def test_dropped_patterns_leave_matches_unchanged():
    alternation = Alternation([r"пять\s+звёзд", r"five\s+stars", r"五星"], re.IGNORECASE)
    text = "Leave FIVE stars, please"
    assert alternation.for_scripts(scripts_in(text)).pattern == "(?:five\\s+stars)"
    assert alternation.for_scripts(frozenset({"cyrillic", "han"})).pattern == alternation.full().pattern
    assert Alternation([r"звёзд"], re.IGNORECASE).for_scripts(frozenset()) is None


def _rules() -> list:
    rules_dir = get_settings().knowledge_dir / "rules"
    rules = all_rules(rules_dir)
    for store in (rules_dir / "stores").glob("*.yaml"):
        pack = load_store_pack(rules_dir, store.stem)
        rules += pack.rules if pack else []
    return rules


def _texts() -> list[str]:
    texts = [
        json.loads(line)["text"]
        for line in DEFAULT_CORPUS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for rule in _rules():
        texts += [example.text for examples in rule.examples.values() for example in examples]
    # Replies that mix scripts the way real ones do: an English sentence in a Russian reply, CJK names.
    texts += [
        "Спасибо! Please leave us 5 stars ⭐⭐⭐⭐⭐",
        "Оставьте отзыв 5 звёзд and get a coupon",
        "给我们五星好评 WhatsApp +86 138 0013 8000",
        "レビューを削除してください、返金します",
        "Mehr Infos auf unserer Website shop.de — 리뷰 삭제 부탁드립니다",
        "قيّمنا بخمس نجوم please",
    ]
    return texts


def test_every_shipped_phrase_rule_matches_the_same_with_the_shortcut():
    phrase_rules = [r for r in _rules() if r.detector == "regex"]
    texts = [normalise(t)[0] for t in _texts()]
    assert len(phrase_rules) >= 10 and len(texts) >= 400
    skipped = 0
    for rule in phrase_rules:
        flags = 0 if rule.params.get("case_sensitive") else re.IGNORECASE
        alternation = Alternation(flatten(rule.params["patterns"]), flags)
        full = alternation.full()
        for text in texts:
            shortcut = alternation.for_scripts(scripts_in(text))
            expected = [m.span() for m in full.finditer(text)]
            assert ([m.span() for m in shortcut.finditer(text)] if shortcut else []) == expected, (
                rule.id,
                text,
            )
            skipped += shortcut is None or shortcut.pattern != full.pattern
    assert skipped > len(texts)  # the shortcut did leave patterns out, often
