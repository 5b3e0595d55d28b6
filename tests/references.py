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


def reference(name, x, **params):
    """The exact value (rounded once, at the end, by the comparison), at finite ``x``."""
    x = longdouble(x)
    one = np.longdouble(1)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        if name == "leaky_relu":
            return np.where(x > 0, x, params.get("negative_slope", 0.2) * x)
        if name == "relu6":
            return np.minimum(np.maximum(x, 0), 6)
        if name == "elu":
            return np.where(x > 0, x, params.get("alpha", 1.0) * np.expm1(x))
        if name == "selu":
            return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x))
        if name == "celu":
            alpha = params.get("alpha", 1.0)
            return np.where(x > 0, x, alpha * np.expm1(x / alpha))
        if name == "gelu" and params.get("approximate"):
            pi = np.longdouble("3.14159265358979323846264338327950288")
            u = np.sqrt(2 / pi) * (x + np.longdouble("0.044715") * x**3)
            return x / (1 + np.exp(-2 * u))  # x/2 (1 + tanh u), written so that tanh u -> -1 keeps its bits
        if name == "gelu":
            return 0.5 * x * special.erfc(-x.astype(np.float64) / np.sqrt(2))  # float64: enough for float32
        if name in ("silu", "swish"):
            return x / (1 + np.exp(-x))
        if name == "mish":
            return x * np.tanh(np.log1p(np.exp(x)))
        if name == "softplus":
            return np.logaddexp(np.longdouble(0), x)
        if name == "hard_sigmoid":
            return np.clip(x / 6 + one / 2, 0, 1)
        if name in ("hard_silu", "hard_swish"):
            return x * np.clip(x / 6 + one / 2, 0, 1)
        if name == "hard_tanh":
            return np.clip(x, -1, 1)
        if name == "softsign":
            return x / (1 + np.abs(x))
        if name == "sparse_plus":
            return np.where(x <= -1, 0, np.where(x < 1, (x + 1) ** 2 / 4, x))
        if name == "sparse_sigmoid":
            return np.clip((x + 1) / 2, 0, 1)
        if name == "squareplus":
            b = np.longdouble(params.get("b", 4))
            root = np.sqrt(x * x + b)
            # For x < 0, (x + root) cancels; multiplying by the conjugate gives b / (root - x).
            return np.where(x >= 0, (x + root) / 2, b / (2 * (root - x)))
        if name == "log_sigmoid":
            return -np.logaddexp(np.longdouble(0), -x)
        if name == "exponential":
            return np.exp(x)
        if name == "linear":
            return x
        if name == "hard_shrink":
            return np.where(np.abs(x) > params.get("threshold", 0.5), x, 0)
        if name == "soft_shrink":
            t = params.get("threshold", 0.5)
            return np.sign(x) * np.maximum(np.abs(x) - t, 0)
        if name == "tanh_shrink":
            series = x**3 / 3 - 2 * x**5 / 15  # the Taylor series: its next term is below 1e-24 here
            middle = np.vectorize(decimal_tanh_shrink, otypes=[np.float64])
            small = (np.abs(x) >= 1e-6) & (np.abs(x) < 0.1)
            y = np.where(np.abs(x) < 1e-6, series, x - np.tanh(x))
            y[small] = middle(x[small])
            return y
        if name == "threshold":
            return np.where(x > params["threshold"], x, params["default_value"])
    raise AssertionError(f"no reference for {name}")


# The limits at -inf and +inf, from the formulas (not from actlib).
def limits(name, **params):
    t = params.get("threshold", 0.5)
    table = {
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


def guide_reference(name, x, **params):
    """Independent formulas evaluated in long double (80-bit on x86-64)."""
    x = np.asarray(x).astype(np.longdouble)
    with np.errstate(over="ignore", invalid="ignore"):
        if name == "relu":
            slope = params.get("negative_slope", 0.0)
            cap = params.get("max_value")
            t = params.get("threshold", 0.0)
            if slope and cap is None and t == 0:
                return np.where(x > 0, x, slope * x)
            main = np.where(x > t, x, 0) if t != 0 else np.maximum(x, 0)
            if cap is not None:
                main = np.clip(main, 0, cap)
            return main - slope * np.maximum(t - x, 0) if slope else main
        if name == "sigmoid":
            return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))
        if name == "tanh":
            return np.tanh(x)
    raise AssertionError(name)


def softmax_reference(x, axis=-1):
    x = np.asarray(x).astype(np.longdouble)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax_reference(rows):
    """Entry by entry: -log(sum_j exp(x_j - x_i)) = -log1p(sum_{j != i} exp(x_j - x_i)).

    That form keeps the entries near 0 exact; entries far below the maximum (gap > 30), whose
    exp would overflow, use x_i - max - log(sum exp(x - max)), which has no cancellation there.
    """
    r = longdouble(rows)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        diff = r[..., None, :] - r[..., :, None]
        others = np.where(np.eye(r.shape[-1], dtype=bool), -np.inf, diff)
        per_entry = -np.log1p(np.exp(others).sum(axis=-1))
        m = r.max(axis=-1, keepdims=True)
        naive = r - m - np.log(np.exp(r - m).sum(axis=-1, keepdims=True))
    return np.where(m - r > 30, naive, per_entry)


def sparsemax_reference(rows):
    """tau by bisection on sum(max(x - tau, 0)) = 1 (no sorting), then recomputed from its support."""
    r = longdouble(rows)
    r = r - r.max(axis=-1, keepdims=True)  # sparsemax(x + c) = sparsemax(x)
    lo, hi = np.full(r.shape[:-1] + (1,), np.longdouble(-1)), np.zeros(r.shape[:-1] + (1,), np.longdouble)
    for _ in range(80):
        mid = (lo + hi) / 2
        too_low = np.maximum(r - mid, 0).sum(axis=-1, keepdims=True) > 1
        lo, hi = np.where(too_low, mid, lo), np.where(too_low, hi, mid)
    support = r > lo
    tau = (np.where(support, r, 0).sum(axis=-1, keepdims=True) - 1) / support.sum(axis=-1, keepdims=True)
    return np.maximum(r - tau, 0)


def glu_reference(rows):
    a, b = np.split(longdouble(rows), 2, axis=-1)
    with np.errstate(over="ignore"):
        return a / (1 + np.exp(-b))


ROW_REFERENCES = {"log_softmax": log_softmax_reference, "sparsemax": sparsemax_reference,
                  "glu": glu_reference}


# --- Derivatives ----------------------------------------------------------------------------------
# The textbook derivative of each formula above, at finite x, in long double (scipy where it has the
# function). Where a derivative jumps, derivative_kinks() lists the points: there the value is a
# convention (TensorFlow's, tested against tf.GradientTape in test_all_activations.py), not a number
# a reference can check.


def logistic(x):
    """1 / (1 + exp(-x)) in x's precision, from whichever side does not overflow."""
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def relu_family_derivative(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """d/dx of Keras 3's relu, which is where(x > t, x, 0) (or max(x, 0) for t = 0), clipped to
    [0, m] if m is given, minus a * max(t - x, 0)."""
    a, m, t = negative_slope, max_value, threshold
    if a and m is None and t == 0:  # the leaky form
        return np.where(x > 0, 1, a)
    passes = x > t if t != 0 else x > 0
    if m is not None:
        passes = passes & (x > 0) & (x < m)
    return np.where(passes, 1, 0) + np.where(x < t, a, 0)


def derivative_reference(name, x, **params):
    """d name(x) / dx at finite ``x`` (long double), away from derivative_kinks(name)."""
    x = longdouble(x)
    one = np.longdouble(1)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        s, s_minus = logistic(x), logistic(-x)  # sigmoid(x) and 1 - sigmoid(x), each accurate
        if name == "relu":
            return relu_family_derivative(x, **params)
        if name == "leaky_relu":
            return np.where(x > 0, one, params.get("negative_slope", 0.2))
        if name == "relu6":
            return np.where((x > 0) & (x < 6), one, 0)
        if name == "sigmoid":
            return special.expit(x.astype(np.float64)) * special.expit(-x.astype(np.float64))
        if name == "tanh":
            return 1 / np.cosh(x) ** 2
        if name == "elu":
            return np.where(x > 0, one, params.get("alpha", 1.0) * np.exp(x))
        if name == "selu":
            return SELU_SCALE * np.where(x > 0, one, SELU_ALPHA * np.exp(x))
        if name == "celu":
            return np.where(x > 0, one, np.exp(x / params.get("alpha", 1.0)))
        if name == "gelu" and params.get("approximate"):
            pi = np.longdouble("3.14159265358979323846264338327950288")
            c = np.longdouble("0.044715")
            u2 = 2 * np.sqrt(2 / pi) * (x + c * x**3)  # x/2 (1 + tanh u) = x * sigmoid(2u)
            du2 = 2 * np.sqrt(2 / pi) * (1 + 3 * c * x * x)
            return logistic(u2) + x * du2 * logistic(u2) * logistic(-u2)
        if name == "gelu":  # Phi(x) + x phi(x)
            x64 = x.astype(np.float64)
            return special.ndtr(x64) + x * np.exp(-x * x / 2) / np.sqrt(2 * np.longdouble(np.pi))
        if name == "silu":
            return s * (1 + x * s_minus)
        if name == "mish":
            softplus = np.logaddexp(np.longdouble(0), x)
            return np.tanh(softplus) + x * s / np.cosh(softplus) ** 2
        if name == "softplus":
            return s
        if name == "log_sigmoid":
            return s_minus
        if name == "hard_sigmoid":
            return np.where((x > -3) & (x < 3), one / 6, 0)
        if name == "hard_silu":
            return np.where(x <= -3, 0, np.where(x < 3, (2 * x + 3) / 6, one))
        if name == "hard_tanh":
            return np.where(np.abs(x) < 1, one, 0)
        if name == "softsign":
            return 1 / (1 + np.abs(x)) ** 2
        if name == "sparse_plus":
            return np.where(x <= -1, 0, np.where(x < 1, (x + 1) / 2, one))
        if name == "sparse_sigmoid":
            return np.where(np.abs(x) < 1, one / 2, 0)
        if name == "squareplus":
            b = np.longdouble(params.get("b", 4))
            root = np.sqrt(x * x + b)
            # For x < 0, 1 + x / root cancels; with the conjugate it is b / (root (root - x)).
            return np.where(x >= 0, (1 + x / root) / 2, b / (2 * root * (root - x)))
        if name == "exponential":
            return np.exp(x)
        if name == "linear":
            return np.ones_like(x)
        if name in ("hard_shrink", "soft_shrink"):
            return np.where(np.abs(x) > params.get("threshold", 0.5), one, 0)
        if name == "tanh_shrink":
            return np.tanh(x) ** 2
        if name == "threshold":
            return np.where(x > params["threshold"], one, 0)
    raise AssertionError(f"no derivative reference for {name}")


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
        up, down = sparsemax_reference(r + step), sparsemax_reference(r - step)
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
