"""Failures no cassette can hold: a slow endpoint (timeout) and a dead one (nothing listening).

These run against the live scripted server (started and stopped here on a free 127.0.0.1 port) or
against a closed port. They prove the timeout, the budget and the circuit breaker are wired; they
say nothing about a real model.
"""

from __future__ import annotations

import socket
import time

from drafter.compose import get_composer
from drafter.devtools.scripted_llm import ScriptedServer


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens there once the socket is closed


def test_timeout_falls_back_within_the_timeout(llm_settings, compose_request):
    with ScriptedServer(delay_s=5.0) as server:
        composer = get_composer(
            "llm", llm_settings("timeout", llm_base_url=server.base_url, llm_timeout_s=0.3)
        )
        started = time.monotonic()
        draft = composer.compose(compose_request())
        elapsed = time.monotonic() - started
    assert draft.composer == "template" and draft.fallback_reason == "llm_timeout"
    assert draft.usage["calls"][0]["attempts"] == 1  # a timeout is not retried: it would double the wait
    assert elapsed < 3.0  # did not wait for the 5 s endpoint (the latency figure is in the bench)


def test_total_budget_caps_the_attempt_timeout(llm_settings, compose_request):
    with ScriptedServer(delay_s=5.0) as server:
        settings = llm_settings(
            "timeout", llm_base_url=server.base_url, llm_timeout_s=10.0, llm_total_budget_s=0.3
        )
        composer = get_composer("llm", settings)
        started = time.monotonic()
        draft = composer.compose(compose_request())
        elapsed = time.monotonic() - started
    assert draft.fallback_reason == "llm_timeout" and elapsed < 3.0


def test_dead_endpoint_falls_back_and_opens_the_circuit(llm_settings, compose_request):
    settings = llm_settings(
        "good", llm_base_url=_closed_port_url(), llm_circuit_failures=2, llm_circuit_cooldown_s=60
    )
    composer = get_composer("llm", settings)
    reasons = [composer.compose(compose_request()).fallback_reason for _ in range(4)]
    assert reasons == ["llm_unreachable", "llm_unreachable", "llm_circuit_open", "llm_circuit_open"]
    draft = composer.compose(compose_request())
    assert draft.composer == "template" and draft.usage["calls"][0]["attempts"] == 0


def test_circuit_closes_again_when_the_endpoint_comes_back(llm_settings, compose_request):
    with ScriptedServer() as server:
        settings = llm_settings(
            "server_error",
            llm_base_url=server.base_url,
            llm_max_retries=0,
            llm_circuit_failures=1,
            llm_circuit_cooldown_s=0.2,
        )
        composer = get_composer("llm", settings)
        assert composer.compose(compose_request()).fallback_reason == "llm_server_error"
        assert composer.compose(compose_request()).fallback_reason == "llm_circuit_open"
        server.default_case = "good"
        composer.settings = settings.model_copy(update={"llm_model": "any-model"})
        time.sleep(0.25)
        # Same breaker (endpoint + configured model), a healthy endpoint: the trial call closes it.
        composer.client.settings = composer.settings
        composer.client._runnables.clear()
        assert composer.compose(compose_request()).composer == "llm"
        assert composer.client.breaker.state == "closed"
