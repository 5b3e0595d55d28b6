"""actlib.activations.logistic: sigmoid, its saturation and its derivative's maximum.

Every record of the module gets :class:`tests.numeric_helpers.ActivationChecks` (references,
Keras parity, derivatives against tf.GradientTape, contract) and the chapter's stricter claim that
actlib is no less accurate than Keras; the tests below are sigmoid's own.
"""

import numpy as np
import pytest

import actlib
from actlib.activations import logistic
from tests.numeric_helpers import ActivationChecks, NoLessAccurateThanKeras


class TestEveryActivation(ActivationChecks, NoLessAccurateThanKeras):
    module = logistic


def test_sigmoid_saturates_exactly_at_large_magnitudes():
    # (the limits at +-inf and NaN: ActivationChecks.test_limits_at_infinity and
    # test_nan_propagates_where_keras_hides_it; no overflow warning: test_no_runtime_warning_on_extreme_input)
    np.testing.assert_array_equal(actlib.sigmoid(np.array([1e4, -1e4])), [1.0, 0.0])


def test_sigmoid_derivative_peaks_at_a_quarter_and_keeps_its_tail():
    x = np.linspace(-10, 10, 20_001)
    d = actlib.derivative("sigmoid")
    assert d(x).max() == pytest.approx(0.25)
    assert np.argmax(d(x)) == 10_000  # at x = 0
    np.testing.assert_array_equal(d(np.array([-np.inf, np.inf, 1e4, -1e4])), 0.0)
    # The tail keeps relative accuracy where sigmoid(x) (1 - sigmoid(x)) would lose it.
    np.testing.assert_allclose(d(np.array([-50.0])), np.exp(-50.0), rtol=1e-12)
