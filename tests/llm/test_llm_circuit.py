"""The circuit breaker on its own, with a hand-driven clock."""

from __future__ import annotations

from drafter.llm.circuit import CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_n_failures_in_a_row_and_rests_for_the_cooldown():
    clock = Clock()
    breaker = CircuitBreaker(failures=3, cooldown_s=10, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    breaker.record_success()  # a success in between resets the count
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == "open" and not breaker.allow()
    clock.now = 9.9
    assert not breaker.allow()


def test_half_open_lets_one_trial_through_and_its_result_decides():
    clock = Clock()
    breaker = CircuitBreaker(failures=1, cooldown_s=5, clock=clock)
    breaker.record_failure()
    clock.now = 5.0
    assert breaker.state == "half_open"
    assert breaker.allow() and not breaker.allow()  # one trial at a time
    breaker.record_failure()
    assert breaker.state == "open"  # the trial failed: a new cooldown from now
    clock.now = 10.0
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.allow() and breaker.allow()
