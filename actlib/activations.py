"""NumPy reference implementations of Keras 3 activation functions.

Each function has the name, parameters and semantics of
``keras.activations.<name>`` and follows one contract:

* input: a Python number, a (nested) list, a NumPy array or a TensorFlow
  tensor; output: a NumPy array of the same shape;
* float16, float32 and float64 keep their dtype; integers become float32;
* finite float32 inputs give results within 4 ulp of a float64 reference,
  +-inf gives the mathematical limit, NaN propagates, and no input makes
  NumPy emit a RuntimeWarning;
* bad input or parameters raise TypeError or ValueError naming the problem.

Where float32 NumPy ufuncs are accurate enough (``np.maximum``, ``np.tanh``)
the work is done in the input's dtype; sigmoid and softmax are computed in
float64 and rounded once, which costs time but removes the error of chaining
several float32 operations.
"""

import numpy as np

from actlib.inputs import as_float_array, check_axis, check_real_number, keras_signature


def _in_float64(x):
    """Work in float64; the caller rounds back to ``x.dtype`` once at the end."""
    return x.astype(np.float64, copy=False)


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
    returns zeros there; ``keras.layers.ReLU`` raises) and for NaN
    parameters; ``alpha=`` gets a message pointing to ``negative_slope``.
    """
    x = as_float_array(x)
    negative_slope = check_real_number(negative_slope, "negative_slope")
    threshold = check_real_number(threshold, "threshold")
    max_value = check_real_number(max_value, "max_value", allow_none=True)
    if max_value is not None and max_value < 0:
        raise ValueError(
            f"max_value={max_value} is negative; it is the largest value relu may "
            "return and must be >= 0 (or None for no cap)."
        )
    if negative_slope != 0.0 and max_value is None and threshold == 0.0:
        return np.where(x > 0, x, x * x.dtype.type(negative_slope))
    clip = max_value is not None
    if threshold != 0.0:
        y = np.where(x > threshold, x, x.dtype.type(0))
    elif max_value == 6.0:
        y = np.minimum(np.maximum(x, 0), 6)
        clip = False
    else:
        y = np.maximum(x, x.dtype.type(0))
    if clip:
        y = np.clip(y, 0, max_value)
    if negative_slope != 0.0:
        negative_part = np.maximum(threshold - x, 0) if threshold != 0.0 else np.maximum(-x, 0)
        y = y - x.dtype.type(negative_slope) * negative_part
    return np.asarray(y, dtype=x.dtype)


@keras_signature
def sigmoid(x):
    """Logistic sigmoid: ``sigmoid(x) = 1 / (1 + exp(-x))``.

    Computed without overflow as ``1 / (1 + z)`` for ``x >= 0`` and
    ``z / (1 + z)`` for ``x < 0``, where ``z = exp(-|x|)`` is never larger
    than 1. ``sigmoid(-inf) = 0``, ``sigmoid(inf) = 1``.
    """
    x = as_float_array(x)
    w = _in_float64(x)
    z = np.exp(-np.abs(w))
    y = np.where(w >= 0, 1.0, z) / (1.0 + z)
    return y.astype(x.dtype, copy=False)


@keras_signature
def tanh(x):
    """Hyperbolic tangent: ``tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))``.

    NumPy's ``np.tanh`` is within 2 ulp in float32 and saturates to +-1
    without overflow, so it is used directly.
    """
    x = as_float_array(x)
    return np.tanh(x)


@keras_signature
def softmax(x, axis=-1):
    """Softmax along ``axis``: ``softmax(x)_i = exp(x_i) / sum_j exp(x_j)``.

    Computed as ``exp(x_i - max(x)) / sum_j exp(x_j - max(x))``, which is
    the same number but never overflows. Entries equal to ``-inf`` get
    probability 0; if some entries are ``+inf`` they share probability 1
    equally (the limit); an all ``-inf`` or NaN-containing slice gives NaN.
    ``axis`` may be an integer or a tuple of integers.
    """
    x = as_float_array(x)
    if x.ndim == 0:
        raise ValueError("softmax needs an input with at least one axis; got a scalar.")
    axes = check_axis(axis, x.ndim)
    if any(x.shape[a] == 0 for a in axes):
        raise ValueError(f"softmax over an empty axis: x has shape {x.shape} and axis={axis!r}.")
    w = _in_float64(x)
    is_pos_inf = w == np.inf
    has_pos_inf = np.any(is_pos_inf, axis=axes, keepdims=True)
    with np.errstate(invalid="ignore"):  # (-inf) - (-inf): an all -inf slice is NaN
        shifted = w - np.max(w, axis=axes, keepdims=True)
    shifted = np.where(has_pos_inf, np.where(is_pos_inf, 0.0, -np.inf), shifted)
    e = np.exp(shifted)
    y = e / np.sum(e, axis=axes, keepdims=True)
    return y.astype(x.dtype, copy=False)
