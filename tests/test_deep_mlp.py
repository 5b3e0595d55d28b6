"""actlib.deep_mlp: the one digits loader, the deep-MLP builder and the trainer the experiment chapters use.

The loader is checked against scikit-learn itself, the builder's networks against a NumPy forward pass
of the formula its docstring gives, the trainer's first loss against a cross-entropy computed here, and
the options the chapters on choosing an activation and on initialisation train with (a logits head,
``from_logits``, held-out measurements) against TensorFlow's own cross-entropy and predictions.
"""

import inspect

# isort: off
import actlib  # noqa: F401  (before TensorFlow: quiet logs, no oneDNN)
import keras
import numpy as np
import pytest
import tensorflow as tf

# isort: on
from sklearn.datasets import load_digits
from sklearn.preprocessing import StandardScaler

from actlib.deep_mlp import (
    build_deep_mlp,
    check_dataset,
    digits_dataset,
    hidden_dense_layers,
    initializer_factory,
    loss_and_accuracy,
    resolve_activation,
    train_and_measure,
)


@pytest.fixture(scope="module")
def sklearn_digits():
    return load_digits(return_X_y=True)


@pytest.fixture(scope="module")
def batch():
    x, y = digits_dataset()
    return x[:128], y[:128]


# --- the digits ------------------------------------------------------------------------------------


def test_unit_scaling_divides_the_pixels_by_16(sklearn_digits):
    pixels, labels = sklearn_digits
    x, y = digits_dataset(scaling="unit")
    assert x.dtype == np.float32 and y.dtype == np.int32 and x.shape == (1797, 64)
    np.testing.assert_array_equal(x, (pixels / 16).astype(np.float32))
    np.testing.assert_array_equal(y, labels)
    assert x.min() == 0 and x.max() == 1


def test_standard_scaling_is_scikit_learns_standard_scaler(sklearn_digits):
    pixels, _ = sklearn_digits
    x, _ = digits_dataset()  # "standard" by default
    expected = StandardScaler().fit_transform(pixels)  # constant columns: shifted, not divided by 0
    np.testing.assert_allclose(x, expected, rtol=1e-6, atol=1e-6)
    constant = pixels.std(axis=0) == 0
    assert constant.any() and np.all(x[:, constant] == 0)
    np.testing.assert_allclose(x[:, ~constant].std(axis=0), 1, rtol=1e-5)


def test_n_samples_keeps_the_first_images_and_scales_with_their_own_statistics(sklearn_digits):
    pixels, labels = sklearn_digits
    x, y = digits_dataset(n_samples=100)
    assert x.shape == (100, 64)
    np.testing.assert_array_equal(y, labels[:100])
    np.testing.assert_allclose(x, StandardScaler().fit_transform(pixels[:100]), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(
        digits_dataset(n_samples=5, scaling="unit")[0], digits_dataset(scaling="unit")[0][:5]
    )


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"scaling": "minmax"}, ValueError, r"scaling must be one of \('standard', 'unit'\), got 'minmax'"),
        ({"n_samples": 0}, ValueError, "n_samples must be an integer >= 1, got 0"),
        ({"n_samples": 10.0}, TypeError, "n_samples must be an integer >= 1, not float"),
    ],
)
def test_digits_dataset_bad_arguments(kwargs, error, words):
    with pytest.raises(error, match=words):
        digits_dataset(**kwargs)


def test_check_dataset_converts_to_float32_and_int32():
    x, y = check_dataset([[1, 2], [3, 4]], np.array([9, 0], np.int64))
    assert x.dtype == np.float32 and y.dtype == np.int32
    assert x.tolist() == [[1.0, 2.0], [3.0, 4.0]] and y.tolist() == [9, 0]


def test_bad_datasets_get_clear_errors(batch):
    x, y = batch
    with pytest.raises(ValueError, match="x must be a non-empty"):
        check_dataset(x[0], y[:1])
    with pytest.raises(ValueError, match="x must be a non-empty"):
        check_dataset(x, y[:10])
    with pytest.raises(ValueError, match="x must be a non-empty"):
        check_dataset(x[:0], y[:0])
    with pytest.raises(ValueError, match="y must hold class labels 0 to 9, got 10 to 19"):
        check_dataset(x, y + 10)
    with pytest.raises(TypeError, match="y integer labels"):
        check_dataset(x, y.astype(float))
    with pytest.raises(TypeError, match="x must hold numbers"):
        check_dataset(x.astype(str), y)


# --- the builder ----------------------------------------------------------------------------------


def test_every_argument_of_the_builder_is_keyword_only():
    parameters = inspect.signature(build_deep_mlp).parameters.values()
    assert {p.name for p in parameters} >= {"depth", "width", "activation", "initializer", "seed"}
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
    with pytest.raises(TypeError):
        build_deep_mlp(3, 8, "relu")


@pytest.mark.parametrize("depth, width, activation", [(1, 4, "relu"), (3, 8, "tanh"), (5, 2, "sigmoid")])
def test_depth_width_and_activation_of_the_hidden_layers(depth, width, activation):
    model = build_deep_mlp(depth=depth, width=width, activation=activation, input_dim=7)
    hidden = hidden_dense_layers(model)
    assert [layer.name for layer in hidden] == [f"dense_{i}" for i in range(1, depth + 1)]
    assert [layer.units for layer in hidden] == [width] * depth
    assert all(layer.activation is getattr(keras.activations, activation) for layer in hidden)
    output = model.get_layer("output")
    assert output.units == 10 and output.activation is keras.activations.softmax
    assert model.input_shape == (None, 7) and model.output_shape == (None, 10)
    assert hidden[0].kernel.shape == (7, width)


def numpy_forward(model, x, activation, residual=False):
    """The builder's formula, h_l = act(W_l h_{l-1} + b_l) (plus h_{l-1} with residual), then softmax."""
    h = x.astype(np.float64)
    for number, layer in enumerate(hidden_dense_layers(model), start=1):
        z = activation(h @ layer.kernel.numpy() + layer.bias.numpy())
        h = h + z if residual and number > 1 else z
    out = model.get_layer("output")
    logits = h @ out.kernel.numpy() + out.bias.numpy()
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("residual", [False, True])
def test_the_network_computes_the_documented_formula(batch, residual):
    model = build_deep_mlp(depth=4, width=16, activation="tanh", residual=residual, bias_initializer="ones")
    assert sum(isinstance(layer, keras.layers.Add) for layer in model.layers) == (3 if residual else 0)
    expected = numpy_forward(model, batch[0], np.tanh, residual=residual)
    np.testing.assert_allclose(np.asarray(model(batch[0])), expected, rtol=1e-4, atol=1e-6)


def test_batch_norm_puts_a_normalisation_between_each_dense_layer_and_its_activation():
    model = build_deep_mlp(depth=3, width=8, activation="relu", batch_norm=True)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds.count("BatchNormalization") == 3
    assert all(layer.activation is keras.activations.linear for layer in hidden_dense_layers(model))
    hidden_positions = [i for i, kind in enumerate(kinds) if kind == "Dense"][:-1]  # all but the output
    assert len(hidden_positions) == 3
    for i in hidden_positions:
        assert kinds[i + 1 : i + 3] == ["BatchNormalization", "Activation"]


def test_the_seed_fixes_the_weights_and_each_layer_draws_its_own():
    def weights(**options):
        model = build_deep_mlp(depth=3, width=32, activation="relu", **options)
        return [layer.kernel.numpy() for layer in hidden_dense_layers(model)]

    normal = keras.initializers.RandomNormal(stddev=0.5)  # unseeded: a fresh copy per layer
    first, again, other = (
        weights(initializer=normal),
        weights(initializer=normal),
        weights(initializer=normal, seed=1),
    )
    for a, b, c in zip(first, again, other, strict=True):
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(a, c)
    assert not np.array_equal(first[1], first[2])  # two layers of the same shape, different draws
    assert np.std(np.concatenate([w.ravel() for w in first])) == pytest.approx(0.5, rel=0.05)


def test_resolve_activation_and_initializer_factory():
    assert resolve_activation("gelu") is keras.activations.gelu
    assert resolve_activation(np.tanh) is np.tanh
    make = initializer_factory("he_normal")
    assert isinstance(make(), keras.initializers.HeNormal) and make() is not make()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"depth": 0}, ValueError, "depth must be an integer >= 1"),
        ({"depth": 2.5}, TypeError, "depth must be an integer"),
        ({"width": 0}, ValueError, "width must be an integer >= 1"),
        ({"input_dim": 0}, ValueError, "input_dim must be an integer >= 1"),
        ({"activation": "not_an_activation"}, ValueError, "activation 'not_an_activation'"),
        ({"activation": 3}, TypeError, "activation must be a name"),
        ({"initializer": "not_an_initializer"}, ValueError, "initializer 'not_an_initializer'"),
        ({"initializer": 0.5}, TypeError, "initializer must be"),
        ({"bias_initializer": "nope"}, ValueError, "initializer 'nope' is not a keras.initializers name"),
    ],
)
def test_bad_arguments_get_clear_errors(kwargs, error, message):
    arguments = {"depth": 3, "width": 8, "activation": "relu"} | kwargs
    with pytest.raises(error, match=message):
        build_deep_mlp(**arguments)


# --- the trainer ----------------------------------------------------------------------------------


def test_the_record_starts_with_the_untrained_models_loss_and_accuracy(batch):
    x, y = batch
    model = build_deep_mlp(depth=2, width=16, activation="relu", initializer="he_normal")
    probabilities = numpy_forward(model, x, lambda z: np.maximum(z, 0))
    loss = -np.mean(np.log(probabilities[np.arange(len(y)), y]))
    accuracy = np.mean(probabilities.argmax(axis=1) == y)
    calls = []
    record = train_and_measure(
        model,
        x,
        y,
        epochs=3,
        learning_rate=0.01,
        optimizer="adam",
        measure=lambda m: calls.append(1) or [len(calls), 0.0],
    )
    assert sorted(record) == ["accuracy", "loss", "measurements"]
    assert record["loss"].shape == record["accuracy"].shape == (4,) and record["measurements"].shape == (4, 2)
    assert record["loss"][0] == pytest.approx(loss, rel=1e-5) and record["accuracy"][0] == accuracy
    assert record["measurements"][:, 0].tolist() == [1, 2, 3, 4]  # measured before training and per epoch
    assert record["loss"][-1] < record["loss"][0]


def test_everything_after_the_data_is_keyword_only():
    parameters = inspect.signature(train_and_measure).parameters
    assert [name for name, p in parameters.items() if p.kind is not inspect.Parameter.KEYWORD_ONLY] == [
        "model",
        "x",
        "y",
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"epochs": 0}, ValueError, "epochs must be an integer >= 1"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate must be a positive number"),
        ({"learning_rate": True}, ValueError, "learning_rate must be a positive number"),
        ({"optimizer": "rmsprop"}, ValueError, "optimizer must be one of"),
        ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1"),
    ],
)
def test_bad_training_arguments_get_clear_errors(batch, kwargs, error, message):
    model = build_deep_mlp(depth=1, width=4, activation="relu")
    arguments = {"epochs": 1, "learning_rate": 0.1} | kwargs
    with pytest.raises(error, match=message):
        train_and_measure(model, *batch, **arguments)


# --- A logits head, from_logits and held-out measurements -------------------------------------------

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
