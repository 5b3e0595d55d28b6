"""One timing helper for the book's speed measurements: the best of several runs."""

import time

from actlib.inputs import check_count


def best_time(function, repeats=5, number=1):
    """Seconds one call of ``function()`` takes, in the fastest of ``repeats`` runs.

    One call first warms up (imports, caches, TensorFlow's tracing); then each of ``repeats`` runs
    times ``number`` calls in a row and divides by ``number``. The fastest run is the one least
    disturbed by other programs on the machine.

    Args:
        function: a callable taking no arguments.
        repeats: how many runs to time (an integer >= 1).
        number: how many calls each run makes (an integer >= 1); more calls smooth out the clock's
            resolution for very fast functions.

    Returns:
        The smallest time per call, in seconds, as a float.

    Example:
        >>> import numpy as np
        >>> x = np.ones(1000)
        >>> seconds = best_time(lambda: x + 1, repeats=3, number=10)
        >>> 0 < seconds < 1
        True
    """
    if not callable(function):
        raise TypeError(f"function must be a callable taking no arguments, not {type(function).__name__}.")
    repeats, number = check_count(repeats, "repeats"), check_count(number, "number")
    function()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            function()
        best = min(best, (time.perf_counter() - start) / number)
    return best
