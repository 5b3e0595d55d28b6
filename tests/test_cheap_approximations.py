"""actlib.activations.cheap_approximations: the hard_*, sparse_*, softsign, squareplus and shrink functions.

Every record of the module gets :class:`tests.numeric_helpers.ActivationChecks` (references, Keras
parity, derivatives against tf.GradientTape and at the kinks, bad parameters, contract); the
methods below say where Keras' squareplus overflows, underflows or cancels.
"""

import numpy as np

from actlib.activations import cheap_approximations
from tests.numeric_helpers import ActivationChecks


def squared_in_the_dtype(x):
    """x * x rounded to x's dtype, as TensorFlow squares it (inf beyond the range, 0 below it)."""
    with np.errstate(over="ignore", under="ignore"):
        return x * x


class TestEveryActivation(ActivationChecks):
    module = cheap_approximations

    def keras_quirks(self, name, params, x):
        mask, value = super().keras_quirks(name, params, x)
        if name == "squareplus":
            # x^2 overflows the dtype: Keras returns inf, even for x -> -inf's neighbours.
            squared_overflows = np.isinf(squared_in_the_dtype(x)) & np.isfinite(x)
            mask |= squared_overflows
            value[squared_overflows] = np.inf
            if params.get("b", 4) == 0:  # x^2 underflows: Keras returns (x + 0) / 2 or 0 (test_keras_claims)
                with np.errstate(over="ignore", under="ignore"):
                    halved = (x > 0) & (x.astype(np.float64) ** 2 < np.finfo(x.dtype).tiny)
                mask |= halved
                value[halved] = -1.0  # a marker: not compared here
        return mask, value

    def keras_slack(self, name, params, x, expected, dtype):
        if name == "squareplus":  # x + sqrt(x^2 + b) cancels for negative x
            return np.where(x < 0, 2 * np.finfo(dtype).eps * np.abs(x.astype(np.float64)), 0)
        return super().keras_slack(name, params, x, expected, dtype)

    def tape_exceptions(self, name, params, x, dtype):
        if name == "squareplus":
            # x^2 overflows: TF's x / sqrt(x^2 + b) is 0 and its derivative 1/2; x^2 underflows
            # (b = 0): TF divides 0 by 0.
            squared = squared_in_the_dtype(x)
            return np.isinf(squared) | (squared < np.finfo(dtype).tiny)
        return super().tape_exceptions(name, params, x, dtype)
