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

    Computed by :func:`actlib.numerics.sigmoid`, the one stable sigmoid that
    every gate in actlib uses: where ``exp(-x)`` overflows to inf the result
    is 0, its limit, without a warning. ``sigmoid(-inf) = 0``,
    ``sigmoid(inf) = 1``.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``sigmoid(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.sigmoid([-2.0, 0.0, 2.0])
    array([0.1192, 0.5   , 0.8808])
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

    Args:
        x: as for :func:`actlib.sigmoid`.

    Returns:
        np.ndarray: ``d sigmoid(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("sigmoid")([-2.0, 0.0, 2.0])
    array([0.105, 0.25 , 0.105])
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
    typical_use="binary and multi-label outputs; gates",
    plot_range=(-8.0, 8.0),
)
