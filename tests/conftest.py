"""Shared fixtures: every test gets its own data directory, so no test sees another's state."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.config import Settings, reset_settings_cache


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "var"))
    reset_settings_cache()
    from drafter.config import get_settings

    yield get_settings()
    reset_settings_cache()
