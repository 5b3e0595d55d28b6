"""Networks born dead: deep, narrow ReLU networks that are constant at initialisation.

Pure NumPy (no TensorFlow), vectorised over all sampled networks at once.
"""

import numpy as np

from actlib.inputs import check_count


def born_dead_curve(max_depth, width, n_trials=10_000, seed=0, inputs=(-1.0, 1.0)):
    """Probability that a ReLU network of 1-D input is born dead, for every depth 1 ... ``max_depth``.

    Set-up of Lu, Shin, Su and Karniadakis (2019): ``n_trials`` independent
    networks with ``width`` units per hidden ReLU layer, He-normal weights
    (``W ~ N(0, 2 / fan_in)``) and zero biases. A network of depth ``d`` is
    born dead when some hidden layer among its first ``d`` outputs zero for
    every input, i.e. when layer ``d`` is zero on every input (a zero layer
    stays zero). The networks are evaluated on ``inputs``, a 1-D set of points
    of the input domain [-1, 1]. The default {-1, 1} is exact, not a
    sample: with zero biases ``relu(a z) = a relu(z)`` for ``a >= 0``, so each
    layer's output at ``x`` is ``x`` times its output at 1 for ``x > 0`` and
    ``|x|`` times its output at -1 for ``x < 0``.

    The depth-``d`` estimate uses the first ``d`` layers of the same
    networks, so the curve is non-decreasing. All networks are processed at
    once with NumPy. Returns an array of ``max_depth`` probabilities.

    ``max_depth``, ``width`` and ``n_trials`` are integers >= 1 and ``seed`` an
    integer >= 0; anything else raises TypeError or ValueError naming it.

    Args:
        max_depth: the deepest network, an integer >= 1.
        width: units per hidden layer, an integer >= 1.
        n_trials: how many networks to sample (default 10 000).
        seed: the random seed, an integer >= 0.
        inputs: the points of [-1, 1] the networks are evaluated on (default -1 and 1, exact).

    Returns:
        np.ndarray: ``max_depth`` probabilities, for depths 1 to ``max_depth``, non-decreasing.

    >>> born_dead_curve(max_depth=3, width=2, n_trials=1000)
    array([0.   , 0.158, 0.34 ])
    """
    check_count(max_depth, "max_depth")
    check_count(width, "width")
    check_count(n_trials, "n_trials")
    check_count(seed, "seed", minimum=0)
    points = np.asarray(inputs, dtype=np.float64)
    if points.ndim != 1 or points.size == 0 or not np.all(np.abs(points) <= 1):
        raise ValueError("inputs must be a non-empty 1-D set of numbers in [-1, 1].")
    rng = np.random.default_rng(seed)
    first = rng.standard_normal((n_trials, width, 1)) * np.sqrt(2.0)
    h = np.maximum(first * points, 0.0)  # shape (networks, units, inputs)
    dead = np.empty(max_depth)
    dead[0] = np.mean(~h.any(axis=(1, 2)))
    for layer in range(1, max_depth):
        weights = rng.standard_normal((n_trials, width, width)) * np.sqrt(2.0 / width)
        h = np.maximum(np.matmul(weights, h), 0.0)
        dead[layer] = np.mean(~h.any(axis=(1, 2)))
    return dead


def born_dead_probability(depth, width, n_trials=10_000, seed=0):
    """Monte Carlo estimate of the probability that a ReLU network is born dead.

    ``depth`` hidden ReLU layers of ``width`` units, one input in [-1, 1],
    He-normal weights, zero biases; see :func:`born_dead_curve`. The
    binomial standard error of the estimate ``p`` is ``sqrt(p (1 - p) / n_trials)``.

    Args:
        depth: hidden ReLU layers, an integer >= 1.
        width: units per layer, an integer >= 1.
        n_trials: how many networks to sample (default 10 000).
        seed: the random seed, an integer >= 0.

    Returns:
        float: the estimated probability.

    >>> actlib.born_dead_probability(depth=10, width=2, n_trials=1000)
    0.921
    """
    check_count(depth, "depth")
    return float(born_dead_curve(depth, width, n_trials, seed)[-1])
