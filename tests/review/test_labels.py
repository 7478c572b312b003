"""The reviewer-language word files are complete: same keys in every language, every intent and flag named."""

from __future__ import annotations

import yaml

from drafter.config import REPO_ROOT
from drafter.models import Flag, Intent


def _keys(data, prefix=""):
    out = set()
    for k, v in data.items():
        out.add(prefix + k)
        if isinstance(v, dict):
            out |= _keys(v, f"{prefix}{k}.")
    return out


def test_every_reviewer_language_file_has_every_key():
    files = sorted((REPO_ROOT / "knowledge/review").glob("*.yaml"))
    assert {f.stem for f in files} >= {"en", "zh"}
    loaded = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8")) for f in files}
    reference = _keys(loaded["en"])
    for lang, data in loaded.items():
        assert _keys(data) == reference, (lang, _keys(data) ^ reference)
        assert set(data["intents"]) == {i.value for i in Intent} == set(data["intent_names"])
        assert set(data["flags"]) == {f.value for f in Flag}
