"""Every rule in the packs fires on its own examples and stays silent on its look-alikes."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.config import REPO_ROOT
from drafter.lint.examples import run_example
from drafter.lint.packs import all_rules, load_store_pack

RULES_DIR = REPO_ROOT / "knowledge" / "rules"
SPECS = all_rules(RULES_DIR)
CASES = [
    pytest.param(spec, kind, example, id=f"{spec.id}-{kind}-{i}")
    for spec in SPECS
    for kind, examples in spec.examples.items()
    for i, example in enumerate(examples)
]


def test_every_rule_has_a_firing_example_and_a_look_alike() -> None:
    lacking = [s.id for s in SPECS if not s.examples.get("fires") or not s.examples.get("passes")]
    assert lacking == []


def test_rule_ids_are_namespaced_by_pack() -> None:
    for spec in SPECS:
        assert spec.id.split(".")[0] in {
            "all",
            "amazon",
            "aliexpress",
            "ebay",
            "shopify",
            "store",
            "claims",
            "voice",
        }, spec.id


@pytest.mark.parametrize(("spec", "kind", "example"), CASES)
def test_rule_example(spec, kind, example) -> None:
    result = run_example(spec, example, rules_dir=RULES_DIR)
    fired = [v for v in result.violations if v.rule_id == spec.id]
    if kind == "fires":
        assert fired, f"{spec.id} did not fire on {example.text!r}"
        for v in fired:
            assert (
                v.severity == spec.severity and v.source == spec.source and v.message.startswith(spec.message)
            )
            assert 0 <= v.span[0] <= v.span[1] <= len(example.full_text)
            assert v.excerpt == example.full_text[v.span[0] : v.span[1]][:120]
    else:
        assert not fired, f"{spec.id} fired on look-alike {example.text!r}: {[v.excerpt for v in fired]}"


def test_store_pack_examples(tmp_path: Path) -> None:
    pack = load_store_pack(RULES_DIR, "demo-store")
    assert pack is not None and pack.rules
    for spec in pack.rules:
        for kind, examples in spec.examples.items():
            for example in examples:
                result = run_example(spec, example, rules_dir=RULES_DIR, store_id="demo-store")
                assert any(v.rule_id == spec.id for v in result.violations) == (kind == "fires"), example.text
