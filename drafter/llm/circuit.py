"""A circuit breaker per endpoint: after N failures in a row, stop calling it for a cooldown.

A dead endpoint then costs nothing per draft (immediate template fallback) instead of a timeout.
After the cooldown one trial call is let through (half-open); success closes the circuit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class CircuitBreaker:
    def __init__(self, *, failures: int, cooldown_s: float, clock: Callable[[], float] = time.monotonic):
        self.failures = max(1, failures)
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._lock = threading.Lock()
        self._consecutive = 0
        self._opened_at: float | None = None
        self._trial_in_flight = False

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.cooldown_s:
            return "half_open"
        return "open"

    def allow(self) -> bool:
        """May a call go out now? In half-open state only one trial call at a time."""
        with self._lock:
            state = self._state()
            if state == "closed":
                return True
            if state == "half_open" and not self._trial_in_flight:
                self._trial_in_flight = True
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._consecutive = 0
            self._opened_at = None
            self._trial_in_flight = False

    def record_failure(self) -> None:
        with self._lock:
            self._consecutive += 1
            if self._trial_in_flight or self._consecutive >= self.failures:
                self._opened_at = self._clock()
            self._trial_in_flight = False


_BREAKERS: dict[tuple[str, str], CircuitBreaker] = {}
_BREAKERS_LOCK = threading.Lock()


def breaker_for(*, endpoint: str, model: str, failures: int, cooldown_s: float) -> CircuitBreaker:
    """One breaker per (endpoint, model) for the whole process, shared by every composer instance."""
    with _BREAKERS_LOCK:
        key = (endpoint, model)
        if key not in _BREAKERS:
            _BREAKERS[key] = CircuitBreaker(failures=failures, cooldown_s=cooldown_s)
        return _BREAKERS[key]


def reset_breakers() -> None:
    with _BREAKERS_LOCK:
        _BREAKERS.clear()
