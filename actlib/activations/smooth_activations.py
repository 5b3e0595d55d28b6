"""Smooth modern activations: GELU, SiLU (Swish), Mish, softplus, log-sigmoid and tanh-shrink.

Each activation sits whole in one place: its function, its derivative and its
registry record (:class:`actlib.activations.record.Activation`), side by side.
"""

import functools

import numpy as np
from scipy import special

from actlib import numerics
from actlib.activations.parameters import check_approximate
from actlib.activations.record import HE, Activation
from actlib.inputs import as_float_array, keras_signature

CHAPTER = "smooth_activations"


GELU_TANH_COEFFICIENT = "0.044715"  # a decimal string, read in the working precision


def gelu_tanh_argument(c):
    """``u = sqrt(2/pi) (c + 0.044715 c^3)``, with both constants in ``c``'s precision.

    Args:
        c: an array in the working precision (clipped to +-1000 by the callers).

    Returns:
        np.ndarray: ``u``, in ``c``'s precision.

    >>> gelu_tanh_argument(np.array([0.0, 1.0]))
    array([0.    , 0.8336])
    """
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

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.
        approximate: True for the tanh approximation, False (Keras' default here) for the exact form.

    Returns:
        np.ndarray: ``gelu(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.gelu([-2.0, 0.0, 2.0])
    array([-0.0455,  0.    ,  1.9545])
    >>> actlib.gelu([-2.0, 0.0, 2.0], approximate=True)
    array([-0.0454,  0.    ,  1.9546])
    """
    x = as_float_array(x)
    approximate = check_approximate(approximate)

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
def gelu_derivative(x, approximate=False):
    """Exact: ``Phi(x) + x * phi(x)``. Approximate: ``s + x * 2u' * s * (1 - s)``.

    ``phi`` is the standard normal density, ``s = sigmoid(2u)`` with
    ``u = sqrt(2/pi) (x + 0.044715 x^3)`` and ``u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2)``.
    Both tend to 0 at ``-inf`` and 1 at ``+inf``; both dip below 0 for
    negative ``x`` (GELU is not monotonic).

    Args:
        x, approximate: as for :func:`actlib.gelu`.

    Returns:
        np.ndarray: ``d gelu(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("gelu")([-2.0, 0.0, 2.0])
    array([-0.0852,  0.5   ,  1.0852])
    >>> actlib.derivative("gelu")([-2.0, 0.0, 2.0], approximate=True)
    array([-0.0861,  0.5   ,  1.0861])
    """
    x = as_float_array(x)
    approximate = check_approximate(approximate)

    def kernel(w):
        c = numerics.clipped(w)  # past |x| = 1000 the second term is exactly 0
        if approximate:
            u = 2 * gelu_tanh_argument(c)
            du = (
                2
                * np.sqrt(2 / numerics.constant(numerics.PI, c))
                * (1 + 3 * numerics.constant(GELU_TANH_COEFFICIENT, c) * c * c)
            )
            return numerics.sigmoid(u) + c * du * numerics.sigmoid_slope(u)
        if x.dtype != np.float64:  # scipy's normal CDF: within about 1e-14 in float64 (see gelu)
            return special.ndtr(w) + c * numerics.normal_pdf(c)
        return numerics.erfc(-w / np.sqrt(w.dtype.type(2))) / 2 + c * numerics.normal_pdf(c)

    return numerics.in_blocks(kernel, x)


GELU_RECORD = Activation(
    name="gelu",
    function=gelu,
    derivative=gelu_derivative,
    formula=r"\mathrm{gelu}(x) = x\,\Phi(x) "
    r"= \frac{x}{2}\Bigl(1 + \mathrm{erf}\bigl(x/\sqrt{2}\bigr)\Bigr)",
    derivative_formula=r"\mathrm{gelu}'(x) = \Phi(x) + x\,\varphi(x)",
    keras_layer='keras.layers.Activation("gelu")',
    parameters={"approximate": False},
    chapter=CHAPTER,
    typical_use="transformers",
    initialiser=HE,
    notes="approximate=True uses x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). "
    "keras.activations.gelu defaults to the exact form, keras.ops.gelu to the approximation.",
)


@keras_signature
def silu(x):
    """Sigmoid-weighted linear unit (Swish with beta = 1): ``silu(x) = x * sigmoid(x)``.

    ``keras.activations.swish`` is the same function; so is ``actlib.swish``.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``silu(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.silu([-2.0, 0.0, 2.0])
    array([-0.2384,  0.    ,  1.7616])
    """
    x = as_float_array(x)

    def kernel(w):
        # x / (1 + exp(-x)), with x capped at -1000 (where the result is 0) so that -inf gives 0,
        # not -inf / inf; exp overflowing to inf gives the right limit.
        c = np.clip(w, -1000, np.inf)  # (np.clip with two bounds is faster than np.maximum)
        e = np.exp(-c)
        e += 1
        return c / e

    return numerics.in_blocks(kernel, x)


swish = silu


@keras_signature
def silu_derivative(x):
    """``silu'(x) = s (1 + x (1 - s))`` with ``s = sigmoid(x)``; maximum about 1.0998 at x = 2.4.

    Args:
        x: as for :func:`actlib.silu`.

    Returns:
        np.ndarray: ``d silu(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("silu")([-2.0, 0.0, 2.0])
    array([-0.0908,  0.5   ,  1.0908])
    """
    x = as_float_array(x)

    def kernel(w):
        # s (1 + x (1 - s)) = (t + x e) / t^2 with e = exp(-x), t = 1 + e: one exp, one division,
        # no cancellation. Capped where e would overflow (about +-700 in float64); there the
        # result is 0 or 1 (t^2 may overflow: the result is then below every float32), and +-inf
        # give their limits.
        limit = numerics.exp_limit(w)
        c = np.clip(w, -limit, limit)
        e = np.exp(np.negative(c))
        t = e + 1
        e *= c
        e += t
        t *= t
        return np.divide(e, t, out=e)

    return numerics.in_blocks(kernel, x)


swish_derivative = silu_derivative


SILU_RECORD = Activation(
    name="silu",
    function=silu,
    derivative=silu_derivative,
    formula=r"\mathrm{silu}(x) = x\,\sigma(x) = \frac{x}{1 + e^{-x}}",
    derivative_formula=r"\mathrm{silu}'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
    keras_layer='keras.layers.Activation("silu")',
    chapter=CHAPTER,
    typical_use="convolutional nets, transformers",
    initialiser=HE,
    aliases=("swish",),
    notes="keras.activations.swish is the same function (Swish with beta = 1).",
)


@keras_signature
def mish(x):
    """Mish: ``mish(x) = x * tanh(softplus(x))``, ``softplus(x) = log(1 + e^x)``.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``mish(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.mish([-2.0, 0.0, 2.0])
    array([-0.2525,  0.    ,  1.944 ])
    """
    x = as_float_array(x)
    # x capped at -1000 in the product (the gate is 0 there): -inf gives 0, not -inf * 0.
    return numerics.in_blocks(lambda w: np.clip(w, -1000, np.inf) * numerics.tanh_softplus(w), x)


@keras_signature
def mish_derivative(x):
    """``mish'(x) = g + x * (1 - g^2) * sigmoid(x)`` with ``g = tanh(softplus(x))``.

    ``1 - g^2`` comes from :func:`actlib.numerics.sech2_softplus`, accurate
    where ``g`` rounds to 1.

    Args:
        x: as for :func:`actlib.mish`.

    Returns:
        np.ndarray: ``d mish(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("mish")([-2.0, 0.0, 2.0])
    array([-0.1084,  0.6   ,  1.0693])
    """
    x = as_float_array(x)

    def kernel(w):
        # Capped at 40, where the gate is 1 and the second term below 1e-32, and at -1000, where
        # both are 0: nothing overflows, and +-inf give their limits.
        c = np.clip(w, -1000, 40)
        return numerics.tanh_softplus(c) + c * numerics.sech2_softplus(c) * numerics.sigmoid(c)

    return numerics.in_blocks(kernel, x)


MISH_RECORD = Activation(
    name="mish",
    function=mish,
    derivative=mish_derivative,
    formula=r"\mathrm{mish}(x) = x \tanh\bigl(\mathrm{softplus}(x)\bigr)",
    derivative_formula=r"\mathrm{mish}'(x) = \tanh(\mathrm{sp}(x)) "
    r"+ x\,\mathrm{sech}^2(\mathrm{sp}(x))\,\sigma(x)",
    keras_layer='keras.layers.Activation("mish")',
    chapter=CHAPTER,
    typical_use="convolutional nets",
    initialiser=HE,
)


@keras_signature
def softplus(x):
    """Softplus: ``softplus(x) = log(1 + e^x)``, a smooth ReLU.

    Computed as ``max(x, 0) + log1p(exp(-|x|))``: no overflow for large
    ``x`` and full accuracy for very negative ``x``, where it is ``e^x``.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``softplus(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.softplus([-2.0, 0.0, 2.0])
    array([0.1269, 0.6931, 2.1269])
    """
    x = as_float_array(x)
    if x.dtype == np.float32:  # max(x, 0) + log1p(exp(-|x|)), the exp in float64 (see the helper)
        y = numerics.log1p_exp_minus_abs(x)
        y += np.clip(x, 0, np.inf)  # (np.clip with two bounds is faster than np.maximum)
        return y
    return numerics.in_blocks(numerics.softplus, x)


@keras_signature
def softplus_derivative(x):
    """``softplus'(x) = sigmoid(x)``.

    Args:
        x: as for :func:`actlib.softplus`.

    Returns:
        np.ndarray: ``d softplus(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("softplus")([-2.0, 0.0, 2.0])
    array([0.1192, 0.5   , 0.8808])
    """
    x = as_float_array(x)
    return numerics.in_blocks(numerics.sigmoid, x)


SOFTPLUS_RECORD = Activation(
    name="softplus",
    function=softplus,
    derivative=softplus_derivative,
    formula=r"\mathrm{softplus}(x) = \log\bigl(1 + e^{x}\bigr)",
    derivative_formula=r"\mathrm{softplus}'(x) = \sigma(x)",
    keras_layer='keras.layers.Activation("softplus")',
    chapter=CHAPTER,
    typical_use="positive outputs (a scale, a rate)",
    initialiser=HE,
)


@keras_signature
def log_sigmoid(x):
    """``log_sigmoid(x) = log(1 / (1 + e^{-x})) = -softplus(-x)``, always negative.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``log_sigmoid(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.log_sigmoid([-2.0, 0.0, 2.0])
    array([-2.1269, -0.6931, -0.1269])
    """
    x = as_float_array(x)
    # -softplus(-x) = min(x, 0) - log1p(exp(-|x|)): no overflow, no branch.
    if x.dtype == np.float32:  # the exp in float64 (see the helper)
        y = numerics.log1p_exp_minus_abs(x)
        return np.subtract(np.clip(x, -np.inf, 0), y, out=y)
    return numerics.in_blocks(lambda w: np.clip(w, -np.inf, 0) - np.log1p(np.exp(-np.abs(w))), x)


@keras_signature
def log_sigmoid_derivative(x):
    """``log_sigmoid'(x) = sigmoid(-x) = 1 - sigmoid(x)``: 1 at ``-inf``, 0 at ``+inf``.

    Args:
        x: as for :func:`actlib.log_sigmoid`.

    Returns:
        np.ndarray: ``d log_sigmoid(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("log_sigmoid")([-2.0, 0.0, 2.0])
    array([0.8808, 0.5   , 0.1192])
    """
    x = as_float_array(x)

    def kernel(w):
        # 1 / (1 + exp(x)); exp overflowing to inf gives the limit 0.
        e = np.exp(w)
        e += 1
        return np.divide(1, e, out=e)

    return numerics.in_blocks(kernel, x)


LOG_SIGMOID_RECORD = Activation(
    name="log_sigmoid",
    function=log_sigmoid,
    derivative=log_sigmoid_derivative,
    formula=r"\mathrm{log\_sigmoid}(x) = \log \sigma(x) = -\log\bigl(1 + e^{-x}\bigr)",
    derivative_formula=r"\mathrm{log\_sigmoid}'(x) = 1 - \sigma(x) = \sigma(-x)",
    keras_layer='keras.layers.Activation("log_sigmoid")',
    chapter=CHAPTER,
    typical_use="log-probabilities for losses",
)


# x - tanh(x) = x^3/3 - 2x^5/15 + 17x^7/315 - ... (the Taylor series of tanh), used for |x| < 0.1
TANH_SHRINK_SERIES = (
    1 / 3,
    -2 / 15,
    17 / 315,
    -62 / 2835,
    1382 / 155925,
    -21844 / 6081075,
    929569 / 638512875,
    -6404582 / 10854718875,
)


# float32 input: below this |x| a polynomial in x^2; above it, x - tanh(x) with NumPy's float32 tanh
# (within 1.4 ulp of tanh on the machines measured; NumPy's SIMD code differs between CPUs), whose
# relative error the subtraction magnifies at most tanh(x) / (x - tanh(x)) times, 1.5 at |x| = 1.5:
# the result stays within 1.9 ulp (1.01 measured on 10^7 points), inside the 4-ulp contract.
TANH_SHRINK_POLYNOMIAL_LIMIT = 1.5
TANH_SHRINK_POLYNOMIAL_DEGREE = 11  # in y = x^2: relative error below 1e-9 on [0, 1.5^2]


def tanh_shrink_over_cube(y):
    """``(x - tanh(x)) / x^3`` at ``x = sqrt(y)`` (the function the float32 polynomial fits).

    Below ``x = 0.1`` from :data:`TANH_SHRINK_SERIES`; above it from long double ``tanh``, whose
    subtraction loses at most ``3 / x^2 = 300`` ulps: about 1e-16 relative where long double has
    64 bits (x86), 7e-14 where it is float64 (Windows, Apple silicon); float32 needs 6e-8.

    Args:
        y: non-negative numbers, ``x^2``.

    Returns:
        np.ndarray: ``(x - tanh(x)) / x^3`` in float64 (1/3 at ``y = 0``).

    >>> tanh_shrink_over_cube([0.0, 1.0])
    array([0.3333, 0.2384])
    """
    x = np.sqrt(np.asarray(y, np.longdouble))
    series = np.polynomial.polynomial.polyval(x * x, TANH_SHRINK_SERIES)
    direct = (x - np.tanh(x)) / np.maximum(x, 0.1) ** 3
    return np.where(x < 0.1, series, direct).astype(np.float64)


@functools.cache
def numba_is_installed():
    """Whether numba imports; without it float32 :func:`tanh_shrink` takes the general path (slower).

    numba is a dependency of actlib, but it can lag behind a new Python or NumPy release; then
    ``import numba`` raises ImportError and tanh_shrink still answers, to the same contract.

    Returns:
        bool: True where ``import numba`` works.

    >>> numba_is_installed()
    True
    """
    try:
        import numba  # noqa: F401  (about 0.3 s, paid on the first float32 call only)
    except ImportError:
        return False
    return True


@functools.cache
def compiled_float32_tanh_shrink():
    """The compiled float32 loop of :func:`tanh_shrink`, built with numba on first use (about 0.5 s).

    ``loop(x, t)`` takes 1-d float32 ``x`` and ``t = np.tanh(x)`` and overwrites ``t`` with
    ``tanh_shrink(x)``: ``x^3 p(x^2)`` for ``|x| < 1.5`` (``p`` the degree-11 Chebyshev
    interpolant of :func:`tanh_shrink_over_cube`, evaluated in float64) and ``x - t`` above, each
    rounded to float32 once. One pass instead of NumPy's dozen, and no temporary arrays.

    Returns:
        A numba-compiled function ``loop(x, t)`` returning ``None``.

    >>> x = np.array([0.1, 2.0], np.float32)
    >>> t = np.tanh(x)
    >>> compiled_float32_tanh_shrink()(x, t)
    >>> t
    array([0.0003, 1.036 ], dtype=float32)
    """
    import numba  # imported here, not with actlib: only float32 tanh_shrink needs it

    fit = np.polynomial.Chebyshev.interpolate(
        tanh_shrink_over_cube, TANH_SHRINK_POLYNOMIAL_DEGREE, domain=[0, TANH_SHRINK_POLYNOMIAL_LIMIT**2]
    )
    highest_first = tuple(float(c) for c in fit.convert(kind=np.polynomial.Polynomial).coef[::-1])
    limit_squared = TANH_SHRINK_POLYNOMIAL_LIMIT**2

    # A tuple of constants (not an array) lets LLVM unroll Horner's rule and vectorise the loop;
    # "contract" allows fused multiply-adds, which only remove roundings.
    @numba.njit(fastmath={"contract"}, error_model="numpy")
    def loop(x, t):
        for i in range(x.size):
            w = np.float64(x[i])
            y = w * w
            p = 0.0
            for coefficient in highest_first:
                p = p * y + coefficient
            t[i] = np.float32(p * y * w if y < limit_squared else w - np.float64(t[i]))

    return loop


@keras_signature
def tanh_shrink(x):
    """Tanh shrink: ``x - tanh(x)``, about ``x^3 / 3`` near 0.

    The subtraction cancels near 0. float32 input runs one compiled loop
    (:func:`compiled_float32_tanh_shrink`): a polynomial for ``|x| < 1.5``,
    NumPy's float32 ``tanh`` subtracted above, within 2 ulp. Other input (and
    float32 where numba is missing) uses eight terms of the Taylor series for
    ``|x| < 0.1`` (the first omitted one is below 1e-19 of the sum) and
    subtracts in long double above, losing at most ``3/x^2`` ulps of it: 300
    at most, far below the result's own resolution. Keras subtracts in the
    input's dtype: in float32 its result for ``|x| < 1e-3`` is mostly rounding
    error.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``tanh_shrink(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.tanh_shrink([-2.0, 0.0, 0.1])
    array([-1.036 ,  0.    ,  0.0003])
    """
    x = as_float_array(x)
    if x.dtype == np.float32 and numba_is_installed():
        result = np.tanh(x, out=np.empty(x.shape, np.float32))  # C order, an array even for 0-d x
        compiled_float32_tanh_shrink()(np.ravel(x), result.reshape(-1))
        return result

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
def tanh_shrink_derivative(x):
    """``tanh_shrink'(x) = 1 - tanh'(x) = tanh(x)^2``: 0 at ``x = 0``, 1 at +-inf.

    TensorFlow computes ``1 - (1 - tanh^2)`` and so returns exactly 0 for
    ``|x|`` below about 2.4e-4 in float32.

    Args:
        x: as for :func:`actlib.tanh_shrink`.

    Returns:
        np.ndarray: ``d tanh_shrink(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("tanh_shrink")([-2.0, 0.0, 0.1])
    array([0.9293, 0.    , 0.0099])
    """
    x = as_float_array(x)
    if x.dtype == np.float32:
        # NumPy's float32 tanh is within 1.4 ulp, so its square within 3.3 (measured on 10^7
        # points): inside the contract, and 3x faster than float64.
        t = np.tanh(x)
        return t * t
    return numerics.rounded(np.tanh(numerics.working_precision(x)) ** 2, x.dtype)


TANH_SHRINK_RECORD = Activation(
    name="tanh_shrink",
    function=tanh_shrink,
    derivative=tanh_shrink_derivative,
    formula=r"\mathrm{tanh\_shrink}(x) = x - \tanh(x)",
    derivative_formula=r"\mathrm{tanh\_shrink}'(x) = \tanh^2(x)",
    keras_layer='keras.layers.Activation("tanh_shrink")',
    plot_range=(-4.0, 4.0),
    chapter=CHAPTER,
    typical_use="rarely used",
    notes="Keras subtracts in float32 and loses all accuracy for |x| below about 1e-3.",
)
