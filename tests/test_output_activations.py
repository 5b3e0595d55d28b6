"""actlib.activations.output_activations: log_softmax, sparsemax, glu, exponential and linear.

Every record of the module gets :class:`tests.numeric_helpers.ActivationChecks` (references, Keras
parity, derivatives against tf.GradientTape, bad parameters, contract); the methods below say where
Keras' row formulas round or fail, and the tests below are the row activations' own: limits, sums
and shapes along any axis, and their derivatives as Jacobian diagonals.
"""

import numpy as np
import pytest

import actlib
from actlib.activations import output_activations
from actlib.autodiff import keras_derivative
from actlib.registry import ACTIVATIONS
from tests.numeric_helpers import (
    ActivationChecks,
    dtype_id,
    is_subnormal,
    keras_activation,
    module_activations,
)
from tests.references import keras_sparsemax_as_written, sparsemax_diagonal_by_differences


class TestEveryActivation(ActivationChecks):
    module = output_activations

    def row_keras_slack(self, name, rows, expected):
        eps = np.finfo(rows.dtype).eps
        r = rows.astype(np.float64)
        if name == "log_softmax":  # Keras rounds x - max(x) to the dtype: absolute error eps * |x - max|
            return expected.astype(np.float64), 4 * eps * (np.abs(r - r.max(axis=-1, keepdims=True)) + 1)
        if name == "sparsemax":  # Keras sums the unshifted row: absolute error eps * sum |x|
            slack = 4 * eps * np.abs(r).sum(axis=-1, keepdims=True) + 4 * eps
            # Keras' tau is wrong once the support has two or more entries (test_keras_claims):
            # compare it there with its own formula, which shows where the difference comes from.
            as_written = keras_sparsemax_as_written(rows).astype(np.float64)  # in the dtype, as Keras
            several = (expected > 0).sum(axis=-1, keepdims=True) > 1
            return np.where(several, as_written, expected.astype(np.float64)), slack
        return super().row_keras_slack(name, rows, expected)

    def row_keras_exceptions(self, name, rows):
        dtype = rows.dtype.type
        tiny = np.finfo(dtype).tiny
        if name == "sparsemax":
            # Where the row's sum overflows, or its maximum m is so large that m - (m - 1) rounds to 0,
            # Keras finds an empty support, divides by 0 and returns inf (test_keras_claims).
            m = rows.max(axis=-1)
            with np.errstate(over="ignore"):
                overflow = ~np.isfinite(np.abs(rows.astype(np.float64)).sum(axis=-1).astype(dtype))
                return (overflow | ((m - dtype(1)) == m))[:, None]
        if name == "glu":  # denormals-are-zero: subnormal inputs, and sigmoid(b) below the normal range
            a, b = np.split(rows, 2, axis=-1)
            return is_subnormal(b, dtype) | (np.abs(a) < 4 * tiny) | (b.astype(np.float64) < np.log(tiny))
        return super().row_keras_exceptions(name, rows)

    def output_shape(self, name, shape):
        return (*shape[:-1], shape[-1] // 2) if name == "glu" else shape

    def nan_in_derivative_at(self, name):
        # glu: d/da = sigmoid(b) does not involve a; the NaN shows in d/db = a * sigmoid'(b).
        return 2 if name == "glu" else 0

    def refuses_an_empty_axis(self, name):
        return name != "glu"  # glu splits an empty axis into two empty halves: an empty result


# The row activations whose derivative is the Jacobian's diagonal (glu's is the gradient of the sum).
JACOBIAN_ROWS = [
    name
    for name in module_activations(output_activations)
    if not ACTIVATIONS[name].elementwise and name != "glu"
]


def test_row_activations_limits():
    inf, nan = np.inf, np.nan
    log_half = np.log(0.5)
    cases = [
        ("log_softmax", [0.0, -inf, 0.0], [log_half, -inf, log_half]),
        ("log_softmax", [inf, 1.0, inf, -inf], [log_half, -inf, log_half, -inf]),
        ("log_softmax", [-inf, -inf], [nan, nan]),  # no distribution exists
        ("log_softmax", [1.0, nan], [nan, nan]),
        ("sparsemax", [0.0, -inf, 0.0], [0.5, 0.0, 0.5]),
        ("sparsemax", [inf, 1.0, inf], [0.5, 0.0, 0.5]),
        ("sparsemax", [-inf, -inf], [nan, nan]),
        ("glu", [inf, 1.0], [inf]),  # a * sigmoid(b) with b finite: sigmoid(b) > 0
        ("glu", [-inf, -1e4], [-inf]),
        ("glu", [5.0, -inf], [0.0]),
        ("glu", [inf, -inf], [nan]),  # inf * 0: no limit
        ("glu", [nan, 1.0], [nan]),
    ]
    for name, x, want in cases:
        np.testing.assert_array_equal(
            getattr(actlib, name)(np.array(x, dtype=np.float32)),
            np.array(want, dtype=np.float32),
            err_msg=f"{name}({x})",
        )


def test_row_activations_sum_and_shapes():
    x = np.random.default_rng(5).standard_normal((3, 4, 6))
    for axis in (0, 1, -1):
        np.testing.assert_allclose(np.exp(actlib.log_softmax(x, axis=axis)).sum(axis=axis), 1, rtol=1e-15)
        np.testing.assert_allclose(actlib.sparsemax(x, axis=axis).sum(axis=axis), 1, rtol=1e-15)
        np.testing.assert_allclose(
            actlib.log_softmax(x, axis=axis),
            keras_activation("log_softmax", x, axis=axis),
            rtol=1e-13,
            atol=1e-15,
        )
    np.testing.assert_allclose(
        actlib.log_softmax(x, axis=(0, 2)),
        keras_activation("log_softmax", x, axis=(0, 2)),
        rtol=1e-13,
        atol=1e-15,
    )
    assert actlib.glu(x, axis=-1).shape == (3, 4, 3) and actlib.glu(x, axis=1).shape == (3, 2, 6)
    np.testing.assert_allclose(actlib.glu(x, axis=1), keras_activation("glu", x, axis=1), rtol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=dtype_id)
@pytest.mark.parametrize("name", JACOBIAN_ROWS)
def test_row_derivatives_are_jacobian_diagonals(name, dtype):
    rows = np.random.default_rng(6).standard_normal((200, 5)).astype(dtype)
    if name == "sparsemax":
        rows *= 0.3  # several entries in each support
    ours = actlib.derivative(name)(rows)
    if name == "sparsemax":  # Keras' own sparsemax is wrong (see above): differences of the right one
        numeric = sparsemax_diagonal_by_differences(rows)
        moved = np.isnan(numeric)  # the support changes within the step: no derivative to compare
        assert moved.mean() < 0.05
        np.testing.assert_allclose(
            ours[~moved], numeric[~moved].astype(np.float64), rtol=0, atol=4 * np.finfo(dtype).eps
        )
    else:
        np.testing.assert_allclose(ours, keras_derivative(name, rows), atol=8 * np.finfo(dtype).eps)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=dtype_id)
def test_glu_derivative_is_the_gradient_of_the_sum(dtype):
    x = np.random.default_rng(7).standard_normal((100, 6)).astype(dtype) * 4
    for axis in (-1, 0):
        ours, theirs = actlib.derivative("glu")(x, axis=axis), keras_derivative("glu", x, axis=axis)
        eps = np.finfo(dtype).eps
        np.testing.assert_allclose(ours, theirs, rtol=8 * eps, atol=8 * eps)


def test_glu_refuses_an_odd_axis():
    with pytest.raises(ValueError, match="odd size 3"):
        actlib.glu(np.ones((2, 3)))
    with pytest.raises(ValueError, match="odd size 3"):
        actlib.derivative("glu")(np.ones((2, 3)))
