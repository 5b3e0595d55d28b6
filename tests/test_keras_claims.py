"""Claims about Keras itself: what keras.activations computes where it differs from the mathematics.

The book reports each of these findings; these tests check that the installed Keras still behaves so
(and that actlib does not). actlib's own parity with Keras is tested in each activation module's
test file (test_<module>.py, through numeric_helpers.ActivationChecks).
"""

import numpy as np
import pytest

import actlib
from tests.numeric_helpers import keras_activation, ulps_apart
from tests.references import decimal_gelu, keras_sparsemax_as_written, longdouble

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")


def test_keras_silently_returns_zeros_where_actlib_raises():
    x = tf.constant([1.0, 2.0])
    np.testing.assert_array_equal(keras.activations.relu(x, max_value=-1.0), [0.0, 0.0])
    with pytest.raises(ValueError):
        keras.layers.ReLU(max_value=-1.0)
    with pytest.raises(ValueError, match="must be >= 0"):
        actlib.relu(x, max_value=-1.0)


def test_keras_squareplus_with_b_zero_halves_tiny_inputs():
    # With b = 0, x^2 underflows for tiny x, so Keras computes (x + sqrt(0)) / 2 = x / 2 instead of x.
    x = np.array([1e-20, 1e-30], dtype=np.float32)
    np.testing.assert_array_equal(keras_activation("squareplus", x, b=0), x / 2)
    np.testing.assert_array_equal(actlib.squareplus(x, b=0), x)


def test_keras_float64_gelu_has_float32_accuracy():
    # tf.nn.gelu casts the Python float 0.7071067811865476 to float64 through a float32 tensor.
    x = np.array([1.0, -1.0, 0.5])
    exact = np.array([decimal_gelu(v) for v in x])
    assert np.all(np.abs(keras_activation("gelu", x) / exact - 1) > 1e-10)
    np.testing.assert_allclose(actlib.gelu(x), exact, rtol=2e-16)


def test_keras_elu_loses_small_negative_inputs():
    # TensorFlow's Elu kernel computes exp(x) - 1, not expm1(x).
    x = np.array([-1e-7, -1e-9], dtype=np.float32)
    exact = np.expm1(longdouble(x))
    assert np.all(np.abs(keras_activation("elu", x) / exact - 1) > 0.01)
    assert ulps_apart(actlib.elu(x), exact, np.float32).max() <= 0.5


def test_keras_sparsemax_is_wrong_when_two_or_more_entries_survive():
    x = np.array([[0.5, 0.4], [0.1, 0.2], [1.0, -3.0]], dtype=np.float32)
    theirs = keras_activation("sparsemax", x)
    np.testing.assert_allclose(theirs, keras_sparsemax_as_written(x.astype(np.float64)), atol=1e-7)
    np.testing.assert_allclose(theirs.sum(axis=-1), [0.5, 0.8, 1.0], atol=1e-7)  # not a distribution
    np.testing.assert_allclose(actlib.sparsemax(x), [[0.55, 0.45], [0.45, 0.55], [1.0, 0.0]], rtol=1e-6)
    np.testing.assert_allclose(actlib.sparsemax(x).sum(axis=-1), 1.0, rtol=1e-6)


def test_keras_sparsemax_breaks_for_large_logits():
    # Keras tests x_k - (cumsum_k - 1) / k > 0; for the largest logit m that is m - (m - 1), which
    # rounds to 0 once m > 2**24 in float32: the support is empty, tau = -1/0, and every output is inf.
    x = np.array([1.0, 2.0, 3.0, 1e8], dtype=np.float32)
    assert np.isinf(keras_activation("sparsemax", x)).all()
    np.testing.assert_array_equal(actlib.sparsemax(x), [0, 0, 0, 1])
