"""actlib.activations.relu_family: leaky_relu, relu6, elu, selu, celu and threshold.

Every record of the module gets :class:`tests.numeric_helpers.ActivationChecks` (references, Keras
parity, derivatives against tf.GradientTape and at the kinks, bad parameters, contract); the
methods below say where TensorFlow's kernels for these activations round differently.
"""

import numpy as np

from actlib.activations import relu_family
from tests.numeric_helpers import ActivationChecks
from tests.references import SELU_ALPHA, SELU_SCALE


class TestEveryActivation(ActivationChecks):
    module = relu_family

    def keras_slack(self, name, params, x, expected, dtype):
        if name in ("elu", "selu"):  # TF's kernel computes exp(x) - 1, not expm1(x): absolute error ~eps
            scale = SELU_SCALE * SELU_ALPHA if name == "selu" else 1
            return np.full(x.shape, 2 * np.finfo(dtype).eps * params.get("alpha", 1.0) * scale)
        return super().keras_slack(name, params, x, expected, dtype)

    def tape_exceptions(self, name, params, x, dtype):
        if name == "celu":  # TF says 2 at x = 0: see the kink conventions (TEST_DATA)
            return x == 0
        if name == "selu":  # TF's kernel tests exp(x) - 1 < 0, which rounds to 0 for -eps < x < 0
            return (x < 0) & (x > -np.finfo(dtype).eps)
        return super().tape_exceptions(name, params, x, dtype)
