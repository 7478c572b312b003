"""Shared fixtures for the composer tests: one composer and one situation -> order map per session."""

from __future__ import annotations

import pytest

from drafter.compose import get_composer
from drafter.config import Settings
from drafter.devtools.gallery import situation_orders as find_situation_orders
from drafter.models import Intent, Order


@pytest.fixture(scope="session")
def knowledge_dir():
    return Settings().knowledge_dir


@pytest.fixture(scope="session")
def composer(knowledge_dir):
    return get_composer("template", Settings())


@pytest.fixture(scope="session")
def situation_orders(composer, knowledge_dir) -> dict[tuple[Intent, str], Order | None]:
    """For each intent, the first demo order (or no order) that leads to each situation, found in English."""
    return find_situation_orders(composer, knowledge_dir)
