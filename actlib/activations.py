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
the work is done in the input's dtype; sigmoid, softmax and ReLU with
parameters are computed in float64 (softmax of float64 input in long double)
and rounded once, which costs time but removes the error of chaining several
float32 operations.
"""

import numpy as np
from scipy import special

from actlib import numerics
from actlib.inputs import as_float_array, check_real_number, keras_signature


def check_relu_parameters(negative_slope, max_value, threshold):
    """ReLU's parameters as floats: all finite (``max_value`` may be None), ``max_value >= 0``."""
    negative_slope = numerics.finite_parameter(negative_slope, "negative_slope")
    threshold = numerics.finite_parameter(threshold, "threshold")
    max_value = numerics.finite_parameter(max_value, "max_value", allow_none=True)
    if max_value is not None and max_value < 0:
        raise ValueError(
            f"max_value={max_value} is negative; it is the largest value relu may "
            "return and must be >= 0 (or None for no cap)."
        )
    return negative_slope, max_value, threshold


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
    """
    x = as_float_array(x)
    negative_slope, max_value, threshold = check_relu_parameters(negative_slope, max_value, threshold)
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        # The common case, exact in x's dtype. Zero first: NumPy then returns -0.0 for
        # x = -0.0, as TensorFlow's Relu kernel does.
        return np.maximum(x.dtype.type(0), x)
    # Like Keras, place the threshold and the cap at the nearest values of x's dtype, so
    # relu(float32(0.1), threshold=0.1) is 0 here as there. Then work in float64 and round
    # once, so the slope is not rounded to x's dtype.
    with np.errstate(over="ignore"):  # beyond the dtype's range they become +-inf, like in Keras
        threshold = float(x.dtype.type(threshold))
        max_value = None if max_value is None else float(x.dtype.type(max_value))
    w = x.astype(np.float64)
    # over: a large slope times x is beyond float64's range, and -inf is the answer.
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
    axes = numerics.reduction_axes(x, axis, "softmax")
    rows, shape = numerics.to_rows(x, axes)
    return numerics.from_rows(numerics.in_row_blocks(numerics.softmax_rows, rows, x.dtype), shape, axes)



# --- Beyond the guide: every other activation in keras.activations ---------------------------
# Same contract as above. Each function works in float64 (long double for float64 input), with
# the helpers of actlib.numerics, and rounds to the input's dtype once at the end.

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


@keras_signature
def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: ``x`` for ``x > 0``, ``negative_slope * x`` otherwise.

    ``negative_slope`` must be a finite real number (Keras' default 0.2 is
    larger than the 0.01 many papers use, and than Keras 2's LeakyReLU 0.3).
    """
    x = as_float_array(x)
    slope = numerics.finite_parameter(negative_slope, "negative_slope")
    if x.dtype != np.float16 and float(np.finfo(x.dtype).tiny) <= slope <= 1:
        # For a slope in (0, 1], max(x, slope * x) is x above 0 and slope * x below: no branch, no
        # copy in more precision, one rounding of the product (plus half an ulp for the slope's).
        return np.maximum(x, x * x.dtype.type(slope))
    w = numerics.working_precision(x)
    with np.errstate(over="ignore"):  # a large slope times x beyond the working range: -inf is the answer
        negative = w * slope if slope != 0 else np.zeros_like(w)  # 0 * -inf would be NaN
    return numerics.rounded(numerics.keep_nan(w, np.where(w > 0, w, negative)), x.dtype)



@keras_signature
def relu6(x):
    """ReLU capped at 6: ``min(max(x, 0), 6)`` (exact in any dtype)."""
    x = as_float_array(x)
    return np.clip(x, x.dtype.type(0), x.dtype.type(6))



@keras_signature
def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise.

    ``alpha`` scales the *negative* branch, which tends to ``-alpha`` as
    ``x -> -inf`` (Keras' docstring calls it the slope of the positive
    section, which it is not). ``expm1`` keeps full accuracy near 0.
    """
    x = as_float_array(x)
    alpha = numerics.finite_parameter(alpha, "alpha")
    # max(x, 0) + alpha * expm1(min(x, 0)): each term is 0 where the other applies, so both
    # branches come without np.where (slow: several ns an element).
    return numerics.in_blocks(lambda w: np.maximum(w, 0) + alpha * np.expm1(np.minimum(w, 0)), x)



@keras_signature
def selu(x):
    """Scaled ELU: ``scale * x`` for ``x > 0``, ``scale * alpha * (exp(x) - 1)`` otherwise.

    ``alpha = 1.6732632423543772`` and ``scale = 1.0507009873554805`` (Klambauer
    et al., 2017) make zero mean and unit variance a fixed point for
    standard-normal inputs.
    """
    x = as_float_array(x)
    # As elu: max(x, 0) + alpha * expm1(min(x, 0)) needs no branch.
    return numerics.in_blocks(
        lambda w: SELU_SCALE * (np.maximum(w, 0) + SELU_ALPHA * np.expm1(np.minimum(w, 0))), x)



def check_celu_alpha(alpha):
    """CELU's ``alpha`` as a float: finite and non-zero, since celu divides ``x`` by it."""
    alpha = numerics.finite_parameter(alpha, "alpha")
    if alpha == 0:
        raise ValueError("alpha=0 is not allowed: celu divides x by alpha; use a non-zero alpha.")
    return alpha


@keras_signature
def celu(x, alpha=1.0):
    """Continuously differentiable ELU: ``max(x, 0) + alpha * (exp(min(x, 0) / alpha) - 1)``.

    ``alpha`` must be finite and non-zero (it divides ``x``). For ``alpha > 0``
    the negative branch tends to ``-alpha``; Keras also accepts ``alpha < 0``,
    where that branch falls without bound, and so does this function.
    """
    x = as_float_array(x)
    alpha = check_celu_alpha(alpha)
    # alpha < 0: expm1 overflows to inf, the right limit (in_blocks silences the overflow).
    return numerics.in_blocks(lambda w: np.maximum(w, 0) + alpha * np.expm1(np.minimum(w, 0) / alpha), x)



GELU_TANH_COEFFICIENT = "0.044715"  # a decimal string, read in the working precision


def gelu_tanh_argument(c):
    """``u = sqrt(2/pi) (c + 0.044715 c^3)``, with both constants in ``c``'s precision."""
    coefficient = numerics.constant(GELU_TANH_COEFFICIENT, c)
    return np.sqrt(2 / numerics.constant(numerics.PI, c)) * (c + coefficient * c**3)


@keras_signature
def gelu(x, approximate=False):
    """Gaussian error linear unit: ``x * Phi(x)``, ``Phi`` the standard normal CDF.

    Exact (Keras' default here, ``approximate=False``)::

        gelu(x) = x / 2 * erfc(-x / sqrt(2))

    With ``approximate=True``, the tanh formula of Hendrycks and Gimpel::

        gelu(x) = x / 2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))

    computed as ``x * sigmoid(2u)``, the same number without the cancellation
    of ``1 + tanh(u)`` for negative ``u``. Note that ``keras.ops.gelu``
    defaults to ``approximate=True``, ``keras.activations.gelu`` to False.
    """
    x = as_float_array(x)
    approximate = numerics.bool_parameter(approximate, "approximate")

    def kernel(w):
        if approximate:
            return numerics.times_gate(w, numerics.sigmoid(2 * gelu_tanh_argument(numerics.clipped(w))))
        if x.dtype != np.float64:
            # scipy's normal CDF in float64 is within about 1e-14 of Phi: far below float32's
            # resolution. x is capped at -1000 in the product, where Phi is 0: -inf gives 0, not NaN.
            return np.maximum(w, -1000) * special.ndtr(w)
        # float64 input, in long double: scipy's float64 erfc is ~300 ulp off far in the tail.
        return numerics.times_gate(w, numerics.erfc(-w / np.sqrt(w.dtype.type(2))) / 2)

    return numerics.in_blocks(kernel, x)



@keras_signature
def silu(x):
    """Sigmoid-weighted linear unit (Swish with beta = 1): ``silu(x) = x * sigmoid(x)``.

    ``keras.activations.swish`` is the same function; so is ``actlib.swish``.
    """
    x = as_float_array(x)
    # x / (1 + exp(-x)), with x capped at -1000 (where the result is 0) so that -inf gives 0, not
    # -inf / inf; exp overflowing to inf gives the right limit.
    return numerics.in_blocks(lambda w: (c := np.maximum(w, -1000)) * numerics.sigmoid(c), x)



swish = silu


@keras_signature
def mish(x):
    """Mish: ``mish(x) = x * tanh(softplus(x))``, ``softplus(x) = log(1 + e^x)``."""
    x = as_float_array(x)
    # x capped at -1000 in the product (the gate is 0 there): -inf gives 0, not -inf * 0.
    return numerics.in_blocks(lambda w: np.maximum(w, -1000) * numerics.tanh_softplus(w), x)



@keras_signature
def softplus(x):
    """Softplus: ``softplus(x) = log(1 + e^x)``, a smooth ReLU.

    Computed as ``max(x, 0) + log1p(exp(-|x|))``: no overflow for large
    ``x`` and full accuracy for very negative ``x``, where it is ``e^x``.
    """
    x = as_float_array(x)
    return numerics.in_blocks(numerics.softplus, x)



@keras_signature
def hard_sigmoid(x):
    """Keras 3's hard sigmoid: ``relu6(x + 3) / 6``.

    That is 0 for ``x <= -3``, 1 for ``x >= 3`` and ``x/6 + 1/2`` between.

    Keras 2 used ``clip(0.2 x + 0.5, 0, 1)``, which reaches 0 and 1 at
    ``x = -+2.5``: old models change behaviour when loaded in Keras 3.
    """
    x = as_float_array(x)
    return numerics.in_blocks(lambda w: np.clip(w + 3, 0, 6) / 6, x)



@keras_signature
def hard_silu(x):
    """Hard SiLU (hard swish): ``x * hard_sigmoid(x)``.

    0 for ``x <= -3``, ``x`` for ``x >= 3`` and ``x (x + 3) / 6`` between: piecewise
    *quadratic*, not piecewise linear as Keras' docstring says.
    ``keras.activations.hard_swish`` is the same function.
    """
    x = as_float_array(x)
    # x capped at -3 in the product (the gate is 0 there): -inf gives 0, not -inf * 0.
    return numerics.in_blocks(lambda w: np.maximum(w, -3) * (np.clip(w + 3, 0, 6) / 6), x)



hard_swish = hard_silu


@keras_signature
def hard_tanh(x):
    """Hard tanh: ``clip(x, -1, 1)`` (exact in any dtype)."""
    x = as_float_array(x)
    return np.clip(x, x.dtype.type(-1), x.dtype.type(1))


@keras_signature
def softsign(x):
    """Softsign: ``x / (1 + |x|)``, tending to -+1 like ``1/|x|`` (tanh does exponentially)."""
    x = as_float_array(x)
    # x clipped to +-1e300 (where the result is +-1 in every dtype): +-inf gives +-1, not inf / inf.
    return numerics.in_blocks(lambda w: (c := np.clip(w, -1e300, 1e300)) / (1 + np.abs(c)), x)



@keras_signature
def sparse_plus(x):
    """SparsePlus: 0 for ``x <= -1``, ``(x + 1)^2 / 4`` for ``-1 < x < 1``, ``x`` for ``x >= 1``.

    A softplus-like curve made of a parabola joining 0 and ``x``; its
    derivative is continuous.
    """
    x = as_float_array(x)

    def kernel(w):
        # The parabola on [-1, 1] (0 below, 1 at the top) plus the part of x above 1: the three
        # pieces without a branch, and no overflow outside [-1, 1].
        c = np.clip(w, -1, 1)
        return (c + 1) ** 2 / 4 + np.maximum(w - 1, 0)

    return numerics.in_blocks(kernel, x)



@keras_signature
def sparse_sigmoid(x):
    """Sparse sigmoid: 0 for ``x <= -1``, ``(x + 1) / 2`` for ``-1 < x < 1``, 1 for ``x >= 1``."""
    x = as_float_array(x)
    return numerics.in_blocks(lambda w: np.clip((w + 1) / 2, 0, 1), x)



@keras_signature
def squareplus(x, b=4):
    """Squareplus: ``(x + sqrt(x^2 + b)) / 2``, a smooth ReLU made of a square root.

    ``b >= 0`` must be finite; ``b = 0`` gives ReLU. For ``x < 0`` it is
    computed as ``b / (2 (sqrt(x^2 + b) - x))``, the same number without the
    cancellation that makes Keras return exactly 0 (or even ``inf``, when
    ``x^2`` overflows) for large negative ``x``.
    """
    x = as_float_array(x)
    b = numerics.finite_parameter(b, "b", minimum=0)
    if b == 0:  # ReLU, exact
        return np.maximum(x, x.dtype.type(0))

    def kernel(w):
        # sqrt(x^2 + b) - |x| = b / (sqrt(x^2 + b) + |x|), so squareplus = max(x, 0) + that / 2:
        # no cancellation on either side and no branch. x^2 cannot overflow: the working precision
        # has room for the square of any float32 (float64) or float64 (x86-64 long double).
        root = np.sqrt(w * w + b)
        return np.maximum(w, 0) + b / (2 * (root + np.abs(w)))

    return numerics.in_blocks(kernel, x)



@keras_signature
def log_softmax(x, axis=-1):
    """``log_softmax(x)_i = x_i - log(sum_j exp(x_j))`` along ``axis`` (an integer or a tuple).

    Entries equal to ``-inf`` give ``-inf``; if some entries are ``+inf`` they
    get ``log(1/k)`` (``k`` of them) and the rest ``-inf``; a slice that is all
    ``-inf`` or contains NaN gives NaN.
    """
    x = as_float_array(x)
    axes = numerics.reduction_axes(x, axis, "log_softmax")
    rows, shape = numerics.to_rows(x, axes)
    return numerics.from_rows(numerics.in_row_blocks(numerics.log_softmax_rows, rows, x.dtype), shape, axes)



@keras_signature
def log_sigmoid(x):
    """``log_sigmoid(x) = log(1 / (1 + e^{-x})) = -softplus(-x)``, always negative."""
    x = as_float_array(x)
    return numerics.in_blocks(lambda w: -numerics.softplus(-w), x)



@keras_signature
def sparsemax(x, axis=-1):
    """Sparsemax along ``axis`` (an integer): the Euclidean projection of ``x`` onto the simplex.

    Like softmax its outputs are >= 0 and sum to 1, but entries more than
    about 1 below the largest get exactly 0. ``+inf`` entries share 1 equally;
    a slice that is all ``-inf`` or contains NaN gives NaN.
    """
    x = as_float_array(x)
    axes = numerics.reduction_axes(x, axis, "sparsemax", single=True)
    rows, shape = numerics.to_rows(x, axes)
    return numerics.from_rows(numerics.in_row_blocks(numerics.sparsemax_rows, rows, x.dtype), shape, axes)



@keras_signature
def glu(x, axis=-1):
    """Gated linear unit: split ``x`` along ``axis`` into halves ``a, b``; ``glu(x) = a * sigmoid(b)``.

    The output's ``axis`` is half as long as the input's. An infinite ``a``
    with a finite ``b`` gives that infinity; ``a = +-inf`` with ``b = -inf``
    has no limit and gives NaN.
    """
    x = as_float_array(x)
    a, b = numerics.glu_halves(x, axis)

    def kernel(a, b):
        # a / (1 + exp(-b)) gives every limit without a branch: a = +-inf with a finite b stays
        # infinite, b = -inf gives 0 (inf / inf = NaN when a is infinite too).
        with np.errstate(invalid="ignore"):
            return a / (1 + np.exp(-b))

    return numerics.in_blocks(kernel, a, b)



@keras_signature
def exponential(x):
    """``exponential(x) = e^x``; overflows to ``inf`` above about 88.72 in float32 (11.09 in float16)."""
    x = as_float_array(x)
    with np.errstate(over="ignore"):  # e^x beyond the dtype's range: inf is the answer
        if x.dtype == np.float32:
            # NumPy's float32 exp is within 2.4 ulp (measured on 10^7 points), inside the contract.
            return np.exp(x)
        return numerics.rounded(np.exp(numerics.working_precision(x)), x.dtype)



@keras_signature
def linear(x):
    """The identity, ``linear(x) = x``, returned as a new array (integers become float32)."""
    return as_float_array(x).copy()


def check_shrink_threshold(threshold):
    """A shrink function's threshold: a finite real number >= 0."""
    return numerics.finite_parameter(threshold, "threshold", minimum=0)


@keras_signature
def hard_shrink(x, threshold=0.5):
    """Hard shrink: ``x`` where ``|x| > threshold``, else 0 (exact in any dtype).

    ``threshold`` must be finite and >= 0; like Keras, it is rounded to ``x``'s
    dtype for the comparison. NaN stays NaN (Keras returns 0).
    """
    x = as_float_array(x)
    t = numerics.threshold_in_dtype(check_shrink_threshold(threshold), x.dtype)
    return numerics.keep_nan(x, np.where(np.abs(x) > t, x, x.dtype.type(0)))


@keras_signature
def soft_shrink(x, threshold=0.5):
    """Soft shrink: ``x - threshold`` above ``threshold``, ``x + threshold`` below ``-threshold``, else 0.

    ``threshold`` must be finite and >= 0. NaN stays NaN (Keras returns 0).
    """
    x = as_float_array(x)
    t = check_shrink_threshold(threshold)
    # sign(x) * max(|x| - t, 0): both outer pieces and the dead zone without a branch; NaN stays NaN.
    return numerics.in_blocks(lambda w: np.copysign(np.maximum(np.abs(w) - t, 0), w), x)



# x - tanh(x) = x^3/3 - 2x^5/15 + 17x^7/315 - ... (the Taylor series of tanh), used for |x| < 0.1
TANH_SHRINK_SERIES = (1 / 3, -2 / 15, 17 / 315, -62 / 2835, 1382 / 155925, -21844 / 6081075,
                      929569 / 638512875, -6404582 / 10854718875)


@keras_signature
def tanh_shrink(x):
    """Tanh shrink: ``x - tanh(x)``, about ``x^3 / 3`` near 0.

    The subtraction cancels near 0, so ``|x| < 0.1`` uses eight terms of the
    Taylor series (the first omitted one is below 1e-19 of the sum) and
    larger ``|x|`` subtracts in the working precision (long double for
    float64 input), losing at most ``3/x^2`` ulps of it: 300 at most, far
    below the result's own resolution. Keras subtracts in the input's dtype: in
    float32 its result for ``|x| < 1e-3`` is mostly rounding error.
    """
    x = as_float_array(x)

    def kernel(w):
        y = w - np.tanh(w)
        small = np.flatnonzero(np.abs(w) < 0.1)  # few points: the series only there
        s = w[small]
        series = np.zeros_like(s)
        for coefficient in reversed(TANH_SHRINK_SERIES):
            series = series * (s * s) + coefficient
        y[small] = series * (s * s) * s
        return y

    return numerics.in_blocks(kernel, x)



@keras_signature
def threshold(x, threshold, default_value):
    """``x`` where ``x > threshold``, else ``default_value`` (both required, as in Keras).

    Neither may be NaN. The comparison is made in ``x``'s dtype, with
    ``threshold`` rounded to it, as TensorFlow does (a threshold beyond the
    dtype's range compares as the exact value: see
    :func:`actlib.numerics.threshold_in_dtype`). NaN stays NaN (Keras
    returns ``default_value``). ``threshold=1.0, default_value=0.0`` is
    Keras 2's ``ThresholdedReLU`` layer.
    """
    x = as_float_array(x)
    t = numerics.threshold_in_dtype(check_real_number(threshold, "threshold"), x.dtype)
    default = check_real_number(default_value, "default_value")
    with np.errstate(over="ignore"):  # a default value beyond float16's range rounds to +-inf
        default = x.dtype.type(default)
    return numerics.keep_nan(x, np.where(x > t, x, default))
