"""actlib.autodiff.keras_derivative: what tf.GradientTape says Keras' activations' derivatives are.

The chapters and the derivative tests compare actlib's formulas with it, so here it is checked against
derivatives written out by hand (through SciPy's sigmoid and softmax), not against actlib's.
"""

import numpy as np
import pytest
from scipy import special

from actlib.autodiff import keras_derivative

X = np.array([-3.0, -0.7, -0.0, 0.4, 1.0, 2.5], np.float32)


def test_an_elementwise_derivative_at_each_point():
    t = np.tanh(X.astype(np.float64))
    slope = keras_derivative("tanh", X)
    assert slope.dtype == np.float32 and slope.shape == X.shape
    np.testing.assert_allclose(slope, 1 - t * t, rtol=1e-5)  # TensorFlow forms 1 - y^2 in float32
    np.testing.assert_allclose(
        keras_derivative("sigmoid", X), special.expit(X) * special.expit(-X), rtol=2e-6
    )


def test_parameters_are_passed_to_keras():
    away_from_the_kinks = X[X != 0]
    slope = keras_derivative("relu", away_from_the_kinks, negative_slope=0.1, max_value=2.0)
    np.testing.assert_allclose(slope, [0.1, 0.1, 1.0, 1.0, 0.0], rtol=1e-7)
    assert keras_derivative("elu", [-1.0], alpha=2.0)[0] == pytest.approx(2 * np.exp(-1.0), rel=1e-6)


def test_a_batch_of_elementwise_inputs_keeps_its_shape():
    x = X.reshape(2, 3)
    np.testing.assert_allclose(
        keras_derivative("softsign", x), 1 / (1 + np.abs(x.astype(np.float64))) ** 2, rtol=2e-6
    )


@pytest.mark.parametrize("shape", [(5,), (3, 5)])
def test_softmax_gives_the_diagonal_of_its_jacobian(shape):
    x = np.linspace(-2, 2, np.prod(shape)).reshape(shape).astype(np.float32)
    s = special.softmax(x.astype(np.float64), axis=-1)
    np.testing.assert_allclose(keras_derivative("softmax", x), s * (1 - s), rtol=1e-5)
    np.testing.assert_allclose(keras_derivative("log_softmax", x), 1 - s, rtol=1e-5)


def test_glu_gives_the_gradient_of_the_sum_of_its_outputs():
    # glu([a, b]) = a * sigmoid(b): d/da = sigmoid(b), d/db = a sigmoid(b) (1 - sigmoid(b))
    a, b = np.float32([1.5, -2.0]), np.float32([0.5, 3.0])
    slope = keras_derivative("glu", np.concatenate([a, b]))
    sb = special.expit(b.astype(np.float64))
    np.testing.assert_allclose(slope, np.concatenate([sb, a * sb * (1 - sb)]), rtol=2e-6)


def test_lists_and_integers_are_converted_as_actlib_converts_them():
    slope = keras_derivative("sigmoid", [0, 0])
    assert slope.dtype == np.float32 and slope.tolist() == [0.25, 0.25]


def test_an_unknown_name_is_a_value_error_that_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown activation 'nope'; known: \[.*'relu'"):
        keras_derivative("nope", [1.0])
