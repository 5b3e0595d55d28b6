"""The hyperbolic tangent, the zero-centred squashing function.

Each activation sits whole in one place: its function, its derivative and its
registry record (:class:`actlib.activations.record.Activation`), side by side.
"""

import numpy as np

from actlib import numerics
from actlib.activations.record import Activation
from actlib.inputs import as_float_array, keras_signature

CHAPTER = "tanh"


@keras_signature
def tanh(x):
    """Hyperbolic tangent: ``tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))``.

    NumPy's ``np.tanh`` is within 2 ulp in float32 and saturates to +-1
    without overflow, so it is used directly.
    """
    x = as_float_array(x)
    return np.tanh(x)


@keras_signature
def tanh_derivative(x):
    """``tanh'(x) = 1 - tanh(x)**2 = 4z / (1 + z)**2``, ``z = exp(-2|x|)``.

    Its maximum is 1, at ``x = 0``; the ``z`` form stays accurate for large
    ``|x|`` where ``1 - tanh(x)**2`` would round to 0.
    """
    x = as_float_array(x)
    # 1 / cosh(x)^2, the same number without the cancellation of 1 - tanh^2; cosh overflowing to
    # inf for large |x| gives the limit 0.
    return numerics.in_blocks(lambda w: 1 / np.square(np.cosh(w)), x)


TANH_RECORD = Activation(
    name="tanh",
    function=tanh,
    derivative=tanh_derivative,
    formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    derivative_formula=r"\tanh'(x) = 1 - \tanh^2(x)",
    keras_layer='keras.layers.Activation("tanh")',
    chapter=CHAPTER,
    family="classic",
    plot_range=(-4.0, 4.0),
)


RECORDS = (TANH_RECORD,)
