"""The best of several timed rounds: the figure the small benchmarks print (the least disturbed by
the other work of a shared machine; compare figures of one run)."""

from __future__ import annotations

import time
from typing import Callable


def best_of(work: Callable[[], object], rounds: int = 5, clock: Callable[[], float] = time.perf_counter) -> float:
    """The shortest of ``rounds`` runs of ``work()``, in seconds of ``clock`` (``time.process_time``
    for CPU time)."""
    times = []
    for _ in range(rounds):
        start = clock()
        work()
        times.append(clock() - start)
    return min(times)
