"""The ReLU family: Leaky ReLU, ReLU6, ELU, SELU, CELU and the thresholded ReLU.

Each activation sits whole in one place: its function, its derivative and its
registry record (:class:`actlib.activations.record.Activation`), side by side.
"""

import numpy as np

from actlib import numerics
from actlib.activations.parameters import (
    check_celu_alpha,
    check_elu_alpha,
    check_negative_slope,
    check_threshold_parameters,
)
from actlib.activations.record import HE, LECUN_NORMAL, Activation, cases
from actlib.inputs import as_float_array, keras_signature

CHAPTER = "relu_family"


@keras_signature
def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: ``x`` for ``x > 0``, ``negative_slope * x`` otherwise.

    ``negative_slope`` must be a finite real number (Keras' default 0.2 is
    larger than the 0.01 many papers use, and than Keras 2's LeakyReLU 0.3).

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.
        negative_slope: the slope for ``x <= 0``, a finite real number (Keras' default 0.2).

    Returns:
        np.ndarray: ``leaky_relu(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.leaky_relu([-1.0, 2.0])
    array([-0.2,  2. ])
    """
    x = as_float_array(x)
    slope = check_negative_slope(negative_slope)
    if x.dtype != np.float16 and float(np.finfo(x.dtype).tiny) <= slope <= 1:
        # For a slope in (0, 1], max(x, slope * x) is x above 0 and slope * x below: no branch, no
        # copy in more precision, one rounding of the product (plus half an ulp for the slope's).
        return np.maximum(x, x * x.dtype.type(slope))
    w = numerics.working_precision(x)
    with np.errstate(over="ignore"):  # a large slope times x beyond the working range: -inf is the answer
        negative = w * slope if slope != 0 else np.zeros_like(w)  # 0 * -inf would be NaN
    return numerics.rounded(numerics.keep_nan(w, np.where(w > 0, w, negative)), x.dtype)


@keras_signature
def leaky_relu_derivative(x, negative_slope=0.2):
    """``1`` for ``x > 0``, ``negative_slope`` for ``x <= 0`` (TensorFlow's value at 0).

    Args:
        x, negative_slope: as for :func:`actlib.leaky_relu`.

    Returns:
        np.ndarray: ``d leaky_relu(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("leaky_relu")([-1.0, 2.0])
    array([0.2, 1. ])
    """
    x = as_float_array(x)
    slope = check_negative_slope(negative_slope)
    if 0 <= slope <= 1:
        # max(indicator(x > 0), slope) is 1 above 0 and the slope (exactly, in x's dtype) below,
        # without np.where (slow: several ns an element).
        return numerics.keep_nan(x, np.maximum((x > 0).astype(x.dtype), x.dtype.type(slope)))
    return numerics.rounded(numerics.keep_nan(x, np.where(x > 0, 1.0, slope)), x.dtype)


LEAKY_RELU_RECORD = Activation(
    name="leaky_relu",
    function=leaky_relu,
    derivative=leaky_relu_derivative,
    formula=r"\mathrm{leaky\_relu}(x) = " + cases(("x", "x > 0"), (r"a\,x", r"x \le 0")),
    derivative_formula=r"\mathrm{leaky\_relu}'(x) = " + cases(("1", "x > 0"), ("a", r"x \le 0")),
    keras_layer="keras.layers.LeakyReLU(negative_slope=0.2)",
    parameters={"negative_slope": 0.2},
    chapter=CHAPTER,
    typical_use="hidden layers, against dead units",
    initialiser=HE,
    notes="Keras 3's default slope is 0.2 (Keras 2's LeakyReLU layer used alpha=0.3). "
    "PReLU is the same formula with a learned slope per unit; Keras has it only as a "
    "layer, keras.layers.PReLU(), not in keras.activations.",
)


@keras_signature
def relu6(x):
    """ReLU capped at 6: ``min(max(x, 0), 6)`` (exact in any dtype).

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``relu6(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.relu6([-1.0, 3.0, 8.0])
    array([0., 3., 6.])
    """
    x = as_float_array(x)
    return np.clip(x, x.dtype.type(0), x.dtype.type(6))


@keras_signature
def relu6_derivative(x):
    """``1`` for ``0 < x < 6``, else ``0`` (0 at both kinks, as TensorFlow's ``Relu6Grad``).

    Args:
        x: as for :func:`actlib.relu6`.

    Returns:
        np.ndarray: ``d relu6(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("relu6")([-1.0, 3.0, 8.0])
    array([0., 1., 0.])
    """
    x = as_float_array(x)
    return numerics.ones_where((x > 0) & (x < 6), x)


RELU6_RECORD = Activation(
    name="relu6",
    function=relu6,
    derivative=relu6_derivative,
    formula=r"\mathrm{relu6}(x) = \min(\max(x, 0), 6)",
    derivative_formula=r"\mathrm{relu6}'(x) = " + cases(("1", "0 < x < 6"), ("0", r"\text{otherwise}")),
    keras_layer="keras.layers.ReLU(max_value=6.0)",
    plot_range=(-3.0, 9.0),
    chapter=CHAPTER,
    typical_use="mobile and quantised networks",
    initialiser=HE,
)


SELU_ALPHA = 1.6732632423543772848170429916717


SELU_SCALE = 1.0507009873554804934193349852946


@keras_signature
def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise.

    ``alpha`` scales the *negative* branch, which tends to ``-alpha`` as
    ``x -> -inf`` (Keras' docstring calls it the slope of the positive
    section, which it is not). ``expm1`` keeps full accuracy near 0.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.
        alpha: the scale of the negative branch, which tends to ``-alpha``; finite.

    Returns:
        np.ndarray: ``elu(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.elu([-2.0, 0.0, 2.0])
    array([-0.8647,  0.    ,  2.    ])
    """
    x = as_float_array(x)
    alpha = check_elu_alpha(alpha)
    # max(x, 0) + alpha * expm1(min(x, 0)): each term is 0 where the other applies, so both
    # branches come without np.where (slow: several ns an element).
    return numerics.in_blocks(lambda w: np.maximum(w, 0) + alpha * np.expm1(np.minimum(w, 0)), x)


@keras_signature
def elu_derivative(x, alpha=1.0):
    """``1`` for ``x > 0``, ``alpha * exp(x)`` for ``x <= 0``.

    At ``x = 0`` this gives ``alpha``, as TensorFlow does (for ``alpha = 1``
    both sides agree and ELU is continuously differentiable).

    Args:
        x, alpha: as for :func:`actlib.elu`.

    Returns:
        np.ndarray: ``d elu(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("elu")([-2.0, 0.0, 2.0])
    array([0.1353, 1.    , 1.    ])
    """
    x = as_float_array(x)
    alpha = check_elu_alpha(alpha)
    # alpha * exp(min(x, 0)) is alpha above 0 too: adding (1 - alpha) there gives 1 without a branch.
    return numerics.in_blocks(lambda w: alpha * np.exp(np.minimum(w, 0)) + (1 - alpha) * (w > 0), x)


ELU_RECORD = Activation(
    name="elu",
    function=elu,
    derivative=elu_derivative,
    formula=r"\mathrm{elu}(x) = " + cases(("x", "x > 0"), (r"\alpha\,(e^{x} - 1)", r"x \le 0")),
    derivative_formula=r"\mathrm{elu}'(x) = " + cases(("1", "x > 0"), (r"\alpha\,e^{x}", r"x \le 0")),
    keras_layer="keras.layers.ELU(alpha=1.0)",
    parameters={"alpha": 1.0},
    chapter=CHAPTER,
    typical_use="hidden layers, negative outputs",
    initialiser=HE,
    notes="alpha scales the negative branch (limit -alpha); Keras' docstring calls it the "
    "slope of the positive section.",
)


@keras_signature
def selu(x):
    """Scaled ELU: ``scale * x`` for ``x > 0``, ``scale * alpha * (exp(x) - 1)`` otherwise.

    ``alpha = 1.6732632423543772`` and ``scale = 1.0507009873554805`` (Klambauer
    et al., 2017) make zero mean and unit variance a fixed point for
    standard-normal inputs.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.

    Returns:
        np.ndarray: ``selu(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.selu([-2.0, 0.0, 2.0])
    array([-1.5202,  0.    ,  2.1014])
    """
    x = as_float_array(x)
    # As elu: max(x, 0) + alpha * expm1(min(x, 0)) needs no branch.
    return numerics.in_blocks(
        lambda w: SELU_SCALE * (np.maximum(w, 0) + SELU_ALPHA * np.expm1(np.minimum(w, 0))), x
    )


@keras_signature
def selu_derivative(x):
    """``scale`` for ``x >= 0``, ``scale * alpha * exp(x)`` for ``x < 0``.

    At ``x = 0`` TensorFlow's ``SeluGrad`` gives ``scale`` (it tests the
    output for ``< 0``), so this does too.

    Args:
        x: as for :func:`actlib.selu`.

    Returns:
        np.ndarray: ``d selu(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("selu")([-2.0, 0.0, 2.0])
    array([0.2379, 1.0507, 1.0507])
    """
    x = as_float_array(x)
    # As elu_derivative: the x >= 0 side is the x < 0 formula at 0 plus a constant, so no branch.
    return numerics.in_blocks(
        lambda w: SELU_SCALE * (SELU_ALPHA * np.exp(np.minimum(w, 0)) + (1 - SELU_ALPHA) * (w >= 0)), x
    )


SELU_RECORD = Activation(
    name="selu",
    function=selu,
    derivative=selu_derivative,
    formula=r"\mathrm{selu}(x) = \lambda "
    + cases(("x", "x > 0"), (r"\alpha\,(e^{x} - 1)", r"x \le 0"))
    + r",\ \alpha \approx 1.6733,\ \lambda \approx 1.0507",
    derivative_formula=r"\mathrm{selu}'(x) = \lambda "
    + cases(("1", r"x \ge 0"), (r"\alpha\,e^{x}", "x < 0")),
    keras_layer='keras.layers.Activation("selu")',
    chapter=CHAPTER,
    typical_use="self-normalising dense stacks",
    initialiser=LECUN_NORMAL,
    notes="Self-normalising only with keras.initializers.LecunNormal and AlphaDropout.",
)


@keras_signature
def celu(x, alpha=1.0):
    """Continuously differentiable ELU: ``max(x, 0) + alpha * (exp(min(x, 0) / alpha) - 1)``.

    ``alpha`` must be finite and non-zero (it divides ``x``). For ``alpha > 0``
    the negative branch tends to ``-alpha``; Keras also accepts ``alpha < 0``,
    where that branch falls without bound, and so does this function.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.
        alpha: the scale of the negative branch; finite and non-zero.

    Returns:
        np.ndarray: ``celu(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.celu([-2.0, 0.0, 2.0], alpha=2.0)
    array([-1.2642,  0.    ,  2.    ])
    """
    x = as_float_array(x)
    alpha = check_celu_alpha(alpha)
    # alpha < 0: expm1 overflows to inf, the right limit (in_blocks silences the overflow).
    return numerics.in_blocks(lambda w: np.maximum(w, 0) + alpha * np.expm1(np.minimum(w, 0) / alpha), x)


@keras_signature
def celu_derivative(x, alpha=1.0):
    """``1`` for ``x >= 0``, ``exp(x / alpha)`` for ``x < 0``: continuous, 1 at ``x = 0``.

    TensorFlow's gradient of Keras' formula gives 2 at ``x = 0``: both
    ``max(x, 0)`` and ``min(x, 0)`` pass the full gradient at a tie, so the
    two branches' slopes (1 each) are added. The true derivative is 1.

    Args:
        x, alpha: as for :func:`actlib.celu`.

    Returns:
        np.ndarray: ``d celu(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("celu")([-2.0, 0.0, 2.0], alpha=2.0)
    array([0.3679, 1.    , 1.    ])
    """
    x = as_float_array(x)
    alpha = check_celu_alpha(alpha)
    # exp(min(x, 0) / alpha) is 1 for x >= 0; alpha < 0: exp overflows to inf, the right limit.
    return numerics.in_blocks(lambda w: np.exp(np.minimum(w, 0) / alpha), x)


CELU_RECORD = Activation(
    name="celu",
    function=celu,
    derivative=celu_derivative,
    formula=r"\mathrm{celu}(x) = \max(x, 0) + \alpha\,\bigl(e^{\min(x, 0)/\alpha} - 1\bigr)",
    derivative_formula=r"\mathrm{celu}'(x) = " + cases(("1", r"x \ge 0"), (r"e^{x/\alpha}", "x < 0")),
    keras_layer='keras.layers.Activation("celu")',
    parameters={"alpha": 1.0},
    chapter=CHAPTER,
    typical_use="ELU with a continuous derivative",
    initialiser=HE,
    notes="tf.GradientTape gives 2 at x = 0 (the slopes of max and min are added at the "
    "tie); the derivative there is 1.",
)


@keras_signature
def threshold(x, threshold, default_value):
    """``x`` where ``x > threshold``, else ``default_value`` (both required, as in Keras).

    Neither may be NaN. The comparison is made in ``x``'s dtype, with
    ``threshold`` rounded to it, as TensorFlow does (a threshold beyond the
    dtype's range compares as the exact value: see
    :func:`actlib.numerics.threshold_in_dtype`). NaN stays NaN (Keras
    returns ``default_value``). ``threshold=1.0, default_value=0.0`` is
    Keras 2's ``ThresholdedReLU`` layer.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow tensor of real numbers.
        threshold: the value ``x`` must exceed to pass through (required; not NaN).
        default_value: the output where it does not (required; not NaN).

    Returns:
        np.ndarray: ``threshold(x)``, the shape of ``x``, in ``x``'s float dtype (float32 for integers).

    >>> actlib.threshold([-1.0, 0.5, 2.0], threshold=1.0, default_value=0.0)
    array([0., 0., 2.])
    """
    x = as_float_array(x)
    threshold, default = check_threshold_parameters(threshold, default_value)
    t = numerics.threshold_in_dtype(threshold, x.dtype)
    with np.errstate(over="ignore"):  # a default value beyond float16's range rounds to +-inf
        default = x.dtype.type(default)
    return numerics.keep_nan(x, np.where(x > t, x, default))


@keras_signature
def threshold_derivative(x, threshold, default_value):
    """``1`` where ``x > threshold`` (compared in ``x``'s dtype), else 0; ``default_value`` is a constant.

    Args:
        x, threshold, default_value: as for :func:`actlib.threshold`.

    Returns:
        np.ndarray: ``d threshold(x) / dx`` elementwise, the shape and float dtype of ``x``.

    >>> actlib.derivative("threshold")([-1.0, 0.5, 2.0], threshold=1.0, default_value=0.0)
    array([0., 0., 1.])
    """
    x = as_float_array(x)
    threshold, _ = check_threshold_parameters(threshold, default_value)
    t = numerics.threshold_in_dtype(threshold, x.dtype)
    return numerics.ones_where(x > t, x)


THRESHOLD_RECORD = Activation(
    name="threshold",
    function=threshold,
    derivative=threshold_derivative,
    formula=r"\mathrm{threshold}(x) = " + cases(("x", "x > t"), ("v", r"x \le t")),
    derivative_formula=r"\mathrm{threshold}'(x) = " + cases(("1", "x > t"), ("0", "x < t")),
    keras_layer="keras.layers.Lambda(lambda x: keras.activations.threshold(x, 1.0, 0.0))",
    plot_range=(-3.0, 3.0),
    parameters={"threshold": 1.0, "default_value": 0.0},
    required_parameters=("threshold", "default_value"),
    chapter=CHAPTER,
    typical_use="rarely used",
    notes="Both parameters are required (no defaults): the values here, threshold=1.0 and "
    "default_value=0.0, are Keras 2's ThresholdedReLU. Keras maps NaN to default_value; "
    "actlib keeps NaN.",
)
