"""actlib.activations.rectified_linear: relu, with Keras 3's three parameters and their quirks.

Every record of the module gets :class:`tests.numeric_helpers.ActivationChecks` (references,
Keras parity, derivatives against tf.GradientTape and at the kinks, contract) and the chapter's
stricter claim that actlib is no less accurate than Keras; the tests below are relu's own.
"""

import numpy as np
import pytest

import actlib
from actlib.activations import rectified_linear
from tests.numeric_helpers import TEST_DATA, ActivationChecks, NoLessAccurateThanKeras, keras_activation


class TestEveryActivation(ActivationChecks, NoLessAccurateThanKeras):
    module = rectified_linear


def test_relu_nan_propagates_with_every_variant_of_its_parameters():
    # (Keras' defaults: ActivationChecks.test_nan_propagates_where_keras_hides_it)
    for params in TEST_DATA["relu"].variants + ({"max_value": 3.0, "threshold": 1.0},):
        assert np.isnan(actlib.relu(np.nan, **params)), params


def test_relu_negative_threshold_quirk_matches_keras():
    # With a negative threshold and no cap, Keras lets values between the threshold and 0 through.
    x = np.array([-3.0, -1.0, -0.5, 0.5], dtype=np.float32)
    np.testing.assert_array_equal(actlib.relu(x, threshold=-1.0), keras_activation("relu", x, threshold=-1.0))
    assert actlib.relu(x, threshold=-1.0)[2] == np.float32(-0.5)


@pytest.mark.parametrize("t", [0.1, 0.3, 1 / 3, -0.1])
def test_relu_threshold_is_placed_in_the_input_dtype_like_keras(t):
    # float32(t) > t for t = 0.1: comparing in float64 would let x = float32(t) pass.
    x = np.array([np.float32(t), np.nextafter(np.float32(t), np.float32(9))], dtype=np.float32)
    np.testing.assert_array_equal(actlib.relu(x, threshold=t), keras_activation("relu", x, threshold=t))
    np.testing.assert_array_equal(actlib.derivative("relu")(x, threshold=t), [0.0, 1.0])


def test_relu_keeps_the_sign_of_negative_zero_like_tensorflow():
    x = np.array([-0.0, 0.0], dtype=np.float32)
    np.testing.assert_array_equal(np.signbit(actlib.relu(x)), np.signbit(keras_activation("relu", x)))


def test_relu_parameters_beyond_the_dtype_range_become_infinite():
    x = np.array([-1e4, 1.0, 6e4], dtype=np.float16)
    for params in ({"threshold": 1e5}, {"max_value": 1e6}, {"threshold": -1e6, "negative_slope": 0.5}):
        np.testing.assert_array_equal(actlib.relu(x, **params), keras_activation("relu", x, **params))
