"""Derivatives of the activations in :mod:`actlib.activations`.

Each ``<name>_derivative`` takes the same arguments as the activation and
returns ``d activation / dx`` elementwise, under the same input contract.
At kinks the value is the one TensorFlow's gradient gives, so these agree
with ``tf.GradientTape`` on a Keras activation everywhere.
"""

import numpy as np

from actlib.activations import softmax
from actlib.inputs import as_float_array, check_axis, check_real_number, keras_signature


@keras_signature
def relu_derivative(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Derivative of :func:`actlib.relu`, with Keras' conventions at kinks.

    ``1`` where ``x > threshold`` (and below the cap), ``negative_slope``
    where ``x < threshold``. At the kink itself Keras (TensorFlow) uses:
    0 at ``x = 0`` for plain ReLU; ``negative_slope`` at ``x = 0`` for the
    leaky form without cap or threshold; 0 at ``x = threshold``; and at the
    cap, 0 when ``max_value == 6`` (Keras calls ``relu6``) but 1 for any other
    ``max_value`` (Keras calls ``clip``, whose gradient includes the ends).
    """
    x = as_float_array(x)
    negative_slope = check_real_number(negative_slope, "negative_slope")
    threshold = check_real_number(threshold, "threshold")
    max_value = check_real_number(max_value, "max_value", allow_none=True)
    if max_value is not None and max_value < 0:
        raise ValueError(f"max_value={max_value} is negative; it must be >= 0 or None.")
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
            d = d + slope * (x < threshold)
    return np.where(np.isnan(x), x, d).astype(x.dtype, copy=False)


@keras_signature
def sigmoid_derivative(x):
    """``sigmoid'(x) = sigmoid(x) * (1 - sigmoid(x)) = z / (1 + z)**2``, ``z = exp(-|x|)``.

    The ``z`` form keeps full relative accuracy in the tails, where
    ``1 - sigmoid(x)`` would round to 0. Its maximum is 1/4, at ``x = 0``.
    """
    x = as_float_array(x)
    z = np.exp(-np.abs(x.astype(np.float64)))
    return (z / (1.0 + z) ** 2).astype(x.dtype, copy=False)


@keras_signature
def tanh_derivative(x):
    """``tanh'(x) = 1 - tanh(x)**2 = 4z / (1 + z)**2``, ``z = exp(-2|x|)``.

    Its maximum is 1, at ``x = 0``; the ``z`` form stays accurate for large
    ``|x|`` where ``1 - tanh(x)**2`` would round to 0.
    """
    x = as_float_array(x)
    z = np.exp(-2.0 * np.abs(x.astype(np.float64)))
    return (4.0 * z / (1.0 + z) ** 2).astype(x.dtype, copy=False)


@keras_signature
def softmax_derivative(x, axis=-1):
    """Diagonal of softmax's Jacobian: ``d s_i / d x_i = s_i * (1 - s_i)``.

    Softmax is not elementwise: each output depends on every input along
    ``axis``. This is the part of the Jacobian that an elementwise plot can
    show; use :func:`softmax_jacobian` for all of it.
    """
    s = softmax(x, axis=axis)
    return s * (1 - s)


def softmax_jacobian(x):
    """Jacobian of softmax over the last axis: ``J_ij = s_i * (delta_ij - s_j)``.

    For ``x`` of shape ``(..., n)`` returns shape ``(..., n, n)`` with
    ``J[..., i, j] = d softmax(x)_i / d x_j``. Each row of ``J`` sums to 0,
    because the outputs always sum to 1.
    """
    x = as_float_array(x)
    if x.ndim == 0:
        raise ValueError("softmax_jacobian needs an input with at least one axis; got a scalar.")
    check_axis(-1, x.ndim)
    if x.shape[-1] == 0:
        raise ValueError(f"softmax_jacobian over an empty last axis: x has shape {x.shape}.")
    s = softmax(x, axis=-1)
    return s[..., :, None] * (np.eye(x.shape[-1], dtype=x.dtype) - s[..., None, :])
