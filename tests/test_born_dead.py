"""actlib.born_dead: the probability that a deep, narrow ReLU network is constant at initialisation.

Checked against the exact probability for width 1, an independent network-by-network simulation, the
trends the dying-ReLU chapter reports (rising with depth, falling with width), and its argument checks.
"""

import numpy as np
import pytest

import actlib
from actlib.born_dead import born_dead_curve, born_dead_probability


def binomial_tolerance(p, n):
    """Four binomial standard errors, at least a small floor for p near 0 or 1."""
    return 4 * np.sqrt(max(p * (1 - p), 1e-3) / n)


def simulated_born_dead(depth, width, n_trials, seed):
    """Share of ``n_trials`` networks, built and run one by one, whose last hidden layer is zero on [-1, 1].

    He-normal weights and zero biases, as Lu et al. (2019); a layer's output is zero on every input of
    [-1, 1] when it is zero at a fine grid of inputs (a ReLU network of one input is piecewise linear).
    """
    rng = np.random.default_rng(seed)
    grid = np.linspace(-1.0, 1.0, 41)[None, :]  # (features, inputs)
    dead = 0
    for _ in range(n_trials):
        h = grid
        for layer in range(depth):
            fan_in = 1 if layer == 0 else width
            h = np.maximum(rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(width, fan_in)) @ h, 0.0)
        dead += not h.any()
    return dead / n_trials


def test_one_hidden_layer_is_never_born_dead():
    # relu(w x) for x = 1 and x = -1: one of the two is positive unless w == 0.
    assert born_dead_probability(1, 1, n_trials=5000, seed=0) == 0.0


def test_width_one_matches_the_exact_probability():
    # Width 1: layer 1 is alive on exactly one side of 0; each later layer keeps it alive
    # iff its weight is positive (probability 1/2), so P(dead) = 1 - 2 ** -(depth - 1).
    n = 20_000
    curve = born_dead_curve(12, 1, n_trials=n, seed=3)
    for depth, estimate in enumerate(curve, start=1):
        exact = 1 - 0.5 ** (depth - 1)
        assert abs(estimate - exact) <= binomial_tolerance(exact, n)


@pytest.mark.parametrize("depth, width", [(4, 2), (8, 3)])
def test_agrees_with_a_network_by_network_simulation(depth, width):
    n = 2000
    theirs = simulated_born_dead(depth, width, n, seed=11)
    ours = born_dead_probability(depth, width, n_trials=n, seed=12)
    assert abs(ours - theirs) <= binomial_tolerance(theirs, n) * np.sqrt(2)  # two independent estimates
    assert 0 < theirs < 1  # a case where the question is open


def test_born_dead_rises_with_depth_and_falls_with_width():
    n = 4000
    shallow, deep = born_dead_probability(5, 3, n, seed=1), born_dead_probability(30, 3, n, seed=2)
    narrow, wide = born_dead_probability(10, 2, n, seed=3), born_dead_probability(10, 10, n, seed=4)
    assert deep - shallow > binomial_tolerance(0.5, n)
    assert narrow - wide > binomial_tolerance(0.5, n)
    assert np.all(np.diff(born_dead_curve(40, 3, n, seed=5)) >= 0)


def test_a_curve_holds_the_shallower_networks_of_the_same_draw():
    # The depth-d estimate uses the first d layers of the same networks: a longer curve extends a shorter one.
    long = born_dead_curve(12, 2, n_trials=500, seed=7)
    assert long.shape == (12,) and long.dtype == np.float64
    for depth in (1, 5, 12):
        np.testing.assert_array_equal(born_dead_curve(depth, 2, n_trials=500, seed=7), long[:depth])
    assert born_dead_probability(5, 2, n_trials=500, seed=7) == long[4]


def test_checking_minus_one_and_one_equals_checking_a_dense_grid():
    grid = np.linspace(-1, 1, 401)  # includes -1, 0 and 1
    exact = born_dead_curve(15, 3, n_trials=2000, seed=6)
    dense = born_dead_curve(15, 3, n_trials=2000, seed=6, inputs=grid)
    np.testing.assert_array_equal(exact, dense)


def test_same_seed_same_estimate_other_seed_other_estimate():
    assert born_dead_probability(10, 3, 2000, seed=9) == born_dead_probability(10, 3, 2000, seed=9)
    assert born_dead_probability(10, 3, 2000, seed=9) != born_dead_probability(10, 3, 2000, seed=10)
    assert actlib.born_dead_probability is born_dead_probability


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"depth": 0}, ValueError, "depth must be an integer >= 1, got 0"),
        ({"depth": 3.0}, TypeError, "depth must be an integer"),
        ({"width": 0}, ValueError, "width must be an integer >= 1"),
        ({"width": True}, TypeError, "width must be an integer"),
        ({"width": 2.0}, TypeError, "width must be an integer >= 1, not float"),
        ({"n_trials": 0}, ValueError, "n_trials must be an integer >= 1"),
        ({"n_trials": "100"}, TypeError, "n_trials must be an integer"),
        ({"n_trials": -3}, ValueError, "n_trials must be an integer >= 1, got -3"),
        ({"n_trials": True}, TypeError, "n_trials must be an integer >= 1, not bool"),
        ({"seed": "a"}, TypeError, "seed must be an integer >= 0"),
        ({"seed": -1}, ValueError, "seed must be an integer >= 0, got -1"),
        ({"seed": 1.5}, TypeError, "seed must be an integer >= 0, not float"),
    ],
)
def test_born_dead_bad_arguments(kwargs, error, message):
    arguments = {"depth": 3, "width": 3, "n_trials": 10, "seed": 0} | kwargs
    with pytest.raises(error, match=message):
        born_dead_probability(**arguments)


@pytest.mark.parametrize("inputs", [[0.0, 2.0], [], [[0.5, 1.0]], [np.nan]])
def test_born_dead_inputs_must_lie_in_the_domain(inputs):
    with pytest.raises(ValueError, match=r"inputs must be a non-empty 1-D set of numbers in \[-1, 1\]"):
        born_dead_curve(3, 3, 10, inputs=inputs)
