"""Independent references for actlib's activations and derivatives, shared by the tests.

Written from the textbook formulas, not from actlib: evaluated in long double (80-bit on x86-64),
rewritten only where the textbook form itself loses the answer (each such place says why), plus
50-digit ``decimal`` arithmetic where even long double cancels, and ``scipy.special`` where it has
the function.
"""

import decimal

import numpy as np
from scipy import special

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


PI = decimal.Decimal("3.141592653589793238462643383279502884197169399375105820974944592")


def decimal_gelu(x):
    """x/2 * erfc(-x/sqrt(2)) to 50 digits: erf's series below 3, Laplace's continued fraction above."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        x = decimal.Decimal(float(x))
        t = -x / decimal.Decimal(2).sqrt()
        a = abs(t)
        if a < 3:
            term, total, n = a, a, 0
            while term > total * decimal.Decimal(10) ** -58:
                n += 1
                term = term * 2 * a * a / (2 * n + 1)
                total += term
            erfc = 1 - 2 / PI.sqrt() * (-a * a).exp() * total
        else:
            f = a
            for k in range(400, 0, -1):
                f = a + decimal.Decimal(k) / 2 / f
            erfc = (-a * a).exp() / PI.sqrt() / f
        return float(x / 2 * (2 - erfc if t < 0 else erfc))


def decimal_tanh_shrink(x):
    """x - tanh(x) to 50 digits, for 1e-6 <= |x| < 0.1 (where long double would cancel)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        d = decimal.Decimal(float(x))
        e = (2 * d).exp()
        return float(d - (e - 1) / (e + 1))


def longdouble(x):
    return np.asarray(x).astype(np.longdouble)


PI_LONG = np.longdouble("3.14159265358979323846264338327950288")
GELU_COEFFICIENT = np.longdouble("0.044715")


def along_last_axis(row_function):
    """A reference written for rows (the last axis) as one that takes Keras' ``axis`` parameter."""

    def reference_along(x, axis=-1):
        return np.moveaxis(row_function(np.moveaxis(x, axis, -1)), -1, axis)

    return reference_along


def relu_reference(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Keras 3's relu: where(x > t, x, 0) (max(x, 0) for t = 0), clipped to [0, m], minus a max(t - x, 0)."""
    a, m, t = negative_slope, max_value, threshold
    if a and m is None and t == 0:  # the leaky form
        return np.where(x > 0, x, a * x)
    main = np.where(x > t, x, 0) if t != 0 else np.maximum(x, 0)
    if m is not None:
        main = np.clip(main, 0, m)
    return main - a * np.maximum(t - x, 0) if a else main


def gelu_reference(x, approximate=False):
    if approximate:  # x/2 (1 + tanh u), written as x * sigmoid(2u) so that tanh u -> -1 keeps its bits
        u = np.sqrt(2 / PI_LONG) * (x + GELU_COEFFICIENT * x**3)
        return x / (1 + np.exp(-2 * u))
    return 0.5 * x * special.erfc(-x.astype(np.float64) / np.sqrt(2))  # float64: enough for float32


def squareplus_reference(x, b=4):
    b = np.longdouble(b)
    root = np.sqrt(x * x + b)
    # For x < 0, (x + root) cancels; multiplying by the conjugate gives b / (root - x).
    return np.where(x >= 0, (x + root) / 2, b / (2 * (root - x)))


def tanh_shrink_reference(x):
    series = x**3 / 3 - 2 * x**5 / 15  # the Taylor series: its next term is below 1e-24 here
    middle = np.vectorize(decimal_tanh_shrink, otypes=[np.float64])
    small = (np.abs(x) >= 1e-6) & (np.abs(x) < 0.1)
    y = np.where(np.abs(x) < 1e-6, series, x - np.tanh(x))
    y[small] = middle(x[small])
    return y


def softmax_rows(rows):
    e = np.exp(rows - rows.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax_rows(rows):
    """Entry by entry: -log(sum_j exp(x_j - x_i)) = -log1p(sum_{j != i} exp(x_j - x_i)).

    That form keeps the entries near 0 exact; entries far below the maximum (gap > 30), whose
    exp would overflow, use x_i - max - log(sum exp(x - max)), which has no cancellation there.
    """
    diff = rows[..., None, :] - rows[..., :, None]
    others = np.where(np.eye(rows.shape[-1], dtype=bool), -np.inf, diff)
    per_entry = -np.log1p(np.exp(others).sum(axis=-1))
    m = rows.max(axis=-1, keepdims=True)
    naive = rows - m - np.log(np.exp(rows - m).sum(axis=-1, keepdims=True))
    return np.where(m - rows > 30, naive, per_entry)


def sparsemax_rows(rows):
    """tau by bisection on sum(max(x - tau, 0)) = 1 (no sorting), then recomputed from its support."""
    r = rows - rows.max(axis=-1, keepdims=True)  # sparsemax(x + c) = sparsemax(x)
    lo, hi = np.full(r.shape[:-1] + (1,), np.longdouble(-1)), np.zeros(r.shape[:-1] + (1,), np.longdouble)
    for _ in range(80):
        mid = (lo + hi) / 2
        too_low = np.maximum(r - mid, 0).sum(axis=-1, keepdims=True) > 1
        lo, hi = np.where(too_low, mid, lo), np.where(too_low, hi, mid)
    support = r > lo
    tau = (np.where(support, r, 0).sum(axis=-1, keepdims=True) - 1) / support.sum(axis=-1, keepdims=True)
    return np.maximum(r - tau, 0)


def glu_rows(rows):
    a, b = np.split(rows, 2, axis=-1)
    return a / (1 + np.exp(-b))


# The textbook formula of every activation, at finite x, in long double; the default of each
# parameter is Keras'. Rewritten only where the textbook form itself loses the answer.
REFERENCES = {
    "relu": relu_reference,
    "sigmoid": lambda x: np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x))),
    "softmax": along_last_axis(softmax_rows),
    "tanh": np.tanh,
    "leaky_relu": lambda x, negative_slope=0.2: np.where(x > 0, x, negative_slope * x),
    "relu6": lambda x: np.minimum(np.maximum(x, 0), 6),
    "elu": lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.expm1(x)),
    "selu": lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)),
    "celu": lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.expm1(x / alpha)),
    "threshold": lambda x, threshold, default_value: np.where(x > threshold, x, default_value),
    "gelu": gelu_reference,
    "silu": lambda x: x / (1 + np.exp(-x)),
    "mish": lambda x: x * np.tanh(np.log1p(np.exp(x))),
    "softplus": lambda x: np.logaddexp(np.longdouble(0), x),
    "log_sigmoid": lambda x: -np.logaddexp(np.longdouble(0), -x),
    "tanh_shrink": tanh_shrink_reference,
    "hard_sigmoid": lambda x: np.clip(x / 6 + np.longdouble(0.5), 0, 1),
    "hard_silu": lambda x: x * np.clip(x / 6 + np.longdouble(0.5), 0, 1),
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x < 1, (x + 1) ** 2 / 4, x)),
    "sparse_sigmoid": lambda x: np.clip((x + 1) / 2, 0, 1),
    "squareplus": squareplus_reference,
    "hard_shrink": lambda x, threshold=0.5: np.where(np.abs(x) > threshold, x, 0),
    "soft_shrink": lambda x, threshold=0.5: np.sign(x) * np.maximum(np.abs(x) - threshold, 0),
    "log_softmax": along_last_axis(log_softmax_rows),
    "sparsemax": along_last_axis(sparsemax_rows),
    "glu": along_last_axis(glu_rows),
    "exponential": np.exp,
    "linear": lambda x: x,
}
REFERENCES["swish"], REFERENCES["hard_swish"] = REFERENCES["silu"], REFERENCES["hard_silu"]


def reference(name, x, **params):
    """The exact value of activation ``name`` at finite ``x`` (long double; rounded by the comparison).

    For the activations that are not elementwise ``x`` holds rows along ``axis`` (default the last).
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        return REFERENCES[name](longdouble(x), **params)


# The limits at -inf and +inf, from the formulas (not from actlib).
def limits(name, **params):
    t = params.get("threshold", 0.5)
    slope = params.get("negative_slope", 0.0)
    table = {
        "relu": (-np.inf if slope > 0 else np.inf if slope < 0 else 0.0,
                 np.inf if params.get("max_value") is None else params["max_value"]),
        "sigmoid": (0.0, 1.0),
        "tanh": (-1.0, 1.0),
        "leaky_relu": (-np.inf if params.get("negative_slope", 0.2) > 0 else 0.0, np.inf),
        "relu6": (0.0, 6.0),
        "elu": (-params.get("alpha", 1.0), np.inf),
        "selu": (-SELU_SCALE * SELU_ALPHA, np.inf),
        "celu": (-params.get("alpha", 1.0), np.inf),
        "gelu": (0.0, np.inf), "silu": (0.0, np.inf), "mish": (0.0, np.inf), "softplus": (0.0, np.inf),
        "hard_sigmoid": (0.0, 1.0), "hard_silu": (0.0, np.inf), "hard_tanh": (-1.0, 1.0),
        "softsign": (-1.0, 1.0), "sparse_plus": (0.0, np.inf), "sparse_sigmoid": (0.0, 1.0),
        "squareplus": (0.0, np.inf), "log_sigmoid": (-np.inf, 0.0), "exponential": (0.0, np.inf),
        "linear": (-np.inf, np.inf), "hard_shrink": (-np.inf, np.inf), "soft_shrink": (-np.inf, np.inf),
        "tanh_shrink": (-np.inf, np.inf),
        "threshold": (params.get("default_value"), np.inf if t < np.inf else params.get("default_value")),
    }
    return table[name]


def expected_values(name, x, **params):
    """Reference at finite points, the limits at +-inf, NaN at NaN."""
    finite = np.isfinite(x)
    y = np.full(x.shape, np.nan, dtype=np.longdouble)
    y[finite] = reference(name, x[finite], **params)
    low, high = limits(name, **params)
    y[x == -np.inf] = low
    y[x == np.inf] = high
    with np.errstate(over="ignore"):
        rounded = y.astype(x.dtype)
    y = np.where(np.isinf(rounded), rounded, y)  # beyond the dtype's range the right answer is +-inf
    if name == "threshold":  # compared in x's dtype, as TensorFlow does ...
        with np.errstate(over="ignore"):
            t = np.asarray(params["threshold"]).astype(x.dtype)
        if np.isinf(t):  # ... unless the threshold is beyond the dtype's range: then as the exact value
            t = np.float64(params["threshold"])
        y[finite] = np.where(x[finite] > t, x[finite], params["default_value"])
    return y


# --- Derivatives ----------------------------------------------------------------------------------
# The textbook derivative of each formula above, at finite x, in long double (scipy where it has the
# function). Where a derivative jumps, derivative_kinks() lists the points: there the value is a
# convention (TensorFlow's, tested against tf.GradientTape by each module's test file), not a number
# a reference can check.


def logistic(x):
    """1 / (1 + exp(-x)) in x's precision, from whichever side does not overflow."""
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def relu_derivative_reference(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """d/dx of Keras 3's relu, which is where(x > t, x, 0) (or max(x, 0) for t = 0), clipped to
    [0, m] if m is given, minus a * max(t - x, 0)."""
    a, m, t = negative_slope, max_value, threshold
    if a and m is None and t == 0:  # the leaky form
        return np.where(x > 0, 1, a)
    passes = x > t if t != 0 else x > 0
    if m is not None:
        passes = passes & (x > 0) & (x < m)
    return np.where(passes, 1, 0) + np.where(x < t, a, 0)


def gelu_derivative_reference(x, approximate=False):
    if approximate:  # of x * sigmoid(2u): sigmoid(2u) + x (2u)' sigmoid'(2u)
        u2 = 2 * np.sqrt(2 / PI_LONG) * (x + GELU_COEFFICIENT * x**3)
        du2 = 2 * np.sqrt(2 / PI_LONG) * (1 + 3 * GELU_COEFFICIENT * x * x)
        return logistic(u2) + x * du2 * logistic(u2) * logistic(-u2)
    x64 = x.astype(np.float64)  # Phi(x) + x phi(x)
    return special.ndtr(x64) + x * np.exp(-x * x / 2) / np.sqrt(2 * PI_LONG)


def mish_derivative_reference(x):
    softplus = np.logaddexp(np.longdouble(0), x)
    return np.tanh(softplus) + x * logistic(x) / np.cosh(softplus) ** 2


def squareplus_derivative_reference(x, b=4):
    b = np.longdouble(b)
    root = np.sqrt(x * x + b)
    # For x < 0, 1 + x / root cancels; with the conjugate it is b / (root (root - x)).
    return np.where(x >= 0, (1 + x / root) / 2, b / (2 * root * (root - x)))


def shrink_derivative_reference(x, threshold=0.5):
    return np.where(np.abs(x) > threshold, 1, 0)


# The textbook derivative of every elementwise activation, at finite x, in long double.
DERIVATIVE_REFERENCES = {
    "relu": relu_derivative_reference,
    "sigmoid": lambda x: special.expit(x.astype(np.float64)) * special.expit(-x.astype(np.float64)),
    "tanh": lambda x: 1 / np.cosh(x) ** 2,
    "leaky_relu": lambda x, negative_slope=0.2: np.where(x > 0, 1, negative_slope),
    "relu6": lambda x: np.where((x > 0) & (x < 6), 1, 0),
    "elu": lambda x, alpha=1.0: np.where(x > 0, 1, alpha * np.exp(x)),
    "selu": lambda x: SELU_SCALE * np.where(x > 0, 1, SELU_ALPHA * np.exp(x)),
    "celu": lambda x, alpha=1.0: np.where(x > 0, 1, np.exp(x / alpha)),
    "threshold": lambda x, threshold, default_value: np.where(x > threshold, 1, 0),
    "gelu": gelu_derivative_reference,
    "silu": lambda x: logistic(x) * (1 + x * logistic(-x)),
    "mish": mish_derivative_reference,
    "softplus": logistic,
    "log_sigmoid": lambda x: logistic(-x),
    "tanh_shrink": lambda x: np.tanh(x) ** 2,
    "hard_sigmoid": lambda x: np.where((x > -3) & (x < 3), np.longdouble(1) / 6, 0),
    "hard_silu": lambda x: np.where(x <= -3, 0, np.where(x < 3, (2 * x + 3) / 6, 1)),
    "hard_tanh": lambda x: np.where(np.abs(x) < 1, 1, 0),
    "softsign": lambda x: 1 / (1 + np.abs(x)) ** 2,
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x < 1, (x + 1) / 2, 1)),
    "sparse_sigmoid": lambda x: np.where(np.abs(x) < 1, np.longdouble(0.5), 0),
    "squareplus": squareplus_derivative_reference,
    "hard_shrink": shrink_derivative_reference,
    "soft_shrink": shrink_derivative_reference,
    "exponential": np.exp,
    "linear": np.ones_like,
}


def derivative_reference(name, x, **params):
    """d name(x) / dx at finite ``x`` (long double), away from derivative_kinks(name)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        return longdouble(DERIVATIVE_REFERENCES[name](longdouble(x), **params))


def derivative_kinks(name, **params):
    """Points where the derivative of ``name`` (with ``params``) jumps."""
    t = params.get("threshold", 0.5)
    kinks = {
        "relu": [0.0, params.get("threshold", 0.0), params.get("max_value") or 0.0],
        "leaky_relu": [0.0], "relu6": [0.0, 6.0], "elu": [0.0], "selu": [0.0],
        "hard_sigmoid": [-3.0, 3.0], "hard_silu": [-3.0, 3.0], "hard_tanh": [-1.0, 1.0],
        "sparse_sigmoid": [-1.0, 1.0], "hard_shrink": [-t, t], "soft_shrink": [-t, t], "threshold": [t],
        "squareplus": [0.0] if params.get("b", 4) == 0 else [],
    }
    return kinks.get(name, [])


def softmax_parts(rows):
    """Per row (last axis): softmax s_i and 1 - s_i, the latter summed from the others (no cancellation)."""
    r = longdouble(rows)
    e = np.exp(r - r.max(axis=-1, keepdims=True))
    total = e.sum(axis=-1, keepdims=True)
    others = np.where(np.eye(r.shape[-1], dtype=bool), 0, e[..., None, :]).sum(axis=-1)
    return e / total, others / total


def sparsemax_diagonal_by_differences(rows):
    """d sparsemax(x)_j / d x_j by central differences of sparsemax_reference (NaN where the support moves).

    Sparsemax is piecewise linear, so the difference is exact wherever the support is the same
    at x - h and x + h, up to the rounding of the reference divided by 2h; h is the power of two
    about 2**-8 of the row's largest magnitude, so x +- h is exact.
    """
    r = longdouble(rows)
    scale = np.floor(np.log2(np.maximum(1, np.abs(r).max(axis=-1, keepdims=True))))
    h = np.exp2(scale - 8)
    result = np.empty_like(r)
    for j in range(r.shape[-1]):
        step = np.zeros_like(r)
        step[..., j : j + 1] = h
        up, down = reference("sparsemax", r + step), reference("sparsemax", r - step)
        same_support = np.all((up > 0) == (down > 0), axis=-1)
        result[..., j] = np.where(same_support, (up[..., j] - down[..., j]) / (2 * h[..., 0]), np.nan)
    return result


def row_derivative_reference(name, rows):
    """The Jacobian's diagonal of a row activation (last axis), or both GLU partials, at finite rows."""
    if name == "softmax":
        s, rest = softmax_parts(rows)
        return s * rest
    if name == "log_softmax":
        return softmax_parts(rows)[1]
    if name == "sparsemax":
        return sparsemax_diagonal_by_differences(rows)
    if name == "glu":
        a, b = np.split(longdouble(rows), 2, axis=-1)
        return np.concatenate([logistic(b), a * logistic(b) * logistic(-b)], axis=-1)
    raise AssertionError(f"no row derivative reference for {name}")


# --- Keras' own formulas, as written (for the tests of what Keras does) ---------------------------


def keras_sparsemax_as_written(rows):
    """Keras 3.15's TensorFlow sparsemax, transcribed: tau = (sum over the support of the
    *cumulative sums* - 1) / k, where the algorithm needs the sum of the support's entries."""
    z = -np.sort(-rows, axis=-1)
    cumulative = np.cumsum(z, axis=-1)
    support = z - (cumulative - 1) / np.arange(1, z.shape[-1] + 1) > 0
    k = support.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = (np.where(support, cumulative, 0).sum(axis=-1, keepdims=True) - 1) / k
    return np.maximum(rows - tau, 0)
