"""actlib's derivatives against tf.GradientTape, and Keras' conventions at the kinks."""

import numpy as np
import pytest

import actlib
from actlib.autodiff import keras_derivative
from tests.numeric_helpers import FLOAT_DTYPES, case_ids, cases, is_subnormal, sample_points
from tests.references import softmax_parts

ELEMENTWISE_CASES = cases(["relu", "sigmoid", "tanh"])  # the guide's four but softmax


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=lambda d: d.__name__)
@pytest.mark.parametrize("name,params", ELEMENTWISE_CASES, ids=case_ids(ELEMENTWISE_CASES))
def test_derivative_matches_gradient_tape(name, params, dtype):
    x = sample_points(dtype, n=20_000)
    x = x[np.isfinite(x) & ~is_subnormal(x, dtype)]  # TF treats subnormal inputs as 0
    ours = actlib.derivative(name)(x, **params)
    tape = keras_derivative(name, x, **params)
    assert ours.dtype == dtype and ours.shape == x.shape
    # TensorFlow forms sigmoid' and tanh' from the rounded output (y(1-y), 1-y^2): its absolute
    # error is a few eps even where the true derivative is tiny, so compare absolutely.
    tolerance = 4 * np.finfo(dtype).eps
    if name == "tanh":
        tolerance = 16 * np.finfo(dtype).eps  # Keras' float32 tanh is up to ~5 ulp off, squared
    if dtype == np.float64 and params.get("negative_slope"):
        tolerance = 6e-8  # TensorFlow stores the slope as a float32 attribute
    np.testing.assert_allclose(ours, tape, rtol=0, atol=tolerance)


@pytest.mark.parametrize("params,at,expected", [
    ({}, 0.0, 0.0),                                   # plain ReLU: 0 at the kink
    ({"negative_slope": 0.1}, 0.0, 0.1),              # leaky: the slope at the kink
    ({"threshold": 1.5}, 1.5, 0.0),                   # 0 at the threshold
    ({"max_value": 6.0}, 6.0, 0.0),                   # relu6 kernel: 0 at the cap
    ({"max_value": 5.0}, 5.0, 1.0),                   # clip: the cap is included
    ({"max_value": 5.0}, 0.0, 0.0),
    ({"negative_slope": 0.2, "threshold": 2.0}, 2.0, 0.0),
])
def test_relu_kink_conventions_match_keras(params, at, expected):
    x = np.array([at], dtype=np.float32)
    assert keras_derivative("relu", x, **params)[0] == expected
    assert actlib.derivative("relu")(x, **params)[0] == expected


def test_derivative_limits_and_maxima():
    x = np.linspace(-10, 10, 20_001)
    assert actlib.derivative("sigmoid")(x).max() == pytest.approx(0.25)
    assert actlib.derivative("tanh")(x).max() == pytest.approx(1.0)
    assert np.argmax(actlib.derivative("sigmoid")(x)) == 10_000  # at x = 0
    for name in ("sigmoid", "tanh"):
        tails = actlib.derivative(name)(np.array([-np.inf, np.inf, 1e4, -1e4]))
        np.testing.assert_array_equal(tails, 0.0)
    # The tail keeps relative accuracy where 1 - tanh(x)^2 would round to 0 in float64.
    np.testing.assert_allclose(actlib.derivative("tanh")(np.array([30.0])), 4 * np.exp(-60.0), rtol=1e-12)
    np.testing.assert_allclose(actlib.derivative("sigmoid")(np.array([-50.0])), np.exp(-50.0), rtol=1e-12)


def test_derivative_of_softmax_is_the_jacobian_diagonal():
    x = np.random.default_rng(3).standard_normal((4, 6)).astype(np.float32)
    s, rest = softmax_parts(x)  # the independent reference: s_i and 1 - s_i
    diagonal = np.diagonal(actlib.softmax_jacobian(x), axis1=-2, axis2=-1)
    for ours in (actlib.derivative("softmax")(x), diagonal):
        np.testing.assert_allclose(ours, (s * rest).astype(np.float64), rtol=4 * np.finfo(np.float32).eps)
    np.testing.assert_allclose(keras_derivative("softmax", x), actlib.derivative("softmax")(x),
                               rtol=1e-5, atol=1e-7)


def test_softmax_jacobian_matches_tensorflow_and_finite_differences():
    import tensorflow as tf

    x = np.random.default_rng(4).standard_normal((3, 5))
    ours = actlib.softmax_jacobian(x)
    assert ours.shape == (3, 5, 5)
    tensor = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        y = tf.nn.softmax(tensor)
    np.testing.assert_allclose(ours, tape.batch_jacobian(y, tensor).numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.sum(axis=-2), 0.0, atol=1e-15)  # outputs always sum to 1
    h = 1e-6
    for j in range(5):
        step = np.zeros(5)
        step[j] = h
        numeric = (actlib.softmax(x + step) - actlib.softmax(x - step)) / (2 * h)
        np.testing.assert_allclose(ours[:, :, j], numeric, atol=1e-9)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.__name__)
def test_derivatives_keep_dtype_and_propagate_nan(dtype):
    x = np.array([-1.0, 0.0, 2.0, np.nan], dtype=dtype)
    for name in ("relu", "sigmoid", "tanh"):
        d = actlib.derivative(name)(x)
        assert d.dtype == dtype and np.isnan(d[-1]) and not np.isnan(d[:-1]).any()
    assert actlib.derivative("relu")(np.array([1, -1])).dtype == np.float32


def test_derivative_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'rleu'"):
        actlib.derivative("rleu")
    with pytest.raises(TypeError, match="name must be a string"):
        actlib.derivative(None)


def test_keras_derivative_takes_the_jacobian_diagonal_for_non_elementwise_activations():
    x = np.random.default_rng(5).standard_normal((3, 4)).astype(np.float32)
    # d log_softmax(x)_i / d x_i = 1 - softmax(x)_i, from the independent long double reference.
    np.testing.assert_allclose(keras_derivative("log_softmax", x), softmax_parts(x)[1].astype(np.float64),
                               atol=1e-6)
