"""Softmax, which turns a vector of logits into probabilities.

Each activation sits whole in one place: its function, its derivative and its
registry record (:class:`actlib.activations.record.Activation`), side by side.
"""

import numpy as np

from actlib import numerics
from actlib.activations.record import Activation
from actlib.inputs import as_float_array, keras_signature

CHAPTER = "softmax"


@keras_signature
def softmax(x, axis=-1):
    """Softmax along ``axis``: ``softmax(x)_i = exp(x_i) / sum_j exp(x_j)``.

    Computed as ``exp(x_i - max(x)) / sum_j exp(x_j - max(x))``, which is
    the same number but never overflows. Entries equal to ``-inf`` get
    probability 0; if some entries are ``+inf`` they share probability 1
    equally (the limit); an all ``-inf`` or NaN-containing slice gives NaN.
    ``axis`` may be an integer or a tuple of integers.

    Args:
        x: an array (or nested list, or tensor) of real numbers with at least one axis.
        axis: the axis, or tuple of axes, the probabilities sum to 1 along (default the last).

    Returns:
        np.ndarray: ``softmax(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.softmax([1.0, 2.0, 3.0])
    array([0.09  , 0.2447, 0.6652])
    """
    x = as_float_array(x)
    axes = numerics.reduction_axes(x, axis, "softmax")
    rows, shape = numerics.to_rows(x, axes)
    return numerics.from_rows(numerics.in_row_blocks(numerics.softmax_rows, rows, x.dtype), shape, axes)


@keras_signature
def softmax_derivative(x, axis=-1):
    """Diagonal of softmax's Jacobian: ``d s_i / d x_i = s_i * (1 - s_i)``.

    Softmax is not elementwise: each output depends on every input along
    ``axis``. This is the part of the Jacobian that an elementwise plot can
    show; use :func:`softmax_jacobian` for all of it. Computed in the working
    precision, with ``1 - s_i`` from :func:`actlib.numerics.softmax_and_complement`,
    accurate where ``s_i`` is close to 1 (float32 input: ``e (total - e) / total^2`` from
    :func:`actlib.numerics.softmax_parts`, the same numbers in fewer passes).

    Args:
        x, axis: as for :func:`actlib.softmax`.

    Returns:
        np.ndarray: the diagonal of the Jacobian, the shape and float dtype of ``x``.

    >>> actlib.derivative("softmax")([1.0, 2.0, 3.0])
    array([0.0819, 0.1848, 0.2227])
    """
    x = as_float_array(x)
    axes = numerics.reduction_axes(x, axis, "softmax")
    rows, shape = numerics.to_rows(x, axes)

    def kernel(w):
        s, rest = numerics.softmax_and_complement(w)
        return s * rest

    if x.dtype == np.float32:  # float32 rows as they are, in blocks of 2^17: fewer passes
        y = numerics.in_row_blocks(_slope_float32, rows, x.dtype, block=1 << 17, working=False)
    else:
        y = numerics.in_row_blocks(kernel, rows, x.dtype)
    return numerics.from_rows(y, shape, axes)


def _slope_float32(rows):
    """``s (1 - s) = e (total - e) / total^2`` from :func:`actlib.numerics.softmax_parts`.

    ``total = 1 + others``; the largest entry's is ``others / total^2``. One float64 array and
    four passes over it after the exp, instead of a float64 copy, ``s`` and ``1 - s``.
    """
    parts = numerics.softmax_parts(rows)
    if parts is None:  # some row's max is not finite: the limits
        s, rest = numerics.softmax_and_complement(numerics.working_precision(rows))
        return s * rest
    e, others, top = parts
    total = 1 + others
    scale = 1 / (total * total)
    y = total - e
    y *= e
    y *= scale
    np.put_along_axis(y, top, others * scale, axis=-1)
    return y


SOFTMAX_RECORD = Activation(
    name="softmax",
    function=softmax,
    derivative=softmax_derivative,
    formula=r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}",
    derivative_formula=r"\frac{\partial\,\mathrm{softmax}(x)_i}{\partial x_j} "
    r"= s_i(\delta_{ij} - s_j)",
    keras_layer="keras.layers.Softmax(axis=-1)",
    chapter=CHAPTER,
    typical_use="multi-class output",
    output_range="0 to 1 (each entry; entries sum to 1)",
    elementwise=False,
    parameters={"axis": -1},
)


def softmax_jacobian(x):
    """Jacobian of softmax over the last axis: ``J_ij = s_i * (delta_ij - s_j)``.

    For ``x`` of shape ``(..., n)`` returns shape ``(..., n, n)`` with
    ``J[..., i, j] = d softmax(x)_i / d x_j``. Each row of ``J`` sums to 0,
    because the outputs always sum to 1. The diagonal is
    :func:`softmax_derivative`'s.

    Args:
        x: an array (or nested list, or tensor) of real numbers with at least one axis.

    Returns:
        np.ndarray: shape ``x.shape + (n,)``, ``n`` the last axis' length, in ``x``'s float dtype.

    >>> actlib.softmax_jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    x = as_float_array(x)
    numerics.reduction_axes(x, -1, "softmax_jacobian")
    s, rest = numerics.softmax_and_complement(numerics.working_precision(x))
    jacobian = -s[..., :, None] * s[..., None, :]
    diagonal = np.arange(x.shape[-1])
    jacobian[..., diagonal, diagonal] = s * rest
    return numerics.rounded(jacobian, x.dtype)
