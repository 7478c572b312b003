"""Shared fixtures: tests get their own data directory, so no test sees another's state or a user's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.config import Settings, reset_settings_cache


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    return Settings(data_dir=data_dir, **overrides)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A fresh data dir, also exported as DRAFTER_DATA_DIR for code that reads get_settings()."""
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "var"))
    reset_settings_cache()
    from drafter.config import get_settings

    yield get_settings()
    reset_settings_cache()


@pytest.fixture(scope="session")
def shared_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One initialised data dir shared by the tests that only add to it (faster than one per test)."""
    return make_settings(tmp_path_factory.mktemp("shared") / "var")


@pytest.fixture(scope="session")
def pipeline(shared_settings: Settings):
    from drafter.wiring import build_pipeline

    return build_pipeline(shared_settings)


@pytest.fixture(scope="session")
def demo_orders() -> list:
    from drafter.config import REPO_ROOT
    from drafter.knowledge import load_demo_orders

    return load_demo_orders(REPO_ROOT / "knowledge")


def pytest_report_header(config: pytest.Config) -> str:
    return f"drafter tests; DRAFTER_* in env: {sorted(k for k in os.environ if k.startswith('DRAFTER_'))}"
