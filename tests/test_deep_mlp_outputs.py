"""deep_mlp's logits output, ``from_logits`` and held-out measurements (the options the chapters on
choosing an activation and on initialisation train with).

These belong with the other tests of ``actlib.deep_mlp`` in ``tests/test_deep_mlp.py``; they were written
next to it, in parallel, and are kept apart only until the two are merged.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from actlib.deep_mlp import build_deep_mlp, digits_dataset, loss_and_accuracy, train_and_measure


@pytest.fixture(scope="module")
def digits():
    return digits_dataset(n_samples=200)


def test_the_logits_head_is_the_softmax_head_without_its_softmax(digits):
    x, _ = digits
    probabilities = build_deep_mlp(depth=2, width=8, activation="tanh", seed=4)
    logits = build_deep_mlp(depth=2, width=8, activation="tanh", seed=4, output_activation=None)
    for a, b in zip(probabilities.get_weights(), logits.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(
        tf.nn.softmax(logits(x)).numpy(), probabilities(x).numpy(), rtol=1e-5, atol=1e-7
    )


def test_the_recorded_loss_of_logits_is_tensorflows_cross_entropy(digits):
    x, y = digits
    model = build_deep_mlp(depth=1, width=8, activation="relu", seed=1, output_activation=None)
    expected = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, model(x))).numpy()
    record = train_and_measure(model, x, y, epochs=1, learning_rate=1e-2, optimizer="adam", from_logits=True)
    assert record["loss"][0] == pytest.approx(float(expected), rel=1e-5)
    assert record["loss"][-1] < record["loss"][0]  # it trained, with the logits loss


def test_held_out_measurements_are_the_trained_models_predictions_on_the_held_out_data(digits):
    x, y = digits
    model = build_deep_mlp(depth=1, width=16, activation="relu", output_activation=None)
    record = train_and_measure(
        model,
        x[:150],
        y[:150],
        epochs=3,
        learning_rate=1e-2,
        optimizer="adam",
        from_logits=True,
        validation_data=(x[150:], y[150:]),
    )
    assert all(record[key].shape == (4,) for key in ("validation_loss", "validation_accuracy"))
    logits = model.predict(x[150:], verbose=0)
    assert record["validation_accuracy"][-1] == np.mean(logits.argmax(axis=1) == y[150:])
    expected = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y[150:], logits)).numpy()
    assert record["validation_loss"][-1] == pytest.approx(float(expected), rel=1e-5)


def test_the_same_data_held_out_gives_the_training_rows(digits):
    x, y = digits  # without batch normalisation, training and inference mode compute the same outputs
    record = train_and_measure(
        build_deep_mlp(depth=2, width=8, activation="relu"),
        x,
        y,
        epochs=2,
        learning_rate=0.1,
        validation_data=(x, y),
    )
    np.testing.assert_allclose(record["validation_loss"], record["loss"], rtol=1e-6)
    np.testing.assert_array_equal(record["validation_accuracy"], record["accuracy"])


def test_loss_and_accuracy_by_hand():
    uniform = np.zeros((4, 10))
    assert loss_and_accuracy(uniform, [0, 1, 2, 3], from_logits=True)[0] == pytest.approx(np.log(10))
    loss, accuracy = loss_and_accuracy([[0.25, 0.75], [0.5, 0.5], [1.0, 0.0]], [1, 1, 1])
    assert loss == pytest.approx(-(np.log(0.75) + np.log(0.5) + np.log(np.finfo(np.float64).tiny)) / 3)
    assert accuracy == pytest.approx(1 / 3)  # a tie goes to the first class


def test_logits_trained_as_probabilities_is_a_clear_error(digits):
    x, y = digits
    model = build_deep_mlp(depth=1, width=4, activation="relu", output_activation=None)
    with pytest.raises(ValueError, match="from_logits=True"):
        train_and_measure(model, x, y, epochs=1, learning_rate=0.1)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"from_logits": "yes"}, TypeError, "from_logits must be True or False"),
        ({"validation_data": np.zeros((3, 64))}, TypeError, "validation_data must be a pair"),
        ({"validation_data": (np.zeros((3, 10)), [0, 1, 2])}, ValueError, "10 features per example"),
        ({"validation_data": (np.zeros((3, 64)), [0, 1, 12])}, ValueError, "class labels 0 to 9"),
    ],
)
def test_bad_training_options_are_named(digits, options, error, message):
    x, y = digits
    with pytest.raises(error, match=message):
        train_and_measure(
            build_deep_mlp(depth=1, width=4, activation="relu"), x, y, epochs=1, learning_rate=0.1, **options
        )


@pytest.mark.parametrize(("output_activation", "error"), [("nope", ValueError), (3, TypeError)])
def test_a_bad_output_activation_is_named(output_activation, error):
    with pytest.raises(error, match="output_activation"):
        build_deep_mlp(depth=1, width=4, activation="relu", output_activation=output_activation)


def test_another_output_activation_is_used():
    model = build_deep_mlp(depth=1, width=4, activation="relu", output_activation="sigmoid")
    assert model.get_layer("output").activation is keras.activations.sigmoid
