"""actlib.activations.hyperbolic_tangent: tanh, its limits and its derivative's tail.

Every record of the module gets :class:`tests.numeric_helpers.ActivationChecks` (references,
Keras parity, derivatives against tf.GradientTape, contract) and the chapter's stricter claim that
actlib is no less accurate than Keras; the tests below are tanh's own.
"""

import numpy as np
import pytest

import actlib
from actlib.activations import hyperbolic_tangent
from tests.numeric_helpers import ActivationChecks, NoLessAccurateThanKeras


class TestEveryActivation(ActivationChecks, NoLessAccurateThanKeras):
    module = hyperbolic_tangent
    tape_eps = 16  # Keras' float32 tanh is up to ~5 ulp off, and its derivative squares it


def test_tanh_derivative_peaks_at_one_and_keeps_its_tail():
    x = np.linspace(-10, 10, 20_001)
    d = actlib.derivative("tanh")
    assert d(x).max() == pytest.approx(1.0)
    np.testing.assert_array_equal(d(np.array([-np.inf, np.inf, 1e4, -1e4])), 0.0)
    # The tail keeps relative accuracy where 1 - tanh(x)^2 would round to 0 in float64.
    np.testing.assert_allclose(d(np.array([30.0])), 4 * np.exp(-60.0), rtol=1e-12)
