"""Everything classification needs at run time, loaded lazily once per knowledge dir and cached on it."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from drafter.classify.flags import FlagRules, load_rules
from drafter.classify.intent import IntentModel, load_model
from drafter.config import BUNDLED_KNOWLEDGE

log = logging.getLogger(__name__)
_lock = threading.Lock()


@dataclass(frozen=True)
class Engine:
    model: IntentModel
    rules: FlagRules
    flag_vectors: np.ndarray
    flag_labels: list[str]
    flag_texts: list[str]


def model_file(knowledge_dir: Path) -> Path:
    return knowledge_dir / "intents" / "model.npz"


@lru_cache(maxsize=4)
def _engine(knowledge_dir: Path) -> Engine:
    path = model_file(knowledge_dir)
    if not path.exists():
        raise FileNotFoundError(f"intent model not found at {path}; run `drafter train`")
    with np.load(path) as data:
        flag_vectors = data["flag_vectors"].astype(np.float32)
        flag_labels = [str(s) for s in data["flag_labels"]]
        flag_texts = [str(s) for s in data["flag_texts"]]
    return Engine(
        model=load_model(path),
        rules=load_rules(knowledge_dir / "risk"),
        flag_vectors=flag_vectors,
        flag_labels=flag_labels,
        flag_texts=flag_texts,
    )


def get_engine(knowledge_dir: Path = BUNDLED_KNOWLEDGE) -> Engine:
    """The classifier loaded from one knowledge dir (cached on the dir: two dirs, two engines)."""
    with _lock:
        return _engine(Path(knowledge_dir).resolve())


def reset_engine() -> None:
    """After `drafter train` rewrites the artifact, the next call loads the new one."""
    _engine.cache_clear()
    load_model.cache_clear()
    load_rules.cache_clear()
