"""ReLU, the rectified linear unit: the guide's default for hidden layers.

Each activation sits whole in one place: its function, its derivative and its
registry record (:class:`actlib.activations.record.Activation`), side by side.
"""

import numpy as np

from actlib import numerics
from actlib.activations.parameters import check_relu_parameters
from actlib.activations.record import HE, Activation
from actlib.inputs import as_float_array, keras_signature

CHAPTER = "relu"


@keras_signature
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, with Keras 3's three parameters.

    With the defaults: ``relu(x) = max(x, 0)``. In general, for slope ``a``,
    threshold ``t`` and cap ``m``::

        relu(x) = min(x, m)   if x > t    (the cap only if m is given)
                  a * (x - t) if x <= t

    This follows Keras 3 step by step, quirks included: with a negative
    threshold and no ``max_value``, inputs between ``t`` and 0 pass through
    unchanged (negative), because Keras only clips at 0 when it clips at all.

    Raises ValueError for ``max_value < 0`` (the Keras function silently
    returns zeros there; ``keras.layers.ReLU`` raises) and for NaN or
    infinite parameters, as the rest of the ReLU family does; ``alpha=``
    gets a message pointing to ``negative_slope``.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.
        negative_slope: the slope below ``threshold`` (Keras' default 0: plain ReLU).
        max_value: the largest output, ``>= 0``, or None for no cap.
        threshold: where the output switches from the sloped part to ``x``.

    Returns:
        np.ndarray: ``relu(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.relu([-1.0, 2.0])
    array([0., 2.])
    >>> actlib.relu([-1.0, 2.0, 8.0], negative_slope=0.1, max_value=6.0)
    array([-0.1,  2. ,  6. ])
    """
    x = as_float_array(x)
    negative_slope, max_value, threshold = check_relu_parameters(negative_slope, max_value, threshold)
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        # The common case, exact in x's dtype. Zero first: NumPy then returns -0.0 for
        # x = -0.0, as TensorFlow's Relu kernel does.
        return np.maximum(x.dtype.type(0), x)
    # Like Keras, place the threshold and the cap at the nearest values of x's dtype, so
    # relu(float32(0.1), threshold=0.1) is 0 here as there. Then work in the working precision
    # and round once, so the slope is not rounded to x's dtype.
    with np.errstate(over="ignore"):  # beyond the dtype's range they become +-inf, like in Keras
        threshold = float(x.dtype.type(threshold))
        max_value = None if max_value is None else float(x.dtype.type(max_value))
    w = numerics.working_precision(x)
    # over: a large slope times x is beyond the working range, and -inf is the answer.
    # invalid: inf - inf where the threshold became +inf in x's dtype and x = +inf; NaN, as in Keras.
    with np.errstate(over="ignore", invalid="ignore"):
        if negative_slope != 0.0 and max_value is None and threshold == 0.0:
            return numerics.rounded(np.where(w > 0, w, w * negative_slope), x.dtype)
        clip = max_value is not None
        if threshold != 0.0:
            y = np.where(w > threshold, w, 0.0)
        elif max_value == 6.0:
            y = np.minimum(np.maximum(w, 0.0), 6.0)
            clip = False
        else:
            y = np.maximum(w, 0.0)
        if clip:
            y = np.clip(y, 0.0, max_value)
        if negative_slope != 0.0:
            y = y - negative_slope * np.maximum(threshold - w, 0.0)
    # Comparisons with NaN are False, so `where` above turned NaN into 0; Keras does
    # that too, but a NaN input should give a NaN output.
    return numerics.rounded(numerics.keep_nan(w, y), x.dtype)


@keras_signature
def relu_derivative(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Derivative of :func:`actlib.relu`, with Keras' conventions at kinks.

    ``1`` where ``x > threshold`` (and below the cap), ``negative_slope``
    where ``x < threshold``. At the kink itself Keras (TensorFlow) uses:
    0 at ``x = 0`` for plain ReLU; ``negative_slope`` at ``x = 0`` for the
    leaky form without cap or threshold; 0 at ``x = threshold``; and at the
    cap, 0 when ``max_value == 6`` (Keras calls ``relu6``) but 1 for any other
    ``max_value`` (Keras calls ``clip``, whose gradient includes the ends).

    Args:
        x, negative_slope, max_value, threshold: as for :func:`actlib.relu`.

    Returns:
        np.ndarray: ``d relu(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("relu")([-1.0, 2.0])
    array([0., 1.])
    >>> actlib.derivative("relu")([-1.0, 2.0, 8.0], negative_slope=0.1, max_value=6.0)
    array([0.1, 1. , 0. ])
    """
    x = as_float_array(x)
    negative_slope, max_value, threshold = check_relu_parameters(negative_slope, max_value, threshold)
    with np.errstate(over="ignore"):  # as in relu: Keras places t, m and the slope in x's dtype
        threshold = x.dtype.type(threshold)
        max_value = None if max_value is None else x.dtype.type(max_value)
        one, slope = x.dtype.type(1), x.dtype.type(negative_slope)
    if negative_slope != 0.0 and max_value is None and threshold == 0.0:
        d = np.where(x > 0, one, slope)
    else:
        if threshold != 0.0:
            passes = x > threshold
            below_cap = x <= max_value if max_value is not None else True
            above_floor = x >= 0 if max_value is not None else True
            d = (passes & below_cap & above_floor).astype(x.dtype)
        elif max_value == 6.0:
            d = ((x > 0) & (x < 6)).astype(x.dtype)
        elif max_value is not None:
            d = ((x > 0) & (x <= max_value)).astype(x.dtype)
        else:
            d = (x > 0).astype(x.dtype)
        if negative_slope != 0.0:
            d = np.where(x < threshold, slope, d)  # (not d + slope * mask: an infinite slope times 0)
    return numerics.keep_nan(x, d).astype(x.dtype, copy=False)


RELU_RECORD = Activation(
    name="relu",
    function=relu,
    derivative=relu_derivative,
    formula=r"\mathrm{relu}(x) = \max(x, 0)",
    derivative_formula=r"\mathrm{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
    keras_layer="keras.layers.ReLU()",
    chapter=CHAPTER,
    typical_use="default for hidden layers",
    initialiser=HE,
    parameters={"negative_slope": 0.0, "max_value": None, "threshold": 0.0},
)
