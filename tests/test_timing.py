"""actlib.timing.best_time, the book's one timing helper: the fastest of several real runs, per call."""

import time
from types import SimpleNamespace

import pytest

from actlib import timing
from actlib.timing import best_time


class FakeClock:
    """A ``perf_counter`` that moves only when the timed function says how long its call took."""

    def __init__(self, durations):
        self.now, self.durations, self.calls = 0.0, iter(durations), 0

    def perf_counter(self):
        return self.now

    def call(self):
        self.calls += 1
        self.now += next(self.durations)


def timed_with(monkeypatch, durations, **kwargs):
    clock = FakeClock(durations)
    monkeypatch.setattr(timing, "time", SimpleNamespace(perf_counter=clock.perf_counter))
    return best_time(clock.call, **kwargs), clock


@pytest.mark.parametrize(
    "arguments, error",
    [({"function": 3}, TypeError), ({"repeats": 0}, ValueError), ({"number": 1.5}, TypeError)],
)
def test_best_time_rejects_bad_arguments(arguments, error):
    with pytest.raises(error, match=next(iter(arguments))):
        best_time(**{"function": lambda: None, **arguments})


def test_the_minimum_over_runs_exactly_and_the_warm_up_not_counted(monkeypatch):
    # warm-up 100 s (ignored), then runs of three calls: 6 s, 1.5 s, 9 s -> 0.5 s per call
    durations = [100.0, 1, 2, 3, 0.5, 0.5, 0.5, 3, 3, 3]
    seconds, clock = timed_with(monkeypatch, durations, repeats=3, number=3)
    assert seconds == 0.5
    assert clock.calls == 1 + 3 * 3  # one warm-up call, then repeats x number calls


def test_a_slow_first_run_does_not_hide_a_fast_later_one(monkeypatch):
    seconds, clock = timed_with(monkeypatch, [0.0, 5.0, 4.0, 3.0, 2.0, 0.25], repeats=5)
    assert seconds == 0.25 and clock.calls == 6
    assert isinstance(seconds, float)


def test_real_runs_of_a_measurable_workload_take_about_its_length():
    seconds = best_time(lambda: time.sleep(0.02), repeats=2)
    assert 0.02 <= seconds < 0.2  # at least the sleep; the best of two is not many times longer
