"""actlib.activations.softmax_probabilities: softmax along any axes, its Jacobian and its derivative.

Every record of the module gets :class:`tests.numeric_helpers.ActivationChecks` (row references and
Keras parity, contract); the tests below are softmax's own: rows from uniform to one-hot, axes,
extreme logits, empty axes, and the Jacobian against tf.GradientTape and finite differences.
"""

import warnings

import numpy as np
import pytest

import actlib
from actlib.activations import softmax_probabilities
from actlib.autodiff import keras_derivative
from tests.numeric_helpers import (
    FLOAT_DTYPES,
    KERAS_ULPS,
    ULP_BUDGET,
    ActivationChecks,
    assert_within_ulps,
    dtype_id,
    keras_activation,
)
from tests.references import reference, softmax_parts


def keras_softmax_slack(rows, keras_result):
    """How far Keras' softmax may be from the exact one.

    Keras works in the input's dtype: rounding x - max(x) to it costs exp() a relative error of
    about |x - max(x)| * eps, on top of a few ulps; it also flushes subnormal results to 0.
    """
    eps = np.finfo(rows.dtype).eps
    shift = np.abs(rows.astype(np.float64) - rows.astype(np.float64).max(axis=-1, keepdims=True))
    return (shift + KERAS_ULPS[rows.dtype.type]) * eps * np.abs(keras_result) + np.finfo(rows.dtype).tiny


class TestEveryActivation(ActivationChecks):
    module = softmax_probabilities

    def row_keras_slack(self, name, rows, expected):
        expected = expected.astype(np.float64)
        return expected, keras_softmax_slack(rows, expected)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
def test_softmax_from_uniform_to_one_hot_rows_against_reference_and_keras(dtype):
    rng = np.random.default_rng(1)
    scale = np.logspace(-3, 3, 10_000)[:, None]  # from nearly uniform to nearly one-hot rows
    x = (rng.standard_normal((10_000, 10)) * scale).astype(dtype)
    x[:50, 0] = np.finfo(dtype).max  # rows dominated by one huge logit
    ours = actlib.softmax(x)
    assert ours.dtype == dtype and ours.shape == x.shape and x.size >= 100_000
    assert_within_ulps(ours, reference("softmax", x), dtype, ULP_BUDGET[dtype], x)
    theirs = keras_activation("softmax", x)
    allowed = keras_softmax_slack(x, theirs.astype(np.float64))
    gap = np.abs(ours.astype(np.float64) - theirs.astype(np.float64))
    assert (gap <= allowed).all(), f"{(gap > allowed).sum()} probabilities differ from Keras beyond its error"


@pytest.mark.parametrize("axis", [0, 1, -1, (0, 2), (-1, -2)])
def test_softmax_axis_matches_keras(axis):
    x = np.random.default_rng(2).standard_normal((3, 4, 5)).astype(np.float32)
    # Keras 3.15's TensorFlow backend rejects a tuple of negative axes ("not a valid
    # permutation"), so Keras gets the same axes written as non-negative numbers.
    keras_axis = tuple(a % 3 for a in axis) if isinstance(axis, tuple) else axis
    np.testing.assert_allclose(
        actlib.softmax(x, axis=axis), keras_activation("softmax", x, axis=keras_axis), rtol=4e-7, atol=1e-7
    )
    axes = axis if isinstance(axis, tuple) else (axis,)
    np.testing.assert_allclose(actlib.softmax(x, axis=axis).sum(axis=axes), 1.0, rtol=1e-6)


def test_softmax_extreme_logits_give_the_mathematical_limits():
    np.testing.assert_array_equal(actlib.softmax([1000.0, 1000.0]), [0.5, 0.5])
    np.testing.assert_array_equal(actlib.softmax([0.0, -np.inf, 0.0]), [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(actlib.softmax([1.0, np.inf, -np.inf]), [0.0, 1.0, 0.0])
    np.testing.assert_allclose(
        actlib.softmax([1000.0, 1001.0, 1002.0]),
        reference("softmax", [0.0, 1.0, 2.0]).astype(np.float32),
        rtol=1e-6,
    )


def test_softmax_nan_spoils_only_its_row():
    result = actlib.softmax([[1.0, np.nan], [1.0, 2.0]])
    assert np.isnan(result[0]).all() and not np.isnan(result[1]).any()
    assert np.isnan(actlib.softmax([-np.inf, -np.inf])).all()  # 0/0: no distribution exists


def test_derivative_of_softmax_is_the_jacobian_diagonal():
    x = np.random.default_rng(3).standard_normal((4, 6)).astype(np.float32)
    s, rest = softmax_parts(x)  # the independent reference: s_i and 1 - s_i
    diagonal = np.diagonal(actlib.softmax_jacobian(x), axis1=-2, axis2=-1)
    for ours in (actlib.derivative("softmax")(x), diagonal):
        np.testing.assert_allclose(ours, (s * rest).astype(np.float64), rtol=4 * np.finfo(np.float32).eps)
    np.testing.assert_allclose(
        keras_derivative("softmax", x), actlib.derivative("softmax")(x), rtol=1e-5, atol=1e-7
    )


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


def test_softmax_and_its_jacobian_refuse_an_empty_axis():
    # (softmax and its derivative on rows of length 0: ActivationChecks.test_bad_input)
    with pytest.raises(ValueError, match="softmax over an empty axis"):
        actlib.softmax([])
    with pytest.raises(ValueError, match="softmax_jacobian over an empty axis"):
        actlib.softmax_jacobian(np.ones((2, 0)))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
def test_softmax_jacobian_gives_no_runtime_warning_on_extreme_input(dtype):
    # (softmax and its derivative: ActivationChecks.test_no_runtime_warning_on_extreme_input)
    x = np.array([[0.0, -0.0, 5e-324, 1e308, -1e308, 1e4, -1e4, np.inf, -np.inf, np.nan]])
    with np.errstate(over="ignore"):  # 1e308 is inf in float16 and float32: intended
        x = x.astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        jacobian = actlib.softmax_jacobian(x)
    assert jacobian.shape == (1, 10, 10) and jacobian.dtype == dtype
