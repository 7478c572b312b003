from __future__ import annotations

from collections.abc import Iterator

import pytest

from drafter.config import Settings, reset_settings_cache
from tests.backends import create_scratch_db, drop_scratch_db, redis_url, require_pg, worker_queue  # noqa: F401


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend_settings(request: pytest.FixtureRequest, shared_settings: Settings) -> Iterator[Settings]:
    """The shared data dir (its FAQ index is built once) on SQLite, then on a scratch PostgreSQL database."""
    if request.param == "sqlite":
        yield shared_settings
        return
    require_pg()
    url = create_scratch_db("drafter_worker_test")
    yield shared_settings.model_copy(update={"database_url": url})
    drop_scratch_db(url)


@pytest.fixture
def worker_env(
    backend_settings: Settings, redis_url: str, worker_queue: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """Settings exported as DRAFTER_* so that the Celery task (which reads get_settings()) sees them too."""
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(backend_settings.data_dir))
    monkeypatch.setenv("DRAFTER_DATABASE_URL", backend_settings.resolved_database_url)
    monkeypatch.setenv("DRAFTER_REDIS_URL", redis_url)
    monkeypatch.setenv("DRAFTER_WORKER_QUEUE", worker_queue)
    monkeypatch.setenv("DRAFTER_WORKER_VISIBILITY_TIMEOUT_S", "5")
    monkeypatch.setenv("DRAFTER_BATCH_CHUNK", "20")  # small chunks: the test batches span several tasks
    reset_settings_cache()
    from drafter.config import get_settings

    yield get_settings()
    reset_settings_cache()
