"""Accurate, warning-free building blocks of the activations: one of each.

Every helper takes an array already converted to a *working precision*
(float64 for float16/float32 input, long double for float64 input, see
:func:`working_precision`) and returns values in that precision, so an
activation rounds to the caller's dtype exactly once, at the end
(:func:`rounded`). None of them makes NumPy emit a RuntimeWarning: where an
intermediate overflows the overflow is the right answer, and the products
that would be ``inf * 0`` are replaced by their limit.

One of each job: the precision rule (:func:`working_precision` chooses the
working dtype, :func:`rounded` rounds once), the stable sigmoid
(:func:`sigmoid`, :func:`sigmoid_slope`), the axis check
(:func:`reduction_axes`). The parameter checks are in
:mod:`actlib.activations.parameters`, the input conversion in
:mod:`actlib.inputs`.
"""

import math

import numpy as np

from actlib.inputs import check_axis, check_real_number

# pi to long double's precision (np.pi is a float64: 1e-16 off, too coarse for long double work).
PI = np.longdouble("3.14159265358979323846264338327950288")


def constant(value, like):
    """The decimal string ``value`` (or a float) in the precision of the array ``like``.

    Args:
        value: a decimal string such as ``"0.044715"`` (or a float).
        like: an array whose dtype sets the precision.

    Returns:
        np.floating: ``value`` rounded once to ``like``'s dtype.

    >>> constant("0.1", np.zeros(1, np.float32))
    np.float32(0.1)
    """
    return like.dtype.type(value)


def working_precision(x):
    """``x`` in more precision than its dtype: float64, or long double for float64 input.

    Long double is 80-bit on x86-64 Linux; on platforms where it equals
    float64, float64 results are as accurate as float64 arithmetic allows.

    Args:
        x: a float16, float32 or float64 array.

    Returns:
        np.ndarray: a copy of ``x`` in float64 (long double for float64 input).

    >>> working_precision(np.ones(2, np.float32)).dtype
    dtype('float64')
    """
    return x.astype(np.longdouble if x.dtype == np.float64 else np.float64)


def rounded(y, dtype):
    """Round a working-precision result to ``dtype`` once; values beyond its range become +-inf.

    Args:
        y: a result in the working precision.
        dtype: the caller's dtype.

    Returns:
        np.ndarray: ``y`` in ``dtype``, rounded once.

    >>> rounded(np.array([1.0, 1e300]), np.float32)
    array([ 1., inf], dtype=float32)
    """
    with np.errstate(over="ignore"):
        return np.asarray(y).astype(dtype)


def finite_parameter(value, name, minimum=None, strict=False, allow_none=False):
    """Return a finite real parameter as a float, or raise naming ``name``.

    ``minimum`` (optional) is the smallest allowed value, excluded when
    ``strict`` is true; ``allow_none`` lets ``None`` through (returned as is).

    Args:
        value: the parameter as passed in.
        name: its name, for the messages.
        minimum: the smallest allowed value, or None.
        strict: whether ``minimum`` itself is excluded.
        allow_none: whether None is allowed (and returned as is).

    Returns:
        float or None: the parameter.

    >>> finite_parameter(2, "b", minimum=0)
    2.0
    """
    value = check_real_number(value, name, allow_none=allow_none)
    if value is None:
        return None
    if math.isinf(value):
        raise ValueError(f"{name}={value} is infinite; it must be a finite real number.")
    if minimum is not None and (value < minimum or (strict and value == minimum)):
        relation = ">" if strict else ">="
        raise ValueError(f"{name}={value} is out of range; it must be {relation} {minimum}.")
    return value


def threshold_in_dtype(t, dtype):
    """``t`` rounded to ``dtype``, for comparing ``x > t`` in ``x``'s dtype as Keras does.

    A finite ``t`` above the dtype's range becomes its largest finite value rather than
    ``inf``, so that ``x = inf`` still exceeds it; one below the range becomes ``-inf``,
    which every finite ``x`` exceeds. Either way each ``x`` of the dtype compares with it as
    with the exact ``t``.

    Args:
        t: a threshold (a float, possibly beyond the dtype's range).
        dtype: ``x``'s dtype.

    Returns:
        np.floating: the threshold in ``dtype``.

    >>> threshold_in_dtype(1e39, np.float32)
    np.float32(3.4028235e+38)
    """
    if math.isfinite(t):
        t = min(t, float(np.finfo(dtype).max))
    with np.errstate(over="ignore"):  # below the dtype's range: -inf, as intended
        return np.dtype(dtype).type(t)


def bool_parameter(value, name):
    """Return ``value`` as a bool, refusing anything that is not True or False.

    Args:
        value: the parameter as passed in.
        name: its name, for the message.

    Returns:
        bool: ``value``.

    >>> bool_parameter(np.True_, "approximate")
    True
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__} {value!r}.")
    return bool(value)


def keep_nan(x, y):
    """``y``, with NaN wherever ``x`` is NaN (``where`` on a comparison would have hidden it).

    Args:
        x: the input.
        y: a result computed from ``x``.

    Returns:
        np.ndarray: ``y`` with NaN where ``x`` is NaN.

    >>> keep_nan(np.array([np.nan, 1.0]), np.array([0.0, 1.0]))
    array([nan,  1.])
    """
    return np.where(np.isnan(x), x, y)


def ones_where(condition, x):
    """1.0 where ``condition`` holds, else 0.0, in ``x``'s dtype, NaN where ``x`` is NaN.

    Args:
        condition: a boolean array.
        x: the input, whose dtype and NaNs the result takes.

    Returns:
        np.ndarray: 1.0 where ``condition``, else 0.0; NaN where ``x`` is NaN.

    >>> ones_where(np.array([True, False, True]), np.array([1.0, -1.0, np.nan]))
    array([ 1.,  0., nan])
    """
    return keep_nan(x, condition.astype(x.dtype))


def times_gate(x, gate):
    """``x * gate`` for gates in [0, 1]; where ``x`` is infinite and the gate exactly 0 the result is 0.

    This is the limit of ``x * gate(x)`` for gates that vanish faster than
    ``x`` grows (SiLU, GELU, Mish at ``x = -inf``), where IEEE arithmetic
    would give ``-inf * 0 = NaN``. A NaN ``x`` stays NaN.

    Args:
        x: the input, in the working precision.
        gate: gate values in [0, 1].

    Returns:
        np.ndarray: ``x * gate``, with 0 where ``x`` is infinite and the gate 0.

    >>> times_gate(np.array([-np.inf, 2.0]), np.array([0.0, 0.5]))
    array([-0.,  1.])
    """
    with np.errstate(invalid="ignore"):  # the inf * 0 entries are replaced below
        product = x * gate
    return np.where(np.isinf(x) & (gate == 0), np.copysign(np.zeros_like(product), x), product)


def clipped(x, limit=1e3):
    """``x`` clipped to [-limit, limit]: past 1000, every exp-based gate is exactly 0 or 1.

    Args:
        x: an array.
        limit: the bound (default 1000).

    Returns:
        np.ndarray: ``x`` clipped to [-limit, limit].

    >>> clipped(np.array([-1e5, 3.0]))
    array([-1000.,     3.])
    """
    return np.clip(x, -limit, limit)


def sigmoid(w):
    """``1 / (1 + exp(-w))`` as ``1 / (1 + z)`` or ``z / (1 + z)`` with ``z = exp(-|w|) <= 1``.

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: the logistic sigmoid of ``w``, the one stable sigmoid of actlib.

    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    z = np.exp(-np.abs(w))
    return np.where(w >= 0, 1, z) / (1 + z)


def sigmoid_slope(w):
    """``sigmoid'(w) = sigmoid(w) * sigmoid(-w) = z / (1 + z)**2`` with ``z = exp(-|w|)``.

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: ``sigmoid'(w)``, accurate in both tails.

    >>> sigmoid_slope(np.array([0.0, 4.0]))
    array([0.25  , 0.0177])
    """
    z = np.exp(-np.abs(w))
    return z / (1 + z) ** 2


def softplus(w):
    """``log(1 + exp(w)) = max(w, 0) + log1p(exp(-|w|))``: no overflow, full accuracy in both tails.

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: ``log(1 + exp(w))``.

    >>> softplus(np.array([-50.0, 0.0, 1000.0]))
    array([   0.    ,    0.6931, 1000.    ])
    """
    return np.maximum(w, 0) + np.log1p(np.exp(-np.abs(w)))


def tanh_softplus(w):
    """``tanh(softplus(w))``, Mish's gate, as ``n / (n + 2)`` with ``n = e^w (e^w + 2)``.

    For ``w > 0`` the same ratio is written with ``z = e^{-w}`` as
    ``(1 + 2z) / (1 + 2z + 2z^2)``, so nothing overflows.

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: ``tanh(softplus(w))``.

    >>> tanh_softplus(np.array([-2.0, 0.0, 2.0]))
    array([0.1263, 0.6   , 0.972 ])
    """
    e = np.exp(np.minimum(w, 0))
    n = e * (e + 2)
    z = np.exp(-np.maximum(w, 0))
    return np.where(w > 0, (1 + 2 * z) / (1 + 2 * z + 2 * z * z), n / (n + 2))


def sech2_softplus(w):
    """``1 - tanh(softplus(w))^2 = 4 (n + 1) / (n + 2)^2``, ``n = e^w (e^w + 2)``.

    For ``w > 0``, ``4 z^2 (1 + z)^2 / (1 + 2z + 2z^2)^2`` with ``z = e^{-w}``:
    no cancellation where the gate rounds to 1.

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: ``1 - tanh(softplus(w))^2``.

    >>> sech2_softplus(np.array([-2.0, 0.0, 4.0]))
    array([0.9841, 0.64  , 0.0013])
    """
    e = np.exp(np.minimum(w, 0))
    n = e * (e + 2)
    z = np.exp(-np.maximum(w, 0))
    positive = 4 * z * z * (1 + z) ** 2 / (1 + 2 * z + 2 * z * z) ** 2
    return np.where(w > 0, positive, 4 * (n + 1) / (n + 2) ** 2)


def _erf_series(t):
    """``erf(t)`` for ``0 <= t <= 2`` from ``2/sqrt(pi) exp(-t^2) sum_n t (2t^2)^n / (2n+1)!!``.

    Every term is positive, so the sum has no cancellation; it stops when the
    last term no longer changes any sum.
    """
    term = t.copy()
    total = t.copy()
    two_t2 = 2 * t * t
    n = 0
    while np.any(term > total * np.finfo(t.dtype).eps / 4):
        n += 1
        term = term * two_t2 / (2 * n + 1)
        total = total + term
    return 2 / np.sqrt(constant(PI, t)) * np.exp(-t * t) * total


def _erfc_continued_fraction(t, terms=80):
    """``erfc(t)`` for ``t >= 2``: ``exp(-t^2)/sqrt(pi) / (t + (1/2)/(t + 1/(t + (3/2)/(t + ...))))``.

    Evaluated from the tail; 80 terms reach long-double accuracy at ``t = 2``
    and the fraction converges faster for larger ``t``.
    """
    f = t.copy()
    for k in range(terms, 0, -1):
        f = t + (k / 2) / f
    with np.errstate(under="ignore"):
        return np.exp(-t * t) / np.sqrt(constant(PI, t)) / f


def erfc(t):
    """Complementary error function ``erfc(t) = 1 - erf(t)``, to full relative accuracy.

    NumPy has no ``erf``; this keeps actlib NumPy-only. For ``|t| < 2`` it
    uses ``1 - erf(|t|)`` with erf's all-positive series (``erfc(2)`` is
    about 0.005, so the subtraction costs at most 8 bits of the working
    precision: nothing at float32, under 0.1 ulp at float64 when the working
    precision is long double); for ``|t| >= 2`` the continued fraction; and
    ``erfc(-t) = 2 - erfc(t)`` for negative ``t``.

    Args:
        t: an array in the working precision.

    Returns:
        np.ndarray: ``erfc(t)``.

    >>> erfc(np.array([-1.0, 0.0, 1.0, 10.0]))
    array([1.8427, 1.    , 0.1573, 0.    ])
    """
    t = np.asarray(t)
    a = np.atleast_1d(np.abs(t))
    positive = np.empty_like(a)
    near = a < 2
    positive[near] = 1 - _erf_series(a[near])
    positive[~near] = _erfc_continued_fraction(a[~near])  # inf gives 0, NaN stays NaN
    positive = positive.reshape(t.shape)
    return np.where(t < 0, 2 - positive, positive)


def normal_pdf(w):
    """Standard normal density ``exp(-w^2/2) / sqrt(2 pi)`` (0 at +-inf, no overflow).

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: the standard normal density at ``w``.

    >>> normal_pdf(np.array([0.0, np.inf]))
    array([0.3989, 0.    ])
    """
    w = clipped(w, 1e4)
    with np.errstate(under="ignore"):
        return np.exp(-w * w / 2) / np.sqrt(2 * constant(PI, w))


def to_rows(w, axes):
    """Move ``axes`` of ``w`` to the end and merge them into one: returns (rows, moved shape).

    Args:
        w: an array.
        axes: the axes to move to the end and merge (non-negative, from reduction_axes).

    Returns:
        tuple: the rows (a 2-or-more-d array whose last axis holds ``axes``) and the moved shape.

    >>> to_rows(np.zeros((2, 3, 4)), (0, 2))[0].shape
    (3, 8)
    """
    k = len(axes)
    moved = np.moveaxis(w, axes, range(w.ndim - k, w.ndim))
    row_length = math.prod(moved.shape[w.ndim - k :])  # not -1: NumPy cannot infer it when there are no rows
    return moved.reshape(moved.shape[: w.ndim - k] + (row_length,)), moved.shape


def from_rows(rows, moved_shape, axes):
    """Undo :func:`to_rows`.

    Args:
        rows: the rows of :func:`to_rows` (or a result of their shape).
        moved_shape: the shape it returned.
        axes: the axes it moved.

    Returns:
        np.ndarray: in the original layout.

    >>> rows, moved = to_rows(np.arange(24.0).reshape(2, 3, 4), (0, 2))
    >>> from_rows(rows, moved, (0, 2)).shape
    (2, 3, 4)
    """
    ndim, k = len(moved_shape), len(axes)
    return np.moveaxis(rows.reshape(moved_shape), range(ndim - k, ndim), axes)


def shifted_by_max(rows):
    """``(rows - max(rows), max(rows))`` per row; rows whose max is not finite get zeros.

    Those rows (some ``+inf``, all ``-inf``, or a NaN) are for the caller to
    fill with their limits; the zeros only keep ``inf - inf`` out of the way.

    Args:
        rows: an array whose last axis holds the rows.

    Returns:
        tuple: ``rows - max`` (zeros where the max is not finite) and the max, kept as an axis.

    >>> shifted_by_max(np.array([[1.0, 3.0], [np.inf, 0.0]]))
    (array([[-2.,  0.],
           [ 0.,  0.]]), array([[ 3.],
           [inf]]))
    """
    m = np.max(rows, axis=-1, keepdims=True)
    finite = np.isfinite(m)
    return np.where(finite, rows - np.where(finite, m, 0), 0), m


def share_of_infinities(rows, m, y):
    """Fill rows whose max is not finite: ``+inf`` entries share ``1`` equally, NaN rows stay NaN.

    ``y`` holds the finite-row results; rows with max ``+inf`` get ``1/k``
    at their ``k`` infinite entries and 0 elsewhere; rows that are all
    ``-inf`` or contain NaN get NaN.

    Args:
        rows: the input rows.
        m: their maxima (from :func:`shifted_by_max`).
        y: the finite rows' results.

    Returns:
        np.ndarray: ``y`` with the rows whose max is not finite filled with their limits.

    >>> share_of_infinities(np.array([[np.inf, 1.0, np.inf]]), np.array([[np.inf]]), np.zeros((1, 3)))
    array([[0.5, 0. , 0.5]])
    """
    count = np.sum(rows == np.inf, axis=-1, keepdims=True)
    y = np.where(m == np.inf, np.where(rows == np.inf, 1 / np.maximum(count, 1), 0), y)
    return np.where(np.isnan(m) | (m == -np.inf), np.nan, y)


def reduction_axes(x, axis, function, single=False, allow_empty=False):
    """The axes of ``x`` that ``function`` works along, or a clear error: the one axis check.

    Args:
        x: the input array.
        axis: an integer, or a tuple of integers unless ``single``.
        function: the activation's name, for the messages.
        single: whether ``axis`` must be one integer.
        allow_empty: whether an axis of length 0 is allowed.

    Returns:
        tuple: the axes as non-negative integers.

    Raises:
        ValueError: ``x`` is a scalar, an axis is out of range or repeated, or (unless
            ``allow_empty``) an axis is empty.
        TypeError: ``axis`` is not an integer (or a tuple of them).

    >>> reduction_axes(np.zeros((2, 3)), -1, "softmax")
    (1,)
    """
    if x.ndim == 0:
        raise ValueError(f"{function} needs an input with at least one axis; got a scalar.")
    if single and (isinstance(axis, bool) or not isinstance(axis, (int, np.integer))):
        raise TypeError(f"axis must be an integer for {function}, not {axis!r}.")
    axes = check_axis(axis, x.ndim)
    if not allow_empty and any(x.shape[a] == 0 for a in axes):
        raise ValueError(f"{function} over an empty axis: x has shape {x.shape} and axis={axis!r}.")
    return axes


def log_softmax_rows(rows):
    """log_softmax along the last axis, in the rows' precision.

    ``(x_i - m) - log1p(S)``, where ``m`` is the row's maximum and ``S`` the
    sum of ``exp(x_j - m)`` over all entries but one maximal one, so that the
    largest entry's result, ``-log1p(S)``, keeps its relative accuracy when
    ``S`` is tiny (``x - m - log(sum)`` would round it to 0).

    Args:
        rows: an array in the working precision; rows along the last axis.

    Returns:
        np.ndarray: log_softmax of each row.

    >>> log_softmax_rows(np.array([[0.0, 0.0]]))
    array([[-0.6931, -0.6931]])
    """
    shifted, m = shifted_by_max(rows)
    e = np.exp(shifted)
    np.put_along_axis(e, np.argmax(shifted, axis=-1)[..., None], 0, axis=-1)
    y = shifted - np.log1p(np.sum(e, axis=-1, keepdims=True))
    count = np.sum(rows == np.inf, axis=-1, keepdims=True)
    y = np.where(m == np.inf, np.where(rows == np.inf, -np.log(np.maximum(count, 1)), -np.inf), y)
    return np.where(np.isnan(m) | (m == -np.inf), np.nan, y)


def softmax_and_complement(rows):
    """Softmax along the last axis, ``s``, and ``1 - s``, both to full relative accuracy.

    From ``y = log_softmax``: ``s = exp(y)`` and ``1 - s = -expm1(y)``, which keeps its
    digits where ``s`` rounds to 1 (``1 - s`` would give 0 there).

    Args:
        rows: an array in the working precision; rows along the last axis.

    Returns:
        tuple: ``s`` and ``1 - s``.

    >>> softmax_and_complement(np.array([[0.0, 3.0]]))
    (array([[0.0474, 0.9526]]), array([[0.9526, 0.0474]]))
    """
    y = log_softmax_rows(rows)
    return np.exp(y), -np.expm1(y)


def sparsemax_rows(rows):
    """Sparsemax along the last axis: ``max(x - tau, 0)`` with ``tau`` making the row sum 1.

    Sort the row in decreasing order (``z``); the support is the largest
    ``k`` with ``1 + k z_k > z_1 + ... + z_k``; ``tau = (z_1 + ... + z_k - 1) / k``
    (Martins and Astudillo, 2016). Rows are shifted by their maximum first.

    Args:
        rows: an array in the working precision; rows along the last axis.

    Returns:
        np.ndarray: sparsemax of each row.

    >>> sparsemax_rows(np.array([[0.5, 1.0, 1.2]]))
    array([[0. , 0.4, 0.6]])
    """
    shifted, m = shifted_by_max(rows)
    z = -np.sort(-shifted, axis=-1)
    cumulative = np.cumsum(z, axis=-1)
    k = np.sum(1 + np.arange(1, z.shape[-1] + 1) * z > cumulative, axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumulative, k - 1, axis=-1) - 1) / k
    return share_of_infinities(rows, m, np.maximum(shifted - tau, 0))


def glu_halves(x, axis):
    """Split ``x`` into GLU's value and gate halves along ``axis`` (an integer), or raise.

    Args:
        x: the input array.
        axis: the axis to split (an integer; its size must be even).

    Returns:
        list: the value half ``a`` and the gate half ``b``, in the working precision.

    >>> glu_halves(np.arange(4, dtype=np.float32), -1)
    [array([0., 1.]), array([2., 3.])]
    """
    (a,) = reduction_axes(x, axis, "glu", single=True, allow_empty=True)
    if x.shape[a] % 2:
        raise ValueError(
            f"glu splits axis {axis} into two equal halves, but it has odd size {x.shape[a]} "
            f"(x has shape {x.shape}); use an axis of even size."
        )
    return np.split(working_precision(x), 2, axis=a)
