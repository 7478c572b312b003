"""Training is deterministic, and the committed artifact was trained on today's seed set."""

from __future__ import annotations

import numpy as np

from drafter.classify.train import fit_examples, flag_exemplars, model_path, seed_digest
from drafter.config import REPO_ROOT
from drafter.models import SUPPORTED_LANGUAGES, Intent
from drafter.text.seed import load_seed

KNOWLEDGE = REPO_ROOT / "knowledge"


def test_seed_covers_every_intent_and_language() -> None:
    examples = load_seed(KNOWLEDGE / "intents" / "seed")
    for intent in Intent:
        rows = [e for e in examples if e.label == intent.value]
        assert len(rows) >= 60, intent
        assert len({e.language for e in rows}) == len(SUPPORTED_LANGUAGES), intent


def test_committed_artifact_is_fresh() -> None:
    with np.load(model_path(KNOWLEDGE)) as committed:
        assert str(committed["seed_digest"]) == seed_digest(KNOWLEDGE), (
            "seed changed: run `drafter train` and commit"
        )
        assert committed["weights"].shape == (512, len(Intent))
        assert 0.05 <= float(committed["temperature"]) <= 5.0
        assert float(committed["calibration_accuracy"]) >= 0.85


def test_training_is_deterministic() -> None:
    # A small slice keeps the test fast; the code path is the one `drafter train` runs.
    examples = load_seed(KNOWLEDGE / "intents" / "seed")
    subset = [ex for i, ex in enumerate(examples) if i % 6 == 0]
    exemplars = flag_exemplars(KNOWLEDGE)[:10]
    first = fit_examples(subset, exemplars)
    second = fit_examples(subset, exemplars)
    for key in ("weights", "bias", "temperature", "flag_vectors"):
        assert np.array_equal(first[key], second[key]), key
