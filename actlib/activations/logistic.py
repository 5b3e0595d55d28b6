"""The logistic sigmoid, the classic squashing function and the output of binary classifiers.

Each activation sits whole in one place: its function, its derivative and its
registry record (:class:`actlib.activations.record.Activation`), side by side.
"""

from actlib import numerics
from actlib.activations.record import Activation
from actlib.inputs import as_float_array, keras_signature

CHAPTER = "sigmoid"


@keras_signature
def sigmoid(x):
    """Logistic sigmoid: ``sigmoid(x) = 1 / (1 + exp(-x))``.

    Computed without overflow as ``1 / (1 + z)`` for ``x >= 0`` and
    ``z / (1 + z)`` for ``x < 0``, where ``z = exp(-|x|)`` is never larger
    than 1. ``sigmoid(-inf) = 0``, ``sigmoid(inf) = 1``.
    """
    x = as_float_array(x)
    # Block by block in the working precision (float64 for float32 input), rounded once: the
    # blocks keep memory at the result's size and the temporaries in the cache.
    return numerics.in_blocks(numerics.sigmoid, x)


@keras_signature
def sigmoid_derivative(x):
    """``sigmoid'(x) = sigmoid(x) * (1 - sigmoid(x)) = z / (1 + z)**2``, ``z = exp(-|x|)``.

    The ``z`` form keeps full relative accuracy in the tails, where
    ``1 - sigmoid(x)`` would round to 0. Its maximum is 1/4, at ``x = 0``.
    """
    x = as_float_array(x)
    return numerics.in_blocks(numerics.sigmoid_slope, x)


SIGMOID_RECORD = Activation(
    name="sigmoid",
    function=sigmoid,
    derivative=sigmoid_derivative,
    formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
    derivative_formula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
    keras_layer='keras.layers.Activation("sigmoid")',
    chapter=CHAPTER,
    family="classic",
    plot_range=(-8.0, 8.0),
)


RECORDS = (SIGMOID_RECORD,)
