"""Tests for actlib.comparison: the cost benchmark and the training race."""

import numpy as np
import pytest

from actlib import comparison
from actlib.registry import ACTIVATIONS


@pytest.fixture(scope="module")
def race():
    return comparison.training_race(["relu", "tanh"], seeds=[0, 1], epochs=2)


def test_measure_cost_shape_and_units():
    costs = comparison.measure_cost(["relu", "sigmoid"], numpy_size=2048, tf_size=4096, repeats=2)
    assert list(costs) == ["relu", "sigmoid"]
    for record in costs.values():
        assert set(record) == set(comparison.COST_KEYS)
        # per element: positive, and well under a millisecond per number on any machine
        assert all(0 < value < 1e6 for value in record.values())


def test_cost_ratios_divide_by_the_reference():
    keys = comparison.COST_KEYS
    costs = {"relu": dict.fromkeys(keys, 2.0), "tanh": dict.fromkeys(keys, 5.0)}
    ratios = comparison.cost_ratios(costs)
    assert ratios["relu"] == dict.fromkeys(comparison.COST_KEYS, 1.0)
    assert ratios["tanh"] == dict.fromkeys(comparison.COST_KEYS, 2.5)
    with pytest.raises(ValueError, match="reference 'sigmoid'"):
        comparison.cost_ratios(costs, reference="sigmoid")


def test_comparable_names_are_registry_and_keras_names():
    import keras

    names = comparison.comparable_names()
    assert "relu" in names and "sigmoid" in names
    assert all(n in ACTIVATIONS and hasattr(keras.activations, n) for n in names)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"names": ["not_an_activation"]}, ValueError, "unknown activation 'not_an_activation'"),
        ({"names": "relu"}, TypeError, "names must be a list"),
        ({"names": []}, ValueError, "names is empty"),
        ({"numpy_size": 1000}, ValueError, "numpy_size must be a multiple of 256"),
        ({"tf_size": 0}, ValueError, "tf_size must be an integer >= 256"),
        ({"tf_size": 512.0}, TypeError, "tf_size must be an integer"),
        ({"repeats": 0}, ValueError, "repeats must be an integer >= 1"),
        ({"repeats": 2.5}, TypeError, "repeats must be an integer"),
    ],
)
def test_measure_cost_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        comparison.measure_cost(**{"names": ["relu"], "numpy_size": 512, "tf_size": 512, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"names": ["relu", "nope"]}, ValueError, "unknown activation 'nope'"),
        ({"epochs": 0}, ValueError, "epochs must be an integer >= 1"),
        ({"epochs": "3"}, TypeError, "epochs must be an integer"),
        ({"seeds": []}, ValueError, "seeds is empty"),
        ({"seeds": 3}, TypeError, "seeds must be a list"),
        ({"seeds": [1, 1]}, ValueError, "seeds must be different"),
        ({"seeds": [-1]}, ValueError, "each seed must be an integer >= 0"),
        ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1"),
    ],
)
def test_training_race_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        comparison.training_race(**{"names": ["relu"], "seeds": [0], "epochs": 1, **kwargs})


@pytest.mark.slow
def test_race_shapes_and_ranges(race):
    assert list(race) == ["relu", "tanh"]
    for result in race.values():
        assert result["accuracy"].shape == (2, 2)
        assert result["epoch_seconds"].shape == (2,)
        assert np.all(result["epoch_seconds"] > 0)
        # accuracy is a fraction of the 500 test digits
        counts = result["accuracy"] * 500
        np.testing.assert_allclose(counts, np.round(counts), atol=1e-3)
        assert np.all((0 <= result["accuracy"]) & (result["accuracy"] <= 1))
    # two epochs of Adam on digits beat the 10 % of guessing
    assert race["relu"]["accuracy"][:, -1].min() > 0.3


@pytest.mark.slow
def test_race_is_reproducible(race):
    again = comparison.training_race(["relu", "tanh"], seeds=[0, 1], epochs=2)
    for name in race:
        np.testing.assert_array_equal(race[name]["accuracy"], again[name]["accuracy"])


@pytest.mark.slow
def test_networks_trained_together_match_one_trained_alone(race):
    alone = comparison.training_race(["relu"], seeds=[1], epochs=2)
    np.testing.assert_allclose(alone["relu"]["accuracy"][0], race["relu"]["accuracy"][1], atol=2 / 500)


def test_digits_split_is_a_partition():
    x_train, y_train, x_test, y_test = comparison.digits_split()
    assert len(x_train) + len(x_test) == 1797 and len(x_test) == 500
    assert x_train.shape[1] == 64 and x_train.dtype == np.float32
    assert 0 <= x_train.min() and x_train.max() <= 1
    rows = {r.tobytes() for r in x_train} | {r.tobytes() for r in x_test}
    assert len(rows) > 1700  # few duplicate images, and no row lost
    assert np.isin(x_test * 16, np.arange(17)).all()  # pixel values 0 ... 16, divided by 16
    assert set(y_test) == set(range(10))
