"""Cheap piecewise and algebraic approximations, and the shrink functions.

Each activation sits whole in one place: its function, its derivative and its
registry record (:class:`actlib.activations.record.Activation`), side by side.
"""

import numpy as np

from actlib import numerics
from actlib.activations.parameters import check_shrink_threshold, check_squareplus_b
from actlib.activations.record import HE, Activation, cases
from actlib.inputs import as_float_array, keras_signature

CHAPTER = "cheap_approximations"


@keras_signature
def hard_sigmoid(x):
    """Keras 3's hard sigmoid: ``relu6(x + 3) / 6``.

    That is 0 for ``x <= -3``, 1 for ``x >= 3`` and ``x/6 + 1/2`` between.

    Keras 2 used ``clip(0.2 x + 0.5, 0, 1)``, which reaches 0 and 1 at
    ``x = -+2.5``: old models change behaviour when loaded in Keras 3.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``hard_sigmoid(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.hard_sigmoid([-4.0, 0.0, 1.5])
    array([0.  , 0.5 , 0.75])
    """
    x = as_float_array(x)
    if x.dtype == np.float16:  # two roundings in float16 could reach its 1-ulp budget
        return numerics.in_blocks(lambda w: np.clip(w + 3, 0, 6) / 6, x)
    # In x's dtype: x + 3 is exact near the kink at -3, so two roundings, within 1 ulp.
    return np.clip(x + x.dtype.type(3), 0, 6) / x.dtype.type(6)


@keras_signature
def hard_sigmoid_derivative(x):
    """``1/6`` where ``0 < x + 3 < 6``, else 0 (0 at both kinks, as TensorFlow's ``Relu6Grad``).

    ``x + 3`` is formed in ``x``'s dtype, as TensorFlow does, so the kinks
    fall exactly where Keras puts them.

    Args:
        x: as for :func:`actlib.hard_sigmoid`.

    Returns:
        np.ndarray: ``d hard_sigmoid(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("hard_sigmoid")([-4.0, 0.0, 1.5])
    array([0.    , 0.1667, 0.1667])
    """
    x = as_float_array(x)
    shifted = x + x.dtype.type(3)
    return numerics.ones_where((shifted > 0) & (shifted < 6), x) * x.dtype.type(1 / 6)


HARD_SIGMOID_RECORD = Activation(
    name="hard_sigmoid",
    function=hard_sigmoid,
    derivative=hard_sigmoid_derivative,
    formula=r"\mathrm{hard\_sigmoid}(x) = \frac{\mathrm{relu6}(x + 3)}{6} "
    r"= \min\Bigl(\max\Bigl(\frac{x}{6} + \frac{1}{2}, 0\Bigr), 1\Bigr)",
    derivative_formula=r"\mathrm{hard\_sigmoid}'(x) = "
    + cases((r"\tfrac{1}{6}", "-3 < x < 3"), ("0", r"\text{otherwise}")),
    keras_layer='keras.layers.Activation("hard_sigmoid")',
    chapter=CHAPTER,
    typical_use="cheap sigmoid (mobile nets)",
    notes="Keras 2 used clip(0.2 x + 0.5, 0, 1), flat beyond |x| = 2.5; Keras 3 uses "
    "relu6(x + 3) / 6, flat beyond |x| = 3.",
)


@keras_signature
def hard_silu(x):
    """Hard SiLU (hard swish): ``x * hard_sigmoid(x)``.

    0 for ``x <= -3``, ``x`` for ``x >= 3`` and ``x (x + 3) / 6`` between: piecewise
    *quadratic*, not piecewise linear as Keras' docstring says.
    ``keras.activations.hard_swish`` is the same function.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``hard_silu(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.hard_silu([-4.0, 0.0, 1.5])
    array([-0.   ,  0.   ,  1.125])
    """
    x = as_float_array(x)
    if x.dtype == np.float16:  # three roundings in float16 could pass its 1-ulp budget
        return numerics.in_blocks(lambda w: np.clip(w, -3, np.inf) * (np.clip(w + 3, 0, 6) / 6), x)
    # In x's dtype, within 1.5 ulp. x is capped at -3 in the product (the gate is 0 there): -inf
    # gives 0, not -inf * 0; dividing the gate by 6 first keeps x * 6 from overflowing.
    three = x.dtype.type(3)
    return np.clip(x, -three, np.inf) * (np.clip(x + three, 0, 6) / x.dtype.type(6))


hard_swish = hard_silu


@keras_signature
def hard_silu_derivative(x):
    """``(2x + 3) / 6`` where ``0 < x + 3 < 6``, 0 below, 1 above (TensorFlow's values at -+3).

    Args:
        x: as for :func:`actlib.hard_silu`.

    Returns:
        np.ndarray: ``d hard_silu(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("hard_silu")([-4.0, 0.0, 1.5])
    array([0. , 0.5, 1. ])
    """
    x = as_float_array(x)
    shifted = x + x.dtype.type(3)
    if x.dtype == np.float16:  # in float64, rounded once: float16 allows 1 ulp
        w = numerics.working_precision(x)
        inside = (shifted > 0) & (shifted < 6)
        d = np.minimum(np.maximum(w + 3, 0), 6) / 6 + np.where(inside, w / 6, 0)
        return numerics.rounded(numerics.keep_nan(w, d), x.dtype)
    # (2x + 3) / 6 inside, 1 above, 0 below, without np.where: the slope times the inside
    # indicator plus the above one. x is clipped to [-3, 3] first, so inf * 0 cannot occur; 2x + 3
    # is exact near its root -1.5, and the two roundings stay within 1 ulp.
    d = np.clip(x, x.dtype.type(-3), x.dtype.type(3))
    d *= 2
    d += 3
    d /= 6
    d *= (shifted > 0) & (shifted < 6)
    d += shifted >= 6
    return d


hard_swish_derivative = hard_silu_derivative


HARD_SILU_RECORD = Activation(
    name="hard_silu",
    function=hard_silu,
    derivative=hard_silu_derivative,
    formula=r"\mathrm{hard\_silu}(x) = x\,\mathrm{hard\_sigmoid}(x) = "
    + cases(("0", r"x \le -3"), (r"x(x + 3)/6", "-3 < x < 3"), ("x", r"x \ge 3")),
    derivative_formula=r"\mathrm{hard\_silu}'(x) = "
    + cases(("0", r"x \le -3"), (r"(2x + 3)/6", "-3 < x < 3"), ("1", r"x \ge 3")),
    keras_layer='keras.layers.Activation("hard_silu")',
    chapter=CHAPTER,
    typical_use="cheap SiLU (mobile nets)",
    initialiser=HE,
    aliases=("hard_swish",),
    notes="keras.activations.hard_swish is the same function. Piecewise quadratic (Keras' "
    "docstring says piecewise linear); its derivative jumps at -3 and 3.",
)


@keras_signature
def hard_tanh(x):
    """Hard tanh: ``clip(x, -1, 1)`` (exact in any dtype).

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``hard_tanh(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.hard_tanh([-2.0, 0.5, 2.0])
    array([-1. ,  0.5,  1. ])
    """
    x = as_float_array(x)
    return np.clip(x, x.dtype.type(-1), x.dtype.type(1))


@keras_signature
def hard_tanh_derivative(x):
    """``1`` for ``-1 <= x <= 1`` (ends included, as ``tf.clip_by_value``'s gradient), else 0.

    Args:
        x: as for :func:`actlib.hard_tanh`.

    Returns:
        np.ndarray: ``d hard_tanh(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("hard_tanh")([-2.0, 0.5, 2.0])
    array([0., 1., 0.])
    """
    x = as_float_array(x)
    return numerics.ones_where((x >= -1) & (x <= 1), x)


HARD_TANH_RECORD = Activation(
    name="hard_tanh",
    function=hard_tanh,
    derivative=hard_tanh_derivative,
    formula=r"\mathrm{hard\_tanh}(x) = \min(\max(x, -1), 1)",
    derivative_formula=r"\mathrm{hard\_tanh}'(x) = "
    + cases(("1", r"-1 \le x \le 1"), ("0", r"\text{otherwise}")),
    keras_layer='keras.layers.Activation("hard_tanh")',
    plot_range=(-3.0, 3.0),
    chapter=CHAPTER,
    typical_use="cheap tanh",
)


@keras_signature
def softsign(x):
    """Softsign: ``x / (1 + |x|)``, tending to -+1 like ``1/|x|`` (tanh does exponentially).

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``softsign(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.softsign([-2.0, 0.0, 2.0])
    array([-0.6667,  0.    ,  0.6667])
    """
    x = as_float_array(x)
    # x clipped to the dtype's finite range (where the result is +-1): +-inf give +-1, not inf / inf.
    if x.dtype == np.float16:  # two roundings in float16 could reach its 1-ulp budget
        return numerics.in_blocks(lambda w: (c := np.clip(w, -1e300, 1e300)) / (1 + np.abs(c)), x)
    largest = np.finfo(x.dtype).max
    c = np.clip(x, -largest, largest)
    return c / (1 + np.abs(c))  # in x's dtype: two roundings, within 1 ulp


@keras_signature
def softsign_derivative(x):
    """``softsign'(x) = 1 / (1 + |x|)^2``.

    Args:
        x: as for :func:`actlib.softsign`.

    Returns:
        np.ndarray: ``d softsign(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("softsign")([-2.0, 0.0, 2.0])
    array([0.1111, 1.    , 0.1111])
    """
    x = as_float_array(x)
    if x.dtype != np.float32:  # in the working precision, rounded once
        return numerics.in_blocks(lambda w: 1 / np.square(1 + np.abs(w)), x)
    # float32: 1 + |x| and its square in float64 (exact, then rounded once), the reciprocal in
    # float32: within 1.5 ulp (measured on 2e7 points), against 3.5 all in float32. The square
    # overflows float32 only where the result is below the normal range (0 is allowed there).
    y = np.abs(x, out=np.empty_like(x))
    with np.errstate(over="ignore"):
        np.multiply(t := np.add(y, 1, dtype=np.float64), t, out=y, casting="same_kind")
    return np.divide(1, y, out=y)


SOFTSIGN_RECORD = Activation(
    name="softsign",
    function=softsign,
    derivative=softsign_derivative,
    formula=r"\mathrm{softsign}(x) = \frac{x}{1 + |x|}",
    derivative_formula=r"\mathrm{softsign}'(x) = \frac{1}{(1 + |x|)^2}",
    keras_layer='keras.layers.Activation("softsign")',
    chapter=CHAPTER,
    typical_use="tanh with slower tails",
)


@keras_signature
def sparse_plus(x):
    """SparsePlus: 0 for ``x <= -1``, ``(x + 1)^2 / 4`` for ``-1 < x < 1``, ``x`` for ``x >= 1``.

    A softplus-like curve made of a parabola joining 0 and ``x``; its
    derivative is continuous.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``sparse_plus(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.sparse_plus([-2.0, 0.0, 2.0])
    array([0.  , 0.25, 2.  ])
    """
    x = as_float_array(x)

    def kernel(w):
        # The parabola on [-1, 1] (0 below, 1 at the top) plus the part of x above 1: the three
        # pieces without a branch, and no overflow outside [-1, 1].
        c = np.clip(w, -1, 1)
        return (c + 1) ** 2 / 4 + np.maximum(w - 1, 0)

    return numerics.in_blocks(kernel, x)


@keras_signature
def sparse_plus_derivative(x):
    """0 for ``x <= -1``, ``(x + 1) / 2`` for ``-1 < x < 1``, 1 for ``x >= 1``: continuous.

    Args:
        x: as for :func:`actlib.sparse_plus`.

    Returns:
        np.ndarray: ``d sparse_plus(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("sparse_plus")([-2.0, 0.0, 2.0])
    array([0. , 0.5, 1. ])
    """
    x = as_float_array(x)
    # In x's dtype: clip is exact, c + 1 is rounded once, / 2 is exact.
    return (np.clip(x, -1, 1) + x.dtype.type(1)) / x.dtype.type(2)


SPARSE_PLUS_RECORD = Activation(
    name="sparse_plus",
    function=sparse_plus,
    derivative=sparse_plus_derivative,
    formula=r"\mathrm{sparse\_plus}(x) = "
    + cases(("0", r"x \le -1"), (r"\tfrac{1}{4}(x + 1)^2", "-1 < x < 1"), ("x", r"x \ge 1")),
    derivative_formula=r"\mathrm{sparse\_plus}'(x) = "
    + cases(("0", r"x \le -1"), (r"\tfrac{1}{2}(x + 1)", "-1 < x < 1"), ("1", r"x \ge 1")),
    keras_layer='keras.layers.Activation("sparse_plus")',
    plot_range=(-3.0, 3.0),
    chapter=CHAPTER,
    typical_use="softplus with exact zeros",
    initialiser=HE,
)


@keras_signature
def sparse_sigmoid(x):
    """Sparse sigmoid: 0 for ``x <= -1``, ``(x + 1) / 2`` for ``-1 < x < 1``, 1 for ``x >= 1``.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``sparse_sigmoid(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.sparse_sigmoid([-2.0, 0.0, 0.5])
    array([0.  , 0.5 , 0.75])
    """
    x = as_float_array(x)
    # In x's dtype: clip is exact, c + 1 is rounded once, / 2 is exact.
    return (np.clip(x, -1, 1) + x.dtype.type(1)) / x.dtype.type(2)


@keras_signature
def sparse_sigmoid_derivative(x):
    """``1/2`` for ``-1 < x < 1``, else 0 (0 at both kinks, as TensorFlow).

    Args:
        x: as for :func:`actlib.sparse_sigmoid`.

    Returns:
        np.ndarray: ``d sparse_sigmoid(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("sparse_sigmoid")([-2.0, 0.0, 0.5])
    array([0. , 0.5, 0.5])
    """
    x = as_float_array(x)
    return numerics.ones_where((x > -1) & (x < 1), x) * x.dtype.type(0.5)


SPARSE_SIGMOID_RECORD = Activation(
    name="sparse_sigmoid",
    function=sparse_sigmoid,
    derivative=sparse_sigmoid_derivative,
    formula=r"\mathrm{sparse\_sigmoid}(x) = "
    + cases(("0", r"x \le -1"), (r"\tfrac{1}{2}(x + 1)", "-1 < x < 1"), ("1", r"x \ge 1")),
    derivative_formula=r"\mathrm{sparse\_sigmoid}'(x) = "
    + cases((r"\tfrac{1}{2}", "-1 < x < 1"), ("0", r"\text{otherwise}")),
    keras_layer='keras.layers.Activation("sparse_sigmoid")',
    plot_range=(-3.0, 3.0),
    chapter=CHAPTER,
    typical_use="sigmoid with exact 0 and 1",
)


@keras_signature
def squareplus(x, b=4):
    """Squareplus: ``(x + sqrt(x^2 + b)) / 2``, a smooth ReLU made of a square root.

    ``b >= 0`` must be finite; ``b = 0`` gives ReLU. For ``x < 0`` it is
    computed as ``b / (2 (sqrt(x^2 + b) - x))``, the same number without the
    cancellation that makes Keras return exactly 0 (or even ``inf``, when
    ``x^2`` overflows) for large negative ``x``.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.
        b: ``b >= 0``, finite: how much the corner at 0 is rounded (``b = 0`` gives ReLU).

    Returns:
        np.ndarray: ``squareplus(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.squareplus([-2.0, 0.0, 2.0])
    array([0.4142, 1.    , 2.4142])
    """
    x = as_float_array(x)
    b = check_squareplus_b(b)
    if b == 0:  # ReLU, exact
        return np.maximum(x, x.dtype.type(0))

    def kernel(w):
        # sqrt(x^2 + b) - |x| = b / (sqrt(x^2 + b) + |x|), so squareplus = max(x, 0) + that / 2:
        # no cancellation on either side and no branch. In place in one buffer (memory).
        y = np.multiply(w, w, out=np.empty_like(w))
        y += b
        np.sqrt(y, out=y)
        y += np.abs(w)
        np.divide(b / 2, y, out=y)
        y += np.clip(w, 0, np.inf)
        return y

    if x.dtype != np.float32 or b > 1e30 or float(np.float32(b)) != b:  # b exact in float32
        # In the working precision, which holds the square of any float32 (float64) or float64
        # (x86-64 long double).
        return numerics.in_blocks(kernel, x)
    # In float32 (about 2 ulp), except where x^2 + b could overflow: those few points in float64.
    with np.errstate(over="ignore"):  # x^2 beyond float32: those points are redone below
        y = kernel(x)
    large = np.flatnonzero(np.abs(x) > 1e15)
    if large.size:
        y.flat[large] = numerics.in_blocks(kernel, x.flat[large])
    return y


@keras_signature
def squareplus_derivative(x, b=4):
    """``squareplus'(x) = (1 + x / sqrt(x^2 + b)) / 2``.

    For ``x < 0`` computed as ``b / (2 r (r - x))`` with ``r = sqrt(x^2 + b)``,
    without cancellation. With ``b = 0`` (ReLU) the value at ``x = 0`` is
    1/2; TensorFlow gives NaN there (0/0 in the gradient of ``sqrt``).

    Args:
        x, b: as for :func:`actlib.squareplus`.

    Returns:
        np.ndarray: ``d squareplus(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("squareplus")([-2.0, 0.0, 2.0])
    array([0.1464, 0.5   , 0.8536])
    """
    x = as_float_array(x)
    b = check_squareplus_b(b)
    if b == 0:  # ReLU's derivative, 1/2 at 0
        w = numerics.working_precision(x)
        d = np.where(w == 0, 0.5, np.where(w > 0, 1, 0))
        return numerics.rounded(numerics.keep_nan(w, d), x.dtype)

    def kernel(w):
        # q = (1 - |x| / r) / 2 = (b / 2) / (r^2 + |x| r), r = sqrt(x^2 + b), has no cancellation;
        # the derivative is q for x < 0 and 1 - q for x >= 0: |indicator(x >= 0) - q|, no branch.
        # Where x^2 overflows (float32 beyond 1.8e19) q is 0, its limit to within the normal range.
        square = np.multiply(w, w, out=np.empty_like(w))
        square += b
        q = np.sqrt(square, out=np.empty_like(w))
        q *= np.abs(w)
        q += square
        np.divide(b / 2, q, out=q)
        np.subtract(w >= 0, q, out=q)
        return np.abs(q, out=q)

    if x.dtype != np.float32 or b > 1e30 or float(np.float32(b)) != b:  # b exact in float32
        return numerics.in_blocks(kernel, x)
    with np.errstate(over="ignore"):
        return kernel(x)


SQUAREPLUS_RECORD = Activation(
    name="squareplus",
    function=squareplus,
    derivative=squareplus_derivative,
    formula=r"\mathrm{squareplus}(x) = \frac{x + \sqrt{x^2 + b}}{2}",
    derivative_formula=r"\mathrm{squareplus}'(x) "
    r"= \frac{1}{2}\Bigl(1 + \frac{x}{\sqrt{x^2 + b}}\Bigr)",
    keras_layer='keras.layers.Activation("squareplus")',
    parameters={"b": 4},
    chapter=CHAPTER,
    typical_use="algebraic softplus",
    initialiser=HE,
    notes="b = 0 gives ReLU. Keras computes x + sqrt(x^2 + b) directly: 0 instead of about "
    "b / (4|x|) for large negative x in float32, and inf once x^2 overflows.",
)


@keras_signature
def hard_shrink(x, threshold=0.5):
    """Hard shrink: ``x`` where ``|x| > threshold``, else 0 (exact in any dtype).

    ``threshold`` must be finite and >= 0; like Keras, it is rounded to ``x``'s
    dtype for the comparison. NaN stays NaN (Keras returns 0).

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.
        threshold: ``>= 0``, finite: inputs with ``|x| <= threshold`` give 0.

    Returns:
        np.ndarray: ``hard_shrink(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.hard_shrink([-1.0, 0.25, 2.0])
    array([-1.,  0.,  2.])
    """
    x = as_float_array(x)
    t = numerics.threshold_in_dtype(check_shrink_threshold(threshold), x.dtype)
    return numerics.keep_nan(x, np.where(np.abs(x) > t, x, x.dtype.type(0)))


@keras_signature
def hard_shrink_derivative(x, threshold=0.5):
    """``1`` where ``|x| > threshold``, else 0 (0 at ``+-threshold``, as TensorFlow).

    Args:
        x, threshold: as for :func:`actlib.hard_shrink`.

    Returns:
        np.ndarray: ``d hard_shrink(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("hard_shrink")([-1.0, 0.25, 2.0])
    array([1., 0., 1.])
    """
    x = as_float_array(x)
    t = numerics.threshold_in_dtype(check_shrink_threshold(threshold), x.dtype)
    return numerics.ones_where(np.abs(x) > t, x)


HARD_SHRINK_RECORD = Activation(
    name="hard_shrink",
    function=hard_shrink,
    derivative=hard_shrink_derivative,
    formula=r"\mathrm{hard\_shrink}(x) = " + cases(("x", r"|x| > t"), ("0", r"|x| \le t")),
    derivative_formula=r"\mathrm{hard\_shrink}'(x) = " + cases(("1", r"|x| > t"), ("0", r"|x| < t")),
    keras_layer='keras.layers.Activation("hard_shrink")',
    plot_range=(-2.0, 2.0),
    parameters={"threshold": 0.5},
    chapter=CHAPTER,
    typical_use="sparse coding, denoising",
    notes="Discontinuous at +-threshold. Keras maps NaN to 0; actlib keeps NaN.",
)


@keras_signature
def soft_shrink(x, threshold=0.5):
    """Soft shrink: ``x - threshold`` above ``threshold``, ``x + threshold`` below ``-threshold``, else 0.

    ``threshold`` must be finite and >= 0. NaN stays NaN (Keras returns 0).

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.
        threshold: ``>= 0``, finite: inputs with ``|x| <= threshold`` give 0.

    Returns:
        np.ndarray: ``soft_shrink(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.soft_shrink([-1.0, 0.25, 2.0])
    array([-0.5,  0. ,  1.5])
    """
    x = as_float_array(x)
    t = check_shrink_threshold(threshold)
    # sign(x) * max(|x| - t, 0): both outer pieces and the dead zone without a branch; NaN stays NaN.
    return numerics.in_blocks(lambda w: np.copysign(np.maximum(np.abs(w) - t, 0), w), x)


@keras_signature
def soft_shrink_derivative(x, threshold=0.5):
    """``1`` where ``|x| > threshold``, else 0 (0 at ``+-threshold``, as TensorFlow).

    Args:
        x, threshold: as for :func:`actlib.soft_shrink`.

    Returns:
        np.ndarray: ``d soft_shrink(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("soft_shrink")([-1.0, 0.25, 2.0])
    array([1., 0., 1.])
    """
    return hard_shrink_derivative(x, threshold=threshold)


SOFT_SHRINK_RECORD = Activation(
    name="soft_shrink",
    function=soft_shrink,
    derivative=soft_shrink_derivative,
    formula=r"\mathrm{soft\_shrink}(x) = "
    + cases(("x - t", "x > t"), ("x + t", "x < -t"), ("0", r"|x| \le t")),
    derivative_formula=r"\mathrm{soft\_shrink}'(x) = " + cases(("1", r"|x| > t"), ("0", r"|x| < t")),
    keras_layer='keras.layers.Activation("soft_shrink")',
    plot_range=(-2.0, 2.0),
    parameters={"threshold": 0.5},
    chapter=CHAPTER,
    typical_use="sparse coding, denoising",
    notes="Keras maps NaN to 0; actlib keeps NaN.",
)
