"""Output and normalising activations: log-softmax, sparsemax, GLU, exponential and linear.

Each activation sits whole in one place: its function, its derivative and its
registry record (:class:`actlib.activations.record.Activation`), side by side.
"""

import numpy as np

from actlib import numerics
from actlib.activations.record import Activation
from actlib.inputs import as_float_array, check_axis, keras_signature

CHAPTER = "output_activations"


@keras_signature
def log_softmax(x, axis=-1):
    """``log_softmax(x)_i = x_i - log(sum_j exp(x_j))`` along ``axis`` (an integer or a tuple).

    Entries equal to ``-inf`` give ``-inf``; if some entries are ``+inf`` they
    get ``log(1/k)`` (``k`` of them) and the rest ``-inf``; a slice that is all
    ``-inf`` or contains NaN gives NaN.

    Args:
        x: an array (or nested list, or tensor) of real numbers with at least one axis.
        axis: the axis, or tuple of axes, to normalise along (default the last).

    Returns:
        np.ndarray: ``log_softmax(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.log_softmax([1.0, 2.0, 3.0])
    array([-2.4076, -1.4076, -0.4076])
    """
    x = as_float_array(x)
    axes = numerics.reduction_axes(x, axis, "log_softmax")
    rows, shape = numerics.to_rows(x, axes)
    return numerics.from_rows(numerics.in_row_blocks(numerics.log_softmax_rows, rows, x.dtype), shape, axes)


@keras_signature
def log_softmax_derivative(x, axis=-1):
    """Diagonal of log_softmax's Jacobian: ``d y_i / d x_i = 1 - softmax(x)_i``.

    log_softmax is not elementwise; its full Jacobian is
    ``J_ij = delta_ij - softmax(x)_j``. This is computed as in
    :func:`actlib.numerics.softmax_and_complement` (float32 input: from
    :func:`actlib.numerics.softmax_parts`, in fewer passes).

    Args:
        x, axis: as for :func:`actlib.log_softmax`.

    Returns:
        np.ndarray: the diagonal of the Jacobian, the shape and float dtype of ``x``.

    >>> actlib.derivative("log_softmax")([1.0, 2.0, 3.0])
    array([0.91  , 0.7553, 0.3348])
    """
    x = as_float_array(x)
    axes = numerics.reduction_axes(x, axis, "log_softmax")
    rows, shape = numerics.to_rows(x, axes)
    if x.dtype == np.float32:  # float32 rows as they are, in blocks of 2^17: fewer passes
        rest = numerics.in_row_blocks(_complement_float32, rows, x.dtype, block=1 << 17, working=False)
    else:
        rest = numerics.in_row_blocks(lambda w: numerics.softmax_and_complement(w)[1], rows, x.dtype)
    return numerics.from_rows(rest, shape, axes)


def _complement_float32(rows):
    """``1 - s = (total - e) / total`` from :func:`actlib.numerics.softmax_parts`.

    ``total = 1 + others``; the largest entry's is ``others / total``. No float64 copy of the rows
    and no ``s``: two passes over the exp's array.
    """
    parts = numerics.softmax_parts(rows)
    if parts is None:  # some row's max is not finite: the limits
        return numerics.softmax_and_complement(numerics.working_precision(rows))[1]
    e, others, top = parts
    total = 1 + others
    inverse = 1 / total
    rest = np.subtract(total, e, out=e)
    rest *= inverse
    np.put_along_axis(rest, top, others * inverse, axis=-1)
    return rest


LOG_SOFTMAX_RECORD = Activation(
    name="log_softmax",
    function=log_softmax,
    derivative=log_softmax_derivative,
    formula=r"\mathrm{log\_softmax}(x)_i = x_i - \log \sum_j e^{x_j}",
    derivative_formula=r"\frac{\partial\,\mathrm{log\_softmax}(x)_i}{\partial x_j} "
    r"= \delta_{ij} - \mathrm{softmax}(x)_j",
    keras_layer='keras.layers.Activation("log_softmax")',
    elementwise=False,
    parameters={"axis": -1},
    chapter=CHAPTER,
    typical_use="log-probabilities for losses",
    output_range="-∞ to 0 (each entry)",
    notes="actlib.derivative('log_softmax') returns the Jacobian's diagonal, 1 - softmax(x).",
)


@keras_signature
def sparsemax(x, axis=-1):
    """Sparsemax along ``axis`` (an integer): the Euclidean projection of ``x`` onto the simplex.

    Like softmax its outputs are >= 0 and sum to 1, but entries more than
    about 1 below the largest get exactly 0. ``+inf`` entries share 1 equally;
    a slice that is all ``-inf`` or contains NaN gives NaN.

    Args:
        x: an array (or nested list, or tensor) of real numbers with at least one axis.
        axis: the axis (an integer) to project along (default the last).

    Returns:
        np.ndarray: ``sparsemax(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.sparsemax([0.5, 1.0, 1.2])
    array([0. , 0.4, 0.6])
    """
    x = as_float_array(x)
    axes = numerics.reduction_axes(x, axis, "sparsemax", single=True)
    rows, shape = numerics.to_rows(x, axes)
    return numerics.from_rows(numerics.in_row_blocks(numerics.sparsemax_rows, rows, x.dtype), shape, axes)


@keras_signature
def sparsemax_derivative(x, axis=-1):
    """Diagonal of sparsemax's Jacobian: ``1 - 1/k`` on the support (``k`` entries > 0), else 0.

    The full Jacobian is ``J = diag(s) - s s^T / k`` with ``s`` the support's
    indicator: sparsemax is piecewise linear, and entries outside the
    support do not move at all.

    Args:
        x, axis: as for :func:`actlib.sparsemax`.

    Returns:
        np.ndarray: the diagonal of the Jacobian, the shape and float dtype of ``x``.

    >>> actlib.derivative("sparsemax")([0.5, 1.0, 1.2])
    array([0. , 0.5, 0.5])
    """
    y = sparsemax(x, axis=axis)
    axes = check_axis(axis, y.ndim)
    positive = y > 0
    k = np.sum(positive, axis=axes, keepdims=True)
    # The indicator times 1 - 1/k (per row, rounded once) in y's dtype: no float64 copy of y.
    return numerics.keep_nan(y, positive * (1 - 1 / np.maximum(k, 1)).astype(y.dtype))


SPARSEMAX_RECORD = Activation(
    name="sparsemax",
    function=sparsemax,
    derivative=sparsemax_derivative,
    formula=r"\mathrm{sparsemax}(x)_i = \max(x_i - \tau(x), 0),\ \sum_i \mathrm{sparsemax}(x)_i = 1",
    derivative_formula=r"\frac{\partial\,\mathrm{sparsemax}(x)_i}{\partial x_j} "
    r"= s_i\,\bigl(\delta_{ij} - s_j / |S|\bigr),\ s_i = [x_i > \tau(x)]",
    keras_layer='keras.layers.Activation("sparsemax")',
    plot_range=(-3.0, 3.0),
    elementwise=False,
    parameters={"axis": -1},
    chapter=CHAPTER,
    typical_use="sparse probabilities",
    output_range="0 to 1 (each entry; entries sum to 1)",
    notes="actlib.derivative('sparsemax') returns the Jacobian's diagonal: 1 - 1/|S| on the "
    "support S, 0 elsewhere.",
)


@keras_signature
def glu(x, axis=-1):
    """Gated linear unit: split ``x`` along ``axis`` into halves ``a, b``; ``glu(x) = a * sigmoid(b)``.

    The output's ``axis`` is half as long as the input's. float32 input takes the gate's exp
    and the division in float64 without a float64 copy of the input. An infinite ``a``
    with a finite ``b`` gives that infinity; ``a = +-inf`` with ``b = -inf``
    has no limit and gives NaN.

    Args:
        x: an array (or nested list, or tensor) of real numbers with at least one axis.
        axis: the axis (an integer) split into the value and gate halves; its size must be even.

    Returns:
        np.ndarray: ``glu(x)``, half as long along ``axis``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.glu([1.0, 2.0, 0.0, 3.0])
    array([0.5   , 1.9051])
    """
    x = as_float_array(x)
    axes = numerics.glu_axis(x, axis)
    rows, shape = numerics.to_rows(x, axes)  # the split axis last: each row holds a, then b
    half = rows.shape[-1] // 2
    if x.dtype == np.float32:  # blocks of 2^18 elements: the float64 temporaries stay in the cache
        y = numerics.in_row_blocks(_glu_float32, rows, x.dtype, width=half, block=1 << 18, working=False)
        return numerics.from_rows(y, shape[:-1] + (half,), axes)

    def kernel(w):
        # a / (1 + exp(-b)), with b capped where exp(-b) would overflow, so that an infinite a
        # with a finite b keeps its sign; b = -inf gives a * 0 (NaN for an infinite a: no
        # limit). No np.where unless some b is -inf.
        a, b = np.split(w, 2, axis=-1)
        limit = numerics.exp_limit(b)  # (exp is also ten times slower beyond it)
        y = a / (1 + np.exp(-np.clip(b, -limit, limit)))
        gate_zero = np.isneginf(b)
        if gate_zero.any():
            with np.errstate(invalid="ignore"):
                y = np.where(gate_zero, a * 0, y)
        return y

    y = numerics.in_row_blocks(kernel, rows, x.dtype, width=half)
    return numerics.from_rows(y, shape[:-1] + (half,), axes)


def _glu_float32(rows):
    """``a / (1 + exp(-b))`` for float32 rows: only the gate's exp and the division in float64.

    NumPy casts the float32 halves to float64 inside the ufunc loops, so no float64 copy of both
    halves is made (twice as fast as :func:`actlib.numerics.in_row_blocks`), and the quotient is
    rounded to float32 once: within 1 ulp. float32 exp alone would be 2.4 ulp off and overflow for
    ``b < -88``, where a large ``a`` still gives a non-zero result. ``-b`` is capped to
    ``[-40, 700]``: beyond 40 the gate is 1 in float64, and up to 700 exp is finite (and fast), so
    an infinite ``a`` with a finite ``b`` keeps its sign; ``b = -inf`` gives ``a * 0`` (NaN for
    an infinite ``a``: no limit).
    """
    a, b = np.split(rows, 2, axis=-1)
    e = np.negative(b)
    np.clip(e, -40, 700, out=e)
    e = np.exp(e, dtype=np.float64)
    e += 1
    y = np.divide(a, e, out=np.empty(a.shape, np.float32), casting="same_kind")
    if np.isneginf(b).any():
        with np.errstate(invalid="ignore"):
            y = np.where(np.isneginf(b), a * 0, y)
    return y


@keras_signature
def glu_derivative(x, axis=-1):
    """Each input's derivative on the one output it affects, in the input's shape.

    With halves ``a, b`` and ``y = a * sigmoid(b)``: ``dy/da = sigmoid(b)`` and
    ``dy/db = a * sigmoid(b) * (1 - sigmoid(b))``, concatenated along ``axis``.
    Every input reaches exactly one output, so these are all the non-zero
    entries of the Jacobian, and they equal the gradient of ``sum(glu(x))``,
    which is what ``tf.GradientTape.gradient`` returns.

    Args:
        x, axis: as for :func:`actlib.glu`.

    Returns:
        np.ndarray: ``dy/da`` and ``dy/db`` side by side along ``axis``, the shape of ``x``.

    >>> actlib.derivative("glu")([1.0, 2.0, 0.0, 3.0])
    array([0.5   , 0.9526, 0.25  , 0.0904])
    """
    x = as_float_array(x)
    axes = numerics.glu_axis(x, axis)
    rows, shape = numerics.to_rows(x, axes)  # the split axis last: each row holds a, then b

    def kernel(w):
        # sigmoid(b), then a * s (1 - s) with s = sigmoid(b) and 1 - s = e s, e = exp(-b): one
        # exp. b is capped where e would overflow (exp is also ten times slower beyond).
        a, b = np.split(w, 2, axis=-1)
        limit = numerics.exp_limit(b)
        e = np.exp(-np.clip(b, -limit, limit))
        s = 1 / (1 + e)
        slope = e * s * s  # beyond the cap, a finite a times this rounds to 0, as it should
        if np.isinf(a).any():  # there the slope is 0, and an infinite a gives 0 (times_gate)
            slope = numerics.times_gate(a, np.where(np.abs(b) > limit, 0, slope))
        else:
            slope *= a
        return np.concatenate([s, slope], axis=-1)

    if x.dtype == np.float32:  # blocks of 2^18 elements: the float64 temporaries stay in the cache
        y = numerics.in_row_blocks(_glu_derivative_float32, rows, x.dtype, block=1 << 18, working=False)
    else:
        y = numerics.in_row_blocks(kernel, rows, x.dtype)
    return numerics.from_rows(y, shape, axes)


def _glu_derivative_float32(rows):
    """``s = 1 / (1 + e)`` and ``a e s^2``, ``e = exp(-b)``, for float32 rows, as in :func:`_glu_float32`.

    The float32 halves are cast to float64 inside the ufunc loops (no float64 copy of them) and
    each result is rounded to float32 once: within 1 ulp. ``-b`` is capped to ``[-700, 700]``
    (exp finite and fast); beyond the cap a finite ``a`` times the slope rounds to 0, as it
    should, and an infinite ``a`` gets 0 there (:func:`actlib.numerics.times_gate`).
    """
    a, b = np.split(rows, 2, axis=-1)
    half = a.shape[-1]
    out = np.empty(rows.shape, np.float32)
    e = np.negative(b)
    np.clip(e, -700, 700, out=e)
    e = np.exp(e, dtype=np.float64)
    s = e + 1
    np.divide(1, s, out=s)
    out[..., :half] = s
    e *= s
    e *= s
    if np.isinf(a).any():
        out[..., half:] = numerics.times_gate(a, np.where(np.abs(b) > 700, 0, e))
    else:
        np.multiply(a, e, out=out[..., half:], casting="same_kind")
    return out


GLU_RECORD = Activation(
    name="glu",
    function=glu,
    derivative=glu_derivative,
    formula=r"\mathrm{glu}(x) = a \odot \sigma(b),\ x = [a, b]",
    derivative_formula=r"\frac{\partial y}{\partial a} = \sigma(b),\ "
    r"\frac{\partial y}{\partial b} = a\,\sigma(b)\,(1 - \sigma(b))",
    keras_layer='keras.layers.Activation("glu")',
    elementwise=False,
    parameters={"axis": -1},
    chapter=CHAPTER,
    typical_use="gated layers",
    output_range="-∞ to ∞ (each entry)",
    notes="The output is half as long as the input along axis. actlib.derivative('glu') "
    "returns both partial derivatives in the input's shape (the gradient of sum(glu(x))).",
)


@keras_signature
def exponential(x):
    """``exponential(x) = e^x``; overflows to ``inf`` above about 88.72 in float32 (11.09 in float16).

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``exponential(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.exponential([-1.0, 0.0, 1.0])
    array([0.3679, 1.    , 2.7183])
    """
    x = as_float_array(x)
    with np.errstate(over="ignore"):  # e^x beyond the dtype's range: inf is the answer
        if x.dtype == np.float32:
            # NumPy's float32 exp is within 2.4 ulp (measured on 10^7 points), inside the contract.
            return np.exp(x)
        return numerics.rounded(np.exp(numerics.working_precision(x)), x.dtype)


@keras_signature
def exponential_derivative(x):
    """``exponential'(x) = e^x``.

    Args:
        x: as for :func:`actlib.exponential`.

    Returns:
        np.ndarray: ``d exponential(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("exponential")([-1.0, 0.0, 1.0])
    array([0.3679, 1.    , 2.7183])
    """
    return exponential(x)


EXPONENTIAL_RECORD = Activation(
    name="exponential",
    function=exponential,
    derivative=exponential_derivative,
    formula=r"\mathrm{exponential}(x) = e^{x}",
    derivative_formula=r"\mathrm{exponential}'(x) = e^{x}",
    keras_layer='keras.layers.Activation("exponential")',
    plot_range=(-4.0, 3.0),
    chapter=CHAPTER,
    typical_use="positive outputs (a rate)",
)


@keras_signature
def linear(x):
    """The identity, ``linear(x) = x``, returned as a new array (integers become float32).

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``linear(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.linear([-1.0, 0, 2])
    array([-1.,  0.,  2.])
    """
    return as_float_array(x).copy()


@keras_signature
def linear_derivative(x):
    """``linear'(x) = 1`` (NaN stays NaN).

    Args:
        x: as for :func:`actlib.linear`.

    Returns:
        np.ndarray: ``d linear(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("linear")([-1.0, 0, 2])
    array([1., 1., 1.])
    """
    x = as_float_array(x)
    return numerics.keep_nan(x, np.ones_like(x))


LINEAR_RECORD = Activation(
    name="linear",
    function=linear,
    derivative=linear_derivative,
    formula=r"\mathrm{linear}(x) = x",
    derivative_formula=r"\mathrm{linear}'(x) = 1",
    keras_layer='keras.layers.Activation("linear")',
    chapter=CHAPTER,
    typical_use="regression outputs; logits",
    notes="Keras' linear returns its argument itself (a list stays a list, integers stay "
    "integers); actlib returns a new float array.",
)
