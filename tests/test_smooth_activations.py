"""actlib.activations.smooth_activations: gelu, silu, mish, softplus, log_sigmoid and tanh_shrink.

Every record of the module gets :class:`tests.numeric_helpers.ActivationChecks` (references, Keras
parity, derivatives against tf.GradientTape, bad parameters, contract); the methods below say where
a reference needs more digits and where Keras' formulas for these activations cancel or round.
"""

import sys

import numpy as np
import pytest

import actlib
from actlib.activations import smooth_activations
from tests.numeric_helpers import ULP_BUDGET, ActivationChecks, assert_within_ulps, result_spacing
from tests.references import decimal_gelu, reference


class TestEveryActivation(ActivationChecks):
    module = smooth_activations

    def compared_with_reference(self, name, params, x, actual):
        x, actual, expected = super().compared_with_reference(name, params, x, actual)
        if name == "gelu" and not params and x.dtype == np.float64:
            # scipy's float64 erfc is ~300 ulp off far in the tail; check float64 against 50 digits instead.
            rng = np.random.default_rng(3)
            pick = np.concatenate(
                [
                    rng.choice(np.flatnonzero(np.abs(x) < 40), 1500),
                    rng.choice(np.flatnonzero(np.isfinite(x)), 500),
                    np.flatnonzero(~np.isfinite(x)),
                ]
            )
            x, actual, expected = x[pick], actual[pick], expected[pick]
            finite = np.isfinite(x)
            expected[finite] = np.vectorize(decimal_gelu, otypes=[np.float64])(x[finite])
        return x, actual, expected

    def keras_slack(self, name, params, x, expected, dtype):
        eps = np.finfo(dtype).eps
        x64, size = np.abs(x.astype(np.float64)), np.abs(expected.astype(np.float64))
        if name in ("softplus", "log_sigmoid"):  # 12 ulps rather than 8
            return 4 * result_spacing(expected, dtype)
        if name == "gelu" and not params.get("approximate"):
            # TF rounds t = -x/sqrt(2) before erfc, whose relative sensitivity to t is 2t^2 = x^2.
            slack = 2 * eps * x64**2 * size
            if dtype == np.float64:  # math_ops.cast(0.7071067811865476, float64) goes through float32
                slack = slack + 3e-8 * (1 + x64**2) * size
            return slack
        if name == "gelu":  # approximate: 1 + tanh(u) cancels for negative x
            slack = 4 * eps * x64
            if dtype == np.float64:  # the same float32 detour for the constant 0.044715
                slack = slack + 1e-8 * (1 + x64**3) * size
            return slack
        if name == "tanh_shrink":  # x - tanh(x) cancels near 0
            return 2 * eps * x64
        return super().keras_slack(name, params, x, expected, dtype)

    def tape_slack(self, name, params, x, ours, dtype):
        # TF forms these from a rounded 1 - sigmoid or 1 - tanh^2 times x, and its float32 detours
        # for gelu's constants cost ~1e-8 relative in float64.
        eps = np.finfo(dtype).eps
        x64, d64 = np.abs(x.astype(np.float64)), np.abs(ours.astype(np.float64))
        slack = super().tape_slack(name, params, x, ours, dtype)
        if name in ("silu", "mish", "gelu"):
            slack = slack + 8 * eps * x64 * (1 + (x64**2 if params.get("approximate") else 0))
        if name == "gelu" and dtype == np.float64:
            slack = slack + 6e-8 * (1 + x64**3) * np.maximum(1, d64)
        if name == "gelu" and dtype == np.float32:  # TF's erfc far in the tail, as for the function
            slack = slack + 2 * eps * x64**2 * d64
        return slack


# float32 tanh_shrink runs one compiled loop (numba): a polynomial below |x| = 1.5, NumPy's float32
# tanh subtracted above. Checked where each part is weakest, and without numba.
TANH_SHRINK_HARD_POINTS = np.concatenate(
    [
        np.linspace(1.4, 1.6, 20_001),  # both sides of the switch
        [np.nextafter(np.float32(1.5), 0), 1.5, np.nextafter(np.float32(1.5), 2)],
        np.geomspace(1e-20, 1.5, 20_001),  # the polynomial, down to where x^3 / 3 underflows
        np.linspace(0, 8, 20_001),
    ]
).astype(np.float32)


@pytest.mark.parametrize("numba", ["compiled", "numba missing"])
def test_float32_tanh_shrink_on_both_sides_of_the_switch_and_near_0(numba, monkeypatch):
    if numba == "numba missing":  # as where numba lags behind a new Python: the general path answers
        monkeypatch.setattr(smooth_activations, "numba_is_installed", lambda: False)
        monkeypatch.setattr(smooth_activations, "compiled_float32_tanh_shrink", None)  # must not be called
    x = np.concatenate([TANH_SHRINK_HARD_POINTS, -TANH_SHRINK_HARD_POINTS])
    assert_within_ulps(actlib.tanh_shrink(x), reference("tanh_shrink", x), np.float32,
                       ULP_BUDGET[np.float32], x, f"float32 tanh_shrink, {numba}")


def test_numba_missing_is_noticed(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)  # `import numba` raises ImportError
    smooth_activations.numba_is_installed.cache_clear()
    try:
        assert smooth_activations.numba_is_installed() is False
    finally:
        smooth_activations.numba_is_installed.cache_clear()


@pytest.mark.parametrize("layout", ["transposed", "strided", "0-d", "empty"])
def test_float32_tanh_shrink_keeps_every_layout_and_leaves_its_input_alone(layout):
    grid = np.linspace(-3, 3, 60, dtype=np.float32).reshape(6, 10)
    x = {"transposed": grid.T, "strided": grid[::2, ::3], "0-d": np.array(0.7, np.float32),
         "empty": np.empty((0, 4), np.float32)}[layout]
    before = x.copy()
    y = actlib.tanh_shrink(x)
    assert y.shape == x.shape and y.dtype == np.float32
    assert_within_ulps(y, reference("tanh_shrink", x), np.float32, ULP_BUDGET[np.float32], x, layout)
    np.testing.assert_array_equal(x, before)
