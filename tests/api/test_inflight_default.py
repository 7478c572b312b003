"""Without API_MAX_INFLIGHT, a server runs one draft per core in all: the cores shared among workers."""

from __future__ import annotations

from drafter.api import app as app_module


def test_the_cores_are_shared_among_the_workers(monkeypatch):
    monkeypatch.setattr(app_module.os, "cpu_count", lambda: 2)
    assert [app_module.inflight_per_process(w) for w in (1, 2, 3)] == [2, 1, 1]
    monkeypatch.setattr(app_module.os, "cpu_count", lambda: 8)
    assert app_module.inflight_per_process(2) == 4
    monkeypatch.setattr(app_module.os, "cpu_count", lambda: None)
    assert app_module.inflight_per_process(1) == 1
