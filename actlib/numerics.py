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
    nan = np.isnan(x)
    if nan.any():
        return np.where(nan, x, y)
    return np.asarray(y, dtype=np.result_type(x, y))


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


# Elements per block in in_blocks: the block and its temporaries stay in the cache, and NumPy's
# per-call overhead is small against the work of one block.
BLOCK = 1 << 16


def in_blocks(kernel, *arrays, block=BLOCK):
    """``kernel`` applied to ``arrays`` in their working precision, block by block, rounded once.

    ``kernel`` takes 1-d blocks (one per array, all of one shape; copies it may overwrite) in the
    working precision and returns the result in that precision; the result has the first array's
    shape and dtype. Only the result and one block's temporaries are in memory at a time, instead
    of a working-precision copy of the whole array and its temporaries, and the temporaries stay in
    the cache. Overflow is silenced: kernels are written so that an intermediate overflows only
    where ``inf`` gives the right answer; other warnings (invalid, divide) are the kernel's to avoid.

    Args:
        kernel: a function of one block per array, in the working precision.
        arrays: arrays of one shape.
        block: elements per block.

    Returns:
        np.ndarray: ``kernel``'s result, the first array's shape and dtype.

    >>> in_blocks(lambda w: w / 3, np.ones(5, np.float32), block=2)
    array([0.3333, 0.3333, 0.3333, 0.3333, 0.3333], dtype=float32)
    """
    out = np.empty(arrays[0].shape, arrays[0].dtype)
    flats, flat_out = [a.reshape(-1) for a in arrays], out.reshape(-1)
    with np.errstate(over="ignore"):
        for start in range(0, flat_out.size, block):
            pieces = [working_precision(flat[start : start + block]) for flat in flats]
            flat_out[start : start + block] = kernel(*pieces)
    return out


def in_row_blocks(kernel, rows, dtype, width=None, block=BLOCK, working=True):
    """``kernel`` applied to groups of whole rows (the last axis) of ``rows``, results as ``dtype``.

    The rows-wise companion of :func:`in_blocks`: each group holds about ``block`` elements (at
    least one row) in the working precision; ``kernel`` returns the group's rows, ``width`` long
    (default: as long as the input's). With ``working=False`` the groups are passed in the rows'
    own dtype, for kernels that choose their precision per operation.

    Args:
        kernel: a function of a group of rows, in the working precision.
        rows: an array whose last axis holds the rows.
        dtype: the result's dtype.
        width: the length of the result's rows, if not the input's.
        block: about how many elements a group holds.
        working: whether to pass the groups in the working precision.

    Returns:
        np.ndarray: ``kernel``'s rows, in ``dtype``.

    >>> in_row_blocks(lambda w: w[:, :1] * 2, np.ones((3, 2), np.float32), np.float32, width=1, block=2)
    array([[2.],
           [2.],
           [2.]], dtype=float32)
    """
    out = np.empty(rows.shape[:-1] + (rows.shape[-1] if width is None else width,), dtype)
    per_block = max(1, block // max(1, rows.shape[-1]))
    with np.errstate(over="ignore"):  # as in in_blocks
        for start in range(0, rows.shape[0], per_block):
            group = rows[start : start + per_block]
            out[start : start + per_block] = kernel(working_precision(group) if working else group)
    return out


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
    """``1 / (1 + exp(-w))``, with no branch: where ``exp(-w)`` overflows the result is 0, its limit.

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: the logistic sigmoid of ``w``, the one stable sigmoid of actlib.

    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    with np.errstate(over="ignore"):
        e = np.exp(np.negative(w))
    e += 1
    return np.divide(1, e, out=e)  # (np.reciprocal is twice as slow)


def sigmoid_slope(w):
    """``sigmoid'(w) = sigmoid(w) * sigmoid(-w) = 1 / (2 + 2 cosh(w))``: no cancellation.

    Where cosh overflows to inf the result is 0, its limit.

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: ``sigmoid'(w)``, accurate in both tails.

    >>> sigmoid_slope(np.array([0.0, 4.0]))
    array([0.25  , 0.0177])
    """
    with np.errstate(over="ignore"):
        c = np.cosh(w)
    c *= 2
    c += 2
    return np.divide(1, c, out=c)


def softplus(w):
    """``log(1 + exp(w)) = max(w, 0) + log1p(exp(-|w|))``: no overflow, full accuracy in both tails.

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: ``log(1 + exp(w))``.

    >>> softplus(np.array([-50.0, 0.0, 1000.0]))
    array([   0.    ,    0.6931, 1000.    ])
    """
    y = np.abs(w)  # in one buffer, in place
    np.negative(y, out=y)
    np.exp(y, out=y)
    np.log1p(y, out=y)
    y += np.clip(w, 0, np.inf)  # (np.clip with two bounds is faster than np.maximum)
    return y


def log1p_exp_minus_abs(x):
    """``log1p(exp(-|x|))`` for float32 ``x``, in float32, within 2.1 ulp (measured on 2e7 points).

    NumPy's float32 exp is up to 2.4 ulp off, its log1p under 2: exp runs in float64 (one ufunc
    call, casting on the fly) and is rounded once to float32 (half an ulp, which log1p shrinks),
    then float32 log1p. No float64 copy of ``x``; about twice as fast as all in float64.

    Args:
        x: a float32 array.

    Returns:
        np.ndarray: ``log1p(exp(-|x|))`` in float32.

    >>> log1p_exp_minus_abs(np.array([0.0, -3.0, np.inf], np.float32))
    array([0.6931, 0.0486, 0.    ], dtype=float32)
    """
    z = np.abs(x, out=np.empty_like(x))
    np.negative(z, out=z)
    np.exp(z, out=z, dtype=np.float64, casting="same_kind")
    return np.log1p(z, out=z)


def tanh_softplus(w):
    """``tanh(softplus(w))``, Mish's gate, as ``n / (n + 2)`` with ``n = e^w (e^w + 2)``.

    ``w`` is capped at 40 first: there the gate is 1 to within 1e-34, and ``n`` cannot overflow.

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: ``tanh(softplus(w))``.

    >>> tanh_softplus(np.array([-2.0, 0.0, 2.0]))
    array([0.1263, 0.6   , 0.972 ])
    """
    e = np.exp(np.clip(w, -np.inf, 40))  # (np.clip with two bounds is faster than np.minimum)
    n = e * (e + 2)
    return n / (n + 2)


def sech2_softplus(w):
    """``1 - tanh(softplus(w))^2 = 4 (n + 1) / (n + 2)^2``, ``n = e^w (e^w + 2)``.

    No cancellation where the gate rounds to 1. ``w`` is capped at 40 as in
    :func:`tanh_softplus` (callers multiply by a ``w`` capped alike).

    Args:
        w: an array in the working precision.

    Returns:
        np.ndarray: ``1 - tanh(softplus(w))^2``.

    >>> sech2_softplus(np.array([-2.0, 0.0, 4.0]))
    array([0.9841, 0.64  , 0.0013])
    """
    e = np.exp(np.clip(w, -np.inf, 40))
    n = e * (e + 2)
    return 4 * (n + 1) / (n + 2) ** 2


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

    NumPy has no ``erf``, and SciPy's works in float64 only (about 300 ulp off
    far in GELU's tail); this one works in the precision it is given (long
    double for float64 input). For ``|t| < 2`` it uses ``1 - erf(|t|)`` with
    erf's all-positive series (``erfc(2)`` is about 0.005, so the subtraction
    and the series' rounding cost up to about 10 bits of the working
    precision, measured: a relative error of 1.4e-13 in float64, nothing at
    float32, well under float64's ulp in long double); for ``|t| >= 2`` the
    continued fraction; and ``erfc(-t) = 2 - erfc(t)`` for negative ``t``.

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
    m = np.max(rows, axis=-1, keepdims=True)
    finite = bool(np.isfinite(m).all())
    # Rows with a non-finite maximum (np.where, slow, only if there are any) get their limits below.
    shifted = rows - m if finite else shifted_by_max(rows)[0]
    e = np.exp(np.clip(shifted, exp_floor(rows), np.inf))
    np.put_along_axis(e, np.argmax(shifted, axis=-1)[..., None], 0, axis=-1)
    y = shifted - np.log1p(np.sum(e, axis=-1, keepdims=True))
    if finite:
        return y
    count = np.sum(rows == np.inf, axis=-1, keepdims=True)
    y = np.where(m == np.inf, np.where(rows == np.inf, -np.log(np.maximum(count, 1)), -np.inf), y)
    return np.where(np.isnan(m) | (m == -np.inf), np.nan, y)


def softmax_rows(rows):
    """Softmax along the last axis, in the rows' precision: ``exp(x - m) / sum(exp(x - m))``.

    Rows whose maximum is not finite take their limits from :func:`log_softmax_rows`.

    Args:
        rows: an array in the working precision; rows along the last axis.

    Returns:
        np.ndarray: the softmax of each row.

    >>> softmax_rows(np.array([[0.0, np.log(3.0)], [1.0, -np.inf]]))
    array([[0.25, 0.75],
           [1.  , 0.  ]])
    """
    m = np.max(rows, axis=-1, keepdims=True)
    if not np.isfinite(m).all():
        return np.exp(log_softmax_rows(rows))
    e = np.exp(np.clip(rows - m, exp_floor(rows), np.inf))
    e /= np.sum(e, axis=-1, keepdims=True)
    return e


def softmax_and_complement(rows):
    """Softmax along the last axis, ``s``, and ``1 - s``, both to full relative accuracy.

    ``1 - s_i`` is the sum of the other entries' ``exp(x_j - m)`` over the total: for the largest
    entry that sum is formed without it (``total - 1`` would lose the digits where ``s`` rounds to
    1), for the others ``total - exp(x_i - m)`` is at least 1 and does not cancel. Rows whose
    maximum is not finite go through :func:`log_softmax_rows`, which knows their limits:
    ``s = exp(y)``, ``1 - s = -expm1(y)``.

    Args:
        rows: an array in the working precision; rows along the last axis.

    Returns:
        tuple: ``s`` and ``1 - s``.

    >>> softmax_and_complement(np.array([[0.0, 3.0]]))
    (array([[0.0474, 0.9526]]), array([[0.9526, 0.0474]]))
    """
    m = np.max(rows, axis=-1, keepdims=True)
    if not np.isfinite(m).all():
        y = log_softmax_rows(rows)
        return np.exp(y), -np.expm1(y)
    e = np.exp(np.clip(rows - m, exp_floor(rows), np.inf))
    top = np.argmax(e, axis=-1)[..., None]
    np.put_along_axis(e, top, 0, axis=-1)
    others = np.sum(e, axis=-1, keepdims=True)  # all but one largest entry, whose e is 1
    np.put_along_axis(e, top, 1, axis=-1)
    total = 1 + others
    rest = total - e
    np.put_along_axis(rest, top, others, axis=-1)
    inverse = 1 / total  # one division per row; multiplying is faster than dividing
    e *= inverse
    rest *= inverse
    return e, rest


def softmax_parts(rows):
    """``(e, others, top)`` for float32 rows: the pieces of softmax and ``1 - softmax``, fewer passes.

    ``e = exp(x - m)`` in float64 (``m`` the row's maximum, subtracted inside the ufunc loop: no
    float64 copy of the rows), with the largest entry's ``e`` (which is 1) set to 0; ``others``
    the row sum of that, kept as an axis; ``top`` the largest entry's index. Then
    ``softmax = e / (1 + others)`` and ``1 - softmax = (1 + others - e) / (1 + others)``, and at
    ``top`` ``1 / (1 + others)`` and ``others / (1 + others)``: full relative accuracy as in
    :func:`softmax_and_complement`, whose extra max, copy and put passes this saves.

    Args:
        rows: a float32 array; rows along the last axis.

    Returns:
        tuple or None: ``(e, others, top)``, or None if some row's maximum is not finite (use
        :func:`softmax_and_complement` for those, which knows their limits).

    >>> e, others, top = softmax_parts(np.array([[0.0, 3.0]], np.float32))
    >>> e, others, top
    (array([[0.0498, 0.    ]]), array([[0.0498]]), array([[1]]))
    """
    top = np.argmax(rows, axis=-1)[..., None]  # (a NaN's index if there is one: m is NaN then)
    m = np.take_along_axis(rows, top, axis=-1)
    if not np.isfinite(m).all():
        return None
    e = np.subtract(rows, m, dtype=np.float64)
    np.maximum(e, exp_floor(e), out=e)
    np.exp(e, out=e)
    np.put_along_axis(e, top, 0, axis=-1)
    return e, np.sum(e, axis=-1, keepdims=True), top


def exp_floor(w):
    """The argument below which ``exp`` no longer matters: -200 in float64, else -inf.

    float64 is the working precision of float16 and float32 input, where ``e^-200`` (1e-87) is far
    below the smallest subnormal; NumPy's float64 exp leaves its vector loop for results near the
    subnormal range and is ten times slower there, so kernels that exponentiate many very
    negative numbers (a row dominated by one large entry) clip to this first. Long double (float64
    input) has no vector loop to lose and must not clip.

    Args:
        w: an array in the working precision.

    Returns:
        float: -200.0 or -inf.

    >>> exp_floor(np.zeros(1)), exp_floor(np.zeros(1, np.longdouble))
    (-200.0, -inf)
    """
    return -200.0 if w.dtype == np.float64 else -np.inf


def exp_limit(w):
    """A bound on ``|t|`` below which ``exp(t)`` is finite in ``w``'s precision (about 700 in float64).

    Args:
        w: an array in the working precision.

    Returns:
        float: ``log`` of the dtype's largest value, less 10.

    >>> round(exp_limit(np.zeros(1)))
    700
    """
    return float(np.log(np.finfo(w.dtype).max)) - 10


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


def glu_axis(x, axis):
    """The axis GLU splits into value and gate halves, as a 1-tuple (for :func:`to_rows`), or raise.

    Args:
        x: the input array.
        axis: an integer axis of even size.

    Returns:
        tuple: the non-negative axis, alone.

    >>> glu_axis(np.zeros((3, 4)), -1)
    (1,)
    """
    if x.ndim == 0:
        raise ValueError("glu needs an input with at least one axis; got a scalar.")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer for glu, not {axis!r}.")
    axes = check_axis(axis, x.ndim)
    if x.shape[axes[0]] % 2:
        raise ValueError(
            f"glu splits axis {axis} into two equal halves, but it has odd size {x.shape[axes[0]]} "
            f"(x has shape {x.shape}); use an axis of even size."
        )
    return axes
