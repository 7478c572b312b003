"""Training is deterministic, and the committed artifact is what training produces from today's seed."""

from __future__ import annotations

import numpy as np
import pytest

from drafter.classify.seed import load_seed
from drafter.classify.train import model_path, train
from drafter.config import REPO_ROOT
from drafter.models import SUPPORTED_LANGUAGES, Intent

KNOWLEDGE = REPO_ROOT / "knowledge"


def test_seed_covers_every_intent_and_language() -> None:
    examples = load_seed(KNOWLEDGE / "intents" / "seed")
    for intent in Intent:
        rows = [e for e in examples if e.label == intent.value]
        assert len(rows) >= 60, intent
        assert len({e.language for e in rows}) == len(SUPPORTED_LANGUAGES), intent


@pytest.fixture(scope="module")
def fresh():
    return train(KNOWLEDGE)


def test_committed_artifact_matches_fresh_training(fresh) -> None:
    with np.load(model_path(KNOWLEDGE)) as committed:
        assert str(committed["seed_digest"]) == str(fresh["seed_digest"]), "run `drafter train` and commit"
        np.testing.assert_allclose(committed["weights"], fresh["weights"], atol=1e-5)
        assert float(committed["temperature"]) == float(fresh["temperature"])


def test_training_is_deterministic(fresh) -> None:
    again = train(KNOWLEDGE)
    assert np.array_equal(again["weights"], fresh["weights"])
    assert np.array_equal(again["bias"], fresh["bias"])


def test_calibration_split_accuracy_is_sane(fresh) -> None:
    assert float(fresh["calibration_accuracy"]) >= 0.85
    assert 0.05 <= float(fresh["temperature"]) <= 5.0
