"""Properties of the vanishing-gradient experiments in actlib.vanishing."""

from pathlib import Path

# isort: off
import actlib  # noqa: F401  (before TensorFlow: quiet logs, no oneDNN)
import keras
import numpy as np
import pytest
# isort: on

from actlib.deep_mlp import build_deep_mlp, digits_dataset, hidden_dense_layers
from actlib.registry import get
from actlib.vanishing import DERIVATIVE_BOUNDS, gradient_norms, kernel_gradient_norms, train_deep_mlp


@pytest.fixture(scope="module")
def batch():
    x, y = digits_dataset()
    return x[:128], y[:128]


def test_derivative_bounds_are_the_maxima_of_the_derivatives():
    z = np.linspace(-10, 10, 200_001)
    for name, bound in DERIVATIVE_BOUNDS.items():
        values = get(name).derivative(z)
        assert values.max() == pytest.approx(bound, abs=1e-9)
        assert values.min() >= 0


def test_sigmoid_gradient_vanishes_over_twenty_layers(batch):
    norms = gradient_norms(*batch, depth=20, width=64, activation="sigmoid", initializer="glorot_uniform")
    assert norms.shape == (20,)
    assert norms[0] < 1e-4 * norms[-1]  # orders of magnitude below the last hidden layer
    # the decay is steady: every layer gets less than the one after it
    assert np.all(np.diff(norms) > 0)


def test_relu_with_he_keeps_gradient_within_a_small_factor(batch):
    norms = gradient_norms(*batch, depth=20, width=64, activation="relu", initializer="he_normal")
    assert np.all(norms > 0)
    assert norms.max() / norms.min() < 10
    assert 0.2 < norms[0] / norms[-1] < 5


def test_gradient_norms_match_a_float64_numpy_backpropagation(batch):
    x, y = batch
    depth, width = 3, 16
    norms = gradient_norms(x, y, depth, width, "sigmoid", seed=3)
    model = build_deep_mlp(depth=depth, width=width, activation="sigmoid", input_dim=x.shape[1], seed=3)
    params = [(layer.kernel.numpy().astype(np.float64), layer.bias.numpy().astype(np.float64))
              for layer in [*hidden_dense_layers(model), model.get_layer("output")]]
    hs, zs = [x.astype(np.float64)], []
    for w, b in params[:-1]:
        zs.append(hs[-1] @ w + b)
        hs.append(1 / (1 + np.exp(-zs[-1])))
    logits = hs[-1] @ params[-1][0] + params[-1][1]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    upstream = (p - np.eye(10)[y]) / len(y) @ params[-1][0].T
    expected = []
    for layer in reversed(range(depth)):
        s = hs[layer + 1]
        delta = upstream * s * (1 - s)
        expected.append(np.linalg.norm(hs[layer].T @ delta))
        upstream = delta @ params[layer][0].T
    np.testing.assert_allclose(norms, expected[::-1], rtol=1e-4)


def test_same_seed_same_numbers_other_seed_other_numbers(batch):
    a = gradient_norms(*batch, depth=5, width=16, activation="tanh", seed=7)
    b = gradient_norms(*batch, depth=5, width=16, activation="tanh", seed=7)
    c = gradient_norms(*batch, depth=5, width=16, activation="tanh", seed=8)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_accepts_other_activations_and_callables(batch):
    for activation in ["leaky_relu", "elu", "selu", "gelu", keras.activations.silu]:
        norms = gradient_norms(*batch, depth=4, width=16, activation=activation, initializer="he_normal")
        assert norms.shape == (4,) and np.all(np.isfinite(norms)) and np.all(norms > 0)


def test_batch_norm_and_residual_variants_measure_every_hidden_layer(batch):
    for options in [{"batch_norm": True}, {"residual": True}]:
        norms = gradient_norms(*batch, depth=6, width=16, activation="sigmoid", **options)
        assert norms.shape == (6,) and np.all(norms > 0)


def test_exploding_gradients_raise_instead_of_returning_nan(batch):
    with pytest.raises(FloatingPointError, match="overflowed float32"):
        gradient_norms(*batch, depth=60, width=64, activation="relu",
                       initializer=keras.initializers.RandomNormal(stddev=1.0))


def test_training_record_shapes_and_sigmoid_activation_range(batch):
    x, y = batch
    record = train_deep_mlp(x, y, depth=3, width=16, activation="sigmoid", epochs=2, track_activations=True)
    assert record["loss"].shape == record["accuracy"].shape == (3,)
    assert record["mean"].shape == record["std"].shape == (3, 3)
    assert np.all((record["mean"] > 0) & (record["mean"] < 1))
    assert np.all(record["std"] >= 0)


@pytest.mark.slow
def test_training_lowers_the_loss_and_repeats_exactly(batch):
    x, y = batch
    options = {"depth": 2, "width": 32, "activation": "relu", "initializer": "he_normal", "batch_size": 16}
    first = train_deep_mlp(x, y, epochs=5, **options)
    again = train_deep_mlp(x, y, epochs=5, **options)
    assert first["loss"][-1] < 0.5 * first["loss"][0]
    np.testing.assert_array_equal(first["loss"], again["loss"])


def test_track_activations_needs_a_plain_mlp(batch):
    with pytest.raises(ValueError, match="track_activations needs a plain MLP"):
        train_deep_mlp(*batch, depth=2, width=8, activation="relu", batch_norm=True, track_activations=True)


def test_the_builders_and_the_trainers_errors_reach_the_caller(batch):
    # The checks themselves are actlib.deep_mlp's (test_deep_mlp.py); these helpers must not hide them.
    x, y = batch
    with pytest.raises(ValueError, match="depth must be an integer >= 1"):
        gradient_norms(x, y, depth=0, width=8, activation="relu")
    with pytest.raises(ValueError, match="y must hold class labels 0 to 9"):
        gradient_norms(x, y + 10, depth=2, width=4, activation="relu")
    with pytest.raises(ValueError, match="optimizer must be one of"):
        train_deep_mlp(x, y, depth=2, width=8, activation="relu", optimizer="rmsprop")
    with pytest.raises(TypeError, match="y integer labels"):
        train_deep_mlp(x, y.astype(float), depth=2, width=4, activation="relu")


def chapter_function(chapter, name):
    """The source of the function ``name`` that a code cell of ``chapters/<chapter>.md`` defines."""
    import jupytext

    path = Path(__file__).resolve().parents[1] / "chapters" / f"{chapter}.md"
    for cell in jupytext.read(path).cells:
        if cell.cell_type == "code" and f"def {name}(" in cell.source:
            return cell.source
    raise AssertionError(f"no code cell of {path.name} defines {name}()")


def test_the_chapters_written_out_loop_gives_actlibs_numbers(batch):
    # The vanishing-gradients chapter writes the GradientTape loop out; actlib's helper must be the same.
    import tensorflow as tf

    namespace = {"keras": keras, "np": np, "tf": tf, "hidden_dense_layers": hidden_dense_layers}
    exec(chapter_function("vanishing_gradients", "layer_gradient_norms"), namespace)
    x, y = batch
    for activation, initializer in (("sigmoid", "glorot_uniform"), ("relu", "he_normal")):
        model = build_deep_mlp(depth=4, width=16, activation=activation, initializer=initializer, seed=5)
        by_hand = namespace["layer_gradient_norms"](model, x, y)
        assert by_hand.shape == (4,) and np.all(by_hand > 0)
        np.testing.assert_array_equal(kernel_gradient_norms(model, x, y), by_hand)
        np.testing.assert_array_equal(gradient_norms(x, y, 4, 16, activation, initializer, seed=5), by_hand)


def test_kernel_gradient_norms_takes_other_losses():
    # A regression head (one output, mean squared error), as the ReLU and tanh chapters measure it.
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    hidden = keras.layers.Dense(8, activation="tanh")
    model = keras.Sequential([keras.Input(shape=(3,)), hidden, keras.layers.Dense(1)])
    x = np.random.default_rng(0).normal(size=(32, 3)).astype(np.float32)
    target = np.ones((32, 1), np.float32)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - target))
    expected = np.linalg.norm(tape.gradient(loss, hidden.kernel).numpy().astype(np.float64))
    np.testing.assert_allclose(kernel_gradient_norms(model, x, target, loss="mse"), [expected], rtol=1e-6)
