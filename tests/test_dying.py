"""Properties of the dying-ReLU experiments: actlib.dying and actlib.born_dead."""

# isort: off
import actlib  # before TensorFlow: quiet logs, no oneDNN
import keras
import numpy as np
import pytest
import tensorflow as tf
# isort: on

from actlib.born_dead import born_dead_curve, born_dead_probability
from actlib.deep_mlp import build_deep_mlp, digits_dataset, hidden_dense_layers
from actlib.dying import dead_fraction, dead_units, train_and_count_dead

PLANTED = {0: [2, 5], 1: [0, 7, 11], 2: [3]}  # layer index -> units killed on purpose


@pytest.fixture(scope="module")
def data():
    x, y = digits_dataset(n_samples=300)
    return x, y


@pytest.fixture(scope="module")
def model_with_planted_dead_units(data):
    model = build_deep_mlp(depth=3, width=16, activation="relu", initializer="he_normal", seed=1)
    for index, units in PLANTED.items():
        layer = hidden_dense_layers(model)[index]
        bias = layer.bias.numpy()
        bias[units] = -1e3  # far below anything w.x reaches on standardised data
        layer.bias.assign(bias)
    return model


def test_finds_exactly_the_planted_dead_units(model_with_planted_dead_units, data):
    masks = dead_units(model_with_planted_dead_units, data[0])
    assert [mask.shape for mask in masks] == [(16,)] * 3
    for index, mask in enumerate(masks):
        assert np.flatnonzero(mask).tolist() == PLANTED[index]


def test_dead_units_agree_with_a_float64_forward_pass_and_keras_outputs(model_with_planted_dead_units, data):
    model, x = model_with_planted_dead_units, data[0]
    layers = hidden_dense_layers(model)
    h = x.astype(np.float64)
    keras_outputs = keras.Model(model.input, [layer.output for layer in layers])(x)
    for layer, mask, output in zip(layers, dead_units(model, x), keras_outputs, strict=True):
        z = h @ layer.kernel.numpy().astype(np.float64) + layer.bias.numpy()
        np.testing.assert_array_equal(mask, np.all(z <= 0, axis=0))
        np.testing.assert_array_equal(mask, np.all(np.asarray(output) == 0, axis=0))
        h = np.maximum(z, 0)


def test_dead_units_get_exactly_zero_gradient(model_with_planted_dead_units, data):
    model, (x, y) = model_with_planted_dead_units, data
    layers = hidden_dense_layers(model)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, model(x)))
    kernel_grads = tape.gradient(loss, [layer.kernel for layer in layers])
    for mask, grad in zip(dead_units(model, x), kernel_grads, strict=True):
        column_norms = np.linalg.norm(np.asarray(grad), axis=0)
        assert np.all(column_norms[mask] == 0)
        assert np.all(column_norms[~mask] > 0)


def test_dead_fraction_is_the_share_of_dead_units(model_with_planted_dead_units, data):
    expected = [len(PLANTED[i]) / 16 for i in range(3)]
    np.testing.assert_allclose(dead_fraction(model_with_planted_dead_units, data[0]), expected)


def test_dead_units_bad_input(model_with_planted_dead_units, data):
    with pytest.raises(TypeError, match="model must be a keras.Model"):
        dead_units("relu", data[0])
    with pytest.raises(ValueError, match=r"x must be a non-empty batch of shape \(n, 64\)"):
        dead_units(model_with_planted_dead_units, data[0][:, :10])
    with pytest.raises(ValueError, match="x must be a non-empty batch"):
        dead_units(model_with_planted_dead_units, np.zeros((0, 64)))
    single = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10)])
    with pytest.raises(ValueError, match="no hidden Dense layer"):
        dead_units(single, data[0])


@pytest.mark.slow
def test_training_record_is_reproducible_and_in_range(data):
    x, y = data
    first = train_and_count_dead(x, y, depth=2, width=16, learning_rate=0.05, optimizer="adam", epochs=2)
    again = train_and_count_dead(x, y, depth=2, width=16, learning_rate=0.05, optimizer="adam", epochs=2)
    assert first["dead"].shape == (3, 2)
    assert np.all((first["dead"] >= 0) & (first["dead"] <= 1))
    np.testing.assert_array_equal(first["dead"], again["dead"])
    np.testing.assert_array_equal(first["loss"], again["loss"])


def binomial_tolerance(p, n):
    """Four binomial standard errors, at least a small floor for p near 0 or 1."""
    return 4 * np.sqrt(max(p * (1 - p), 1e-3) / n)


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


def test_born_dead_rises_with_depth_and_falls_with_width():
    n = 4000
    shallow, deep = born_dead_probability(5, 3, n, seed=1), born_dead_probability(30, 3, n, seed=2)
    narrow, wide = born_dead_probability(10, 2, n, seed=3), born_dead_probability(10, 10, n, seed=4)
    assert deep - shallow > binomial_tolerance(0.5, n)
    assert narrow - wide > binomial_tolerance(0.5, n)
    assert np.all(np.diff(born_dead_curve(40, 3, n, seed=5)) >= 0)


def test_checking_minus_one_and_one_equals_checking_a_dense_grid():
    grid = np.linspace(-1, 1, 401)  # includes -1, 0 and 1
    exact = born_dead_curve(15, 3, n_trials=2000, seed=6)
    dense = born_dead_curve(15, 3, n_trials=2000, seed=6, inputs=grid)
    np.testing.assert_array_equal(exact, dense)


def test_same_seed_same_estimate():
    assert born_dead_probability(10, 3, 2000, seed=9) == born_dead_probability(10, 3, 2000, seed=9)
    assert actlib.born_dead_probability is born_dead_probability


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"depth": 0}, ValueError, "depth must be an integer >= 1"),
        ({"depth": 3.0}, TypeError, "depth must be an integer"),
        ({"width": 0}, ValueError, "width must be an integer >= 1"),
        ({"width": True}, TypeError, "width must be an integer"),
        ({"n_trials": 0}, ValueError, "n_trials must be an integer >= 1"),
        ({"n_trials": "100"}, TypeError, "n_trials must be an integer"),
    ],
)
def test_born_dead_bad_arguments(kwargs, error, message):
    arguments = {"depth": 3, "width": 3, "n_trials": 10, "seed": 0} | kwargs
    with pytest.raises(error, match=message):
        born_dead_probability(**arguments)


def test_born_dead_inputs_must_lie_in_the_domain():
    with pytest.raises(ValueError, match=r"inputs must be a non-empty 1-D set of numbers in \[-1, 1\]"):
        born_dead_curve(3, 3, 10, inputs=[0.0, 2.0])
