"""Properties of the dying-ReLU experiments of actlib.dying (networks born dead: test_born_dead.py)."""

# isort: off
import actlib  # noqa: F401  (before TensorFlow: quiet logs, no oneDNN)
import keras
import numpy as np
import pytest
import tensorflow as tf
# isort: on

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
