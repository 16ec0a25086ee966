"""service/ratelimit.py: a sliding one-minute window per key, off at 0."""

import pytest

from service.ratelimit import RateLimiter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_up_to_the_limit_then_refuses_until_the_window_has_passed():
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    assert limiter.allow("a")
    clock.now += 20
    assert [limiter.allow("a"), limiter.allow("a")] == [True, False]
    assert limiter.retry_after("a") == 40
    clock.now += 30
    assert not limiter.allow("a")
    assert limiter.retry_after("a") == 10
    clock.now += 10
    assert limiter.allow("a")  # the first request left the window
    assert not limiter.allow("a")
    assert limiter.retry_after("a") == 20  # the second leaves 60 s after it came


def test_keys_are_counted_apart():
    limiter = RateLimiter(1, clock=Clock())
    assert limiter.allow("a")
    assert limiter.allow("b")
    assert not limiter.allow("a")
    assert limiter.retry_after("b") > 0
    assert limiter.retry_after("c") == 0


def test_zero_turns_the_limit_off():
    limiter = RateLimiter(0, clock=Clock())
    assert not limiter.enabled
    assert all(limiter.allow("a") for _ in range(1000))
    assert limiter.retry_after("a") == 0


def test_refused_requests_do_not_extend_the_wait():
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    assert limiter.allow("a")
    for _ in range(59):
        clock.now += 1
        assert not limiter.allow("a")
    clock.now += 1
    assert limiter.allow("a")


def test_idle_keys_are_forgotten():
    clock = Clock()
    limiter = RateLimiter(5, clock=clock)
    for number in range(999):
        limiter.allow(f"client-{number}")
    clock.now += 61
    limiter.allow("late")  # the 1000th call sweeps
    assert list(limiter._hits) == ["late"]


def test_a_negative_limit_is_an_error():
    with pytest.raises(ValueError):
        RateLimiter(-1)
