"""The guide's examples rerun on today's Keras, each difference checked against its cause.

"The guide" is "Keras Activation Layers - Ultimate Guide for Beginners". Its inputs and printed
outputs come from actlib.guide, which test_guide.py checks against the guide's page.
"""

import numpy as np
import pytest
from scipy import special

import actlib
from actlib.guide import (
    GUIDE_EXAMPLES,
    guide_input,
    guide_printed,
    keras_today,
    ulp_distance,
)

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

FOO = tf.constant(guide_input(GUIDE_EXAMPLES["relu_threshold"]))  # the guide's `foo`, 1. Relu, In [2]


def exact_float32(example):
    """The correctly rounded float32 answer from an independent float64 or long double reference."""
    x = guide_input(example)
    if example.activation == "sigmoid":
        return special.expit(x.astype(np.float64)).astype(np.float32)
    return np.tanh(x.astype(np.longdouble)).astype(np.float32)


def test_guide_relu_alpha_fails_on_keras3_and_negative_slope_fixes_it():
    with pytest.raises(TypeError, match="alpha"):
        tf.keras.activations.relu(FOO, alpha=0.7)  # the guide's line, verbatim (1. Relu, In [2])
    fixed = tf.keras.activations.relu(FOO, negative_slope=0.7).numpy()
    x = FOO.numpy()
    np.testing.assert_array_equal(fixed, np.where(x > 0, x, np.float32(0.7) * x))
    np.testing.assert_array_equal(fixed, keras_today(GUIDE_EXAMPLES["relu_alpha"]))


def test_guide_relu_max_value_is_a_clip():
    # The guide's `relu(foo, max_value=3)` (1. Relu, In [2]) printed nothing; the clip is the definition.
    np.testing.assert_array_equal(
        tf.keras.activations.relu(FOO, max_value=3).numpy(), np.clip(FOO.numpy(), 0, 3)
    )


def test_guide_threshold_output_differs_only_in_the_sign_of_zero():
    example = GUIDE_EXAMPLES["relu_threshold"]
    printed, today = guide_printed(example), keras_today(example)
    x = guide_input(example)
    # Same values: -0.0 == 0.0 ...
    np.testing.assert_array_equal(printed, today)
    # ... but the guide's zeros for negative inputs were negative zeros, today's are not.
    np.testing.assert_array_equal(np.signbit(printed), x < 0)
    assert not np.signbit(today).any()
    # Cause: Keras 2 multiplied x by the 0/1 mask, and (-5) * 0 is -0 in IEEE arithmetic;
    # Keras 3 selects with where(x > threshold, x, 0).
    keras2 = x * (x > 7).astype(np.float32)
    assert np.array_equal(np.signbit(keras2), np.signbit(printed)) and np.array_equal(keras2, printed)
    keras3 = np.where(x > 7, x, np.float32(0))
    assert np.array_equal(np.signbit(keras3), np.signbit(today))
    # Keras 3's docstring still shows the Keras 2 output.
    assert "[-0., -0.,  0.,  0., 10.]" in keras.activations.relu.__doc__


def test_guide_sigmoid_digits_came_from_a_less_accurate_kernel():
    example = GUIDE_EXAMPLES["sigmoid"]
    printed, today = guide_printed(example), keras_today(example)
    exact = exact_float32(example)
    # Today: correctly rounded at every one of the guide's inputs.
    assert ulp_distance(today, exact).max() <= 1
    # The guide: sigmoid(-5) is far off in ulps, yet within float32's old fast-kernel accuracy
    # (relative error about 1e-5); the other values within 1 ulp.
    guide_ulps = ulp_distance(printed, exact)
    assert guide_ulps[1] > 100
    assert abs(printed[1] / exact[1] - 1) < 2e-5
    assert np.delete(guide_ulps, 1).max() <= 1


def test_guide_tanh_digits():
    example = GUIDE_EXAMPLES["tanh"]
    printed, today = guide_printed(example), keras_today(example)
    exact = exact_float32(example)
    assert ulp_distance(printed, exact).max() <= 2  # tanh(6) was 2 ulps off
    assert ulp_distance(printed, exact)[3] == 2
    assert ulp_distance(today, exact).max() <= 1  # today's float32 tanh: 1 ulp at most here
    np.testing.assert_allclose(printed, today, rtol=2e-7)


def test_actlib_reproduces_today_keras_on_every_guide_example():
    for example in GUIDE_EXAMPLES.values():
        ours = getattr(actlib, example.activation)(guide_input(example), **example.params)
        np.testing.assert_allclose(ours, keras_today(example), rtol=2e-7, atol=0)
