"""The plain NumPy expressions actlib's activations are timed against (python3 tasks.py bench).

For every activation in the registry, and for its derivative, one or two expressions of the same
formula written the obvious way in the input's dtype (float32 in the benchmark): no care for
overflow, cancellation or NaN, no checks, temporaries where NumPy makes them. The benchmark times
each and takes the fastest as the baseline. Where NumPy has no function for the formula (erf, the
normal CDF) the expression uses ``scipy.special``'s float32 loop. Row-wise activations work along
the last axis.

Warnings (exp overflowing for large inputs) are the baselines' own business: the benchmark runs
them under ``np.errstate(all="ignore")``.
"""

import numpy as np
from scipy import special

SELU_ALPHA = np.float32(1.6732632423543772)
SELU_SCALE = np.float32(1.0507009873554805)
SQRT_2 = np.float32(np.sqrt(2))
INV_SQRT_2PI = np.float32(1 / np.sqrt(2 * np.pi))


def f32(value):
    return np.float32(value)


def logistic(x):
    return 1 / (1 + np.exp(-x))


def logistic_in_place(x):
    """``1 / (1 + exp(-x))`` in one buffer."""
    t = np.negative(x)
    np.exp(t, out=t)
    t += 1
    return np.reciprocal(t, out=t)


def softmax_rows(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def log_softmax_rows(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def sparsemax_rows(x):
    """Martins and Astudillo's algorithm: sort, cumulative sum, support size, threshold."""
    z = -np.sort(-x, axis=-1)
    cumulative = np.cumsum(z, axis=-1)
    k = np.sum(1 + np.arange(1, x.shape[-1] + 1, dtype=x.dtype) * z > cumulative, axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumulative, k - 1, axis=-1) - 1) / k
    return np.maximum(x - tau, 0)


def sparsemax_rows_derivative(x):
    p = sparsemax_rows(x)
    return np.where(p > 0, 1 - 1 / np.sum(p > 0, axis=-1, keepdims=True), f32(0))


def glu_rows(x):
    a, b = np.split(x, 2, axis=-1)
    return a * logistic(b)


def glu_rows_derivative(x):
    a, b = np.split(x, 2, axis=-1)
    s = logistic(b)
    return np.concatenate([s, a * s * (1 - s)], axis=-1)


def mish_derivative(x):
    g = np.tanh(np.log1p(np.exp(x)))
    return g + x * (1 - g * g) * logistic(x)


def silu_derivative(x):
    s = logistic(x)
    return s * (1 + x * (1 - s))


def indicator(mask):
    return mask.astype(np.float32)


# name -> (expressions of the function, expressions of its derivative); each takes a float32 array.
BASELINES = {
    "relu": ((lambda x: np.maximum(x, f32(0)),), (lambda x: indicator(x > 0),)),
    "sigmoid": (
        (logistic, logistic_in_place),
        (lambda x: logistic(x) * (1 - logistic(x)), lambda x: (s := logistic_in_place(x)) * (1 - s)),
    ),
    "softmax": ((softmax_rows,), (lambda x: (s := softmax_rows(x)) * (1 - s),)),
    "tanh": ((np.tanh,), (lambda x: 1 - np.tanh(x) ** 2,)),
    "leaky_relu": (
        (lambda x: np.where(x > 0, x, f32(0.2) * x), lambda x: np.maximum(x, f32(0.2) * x)),
        (lambda x: np.where(x > 0, f32(1), f32(0.2)),),
    ),
    "relu6": (
        (lambda x: np.clip(x, f32(0), f32(6)), lambda x: np.minimum(np.maximum(x, f32(0)), f32(6))),
        (lambda x: indicator((x > 0) & (x < 6)),),
    ),
    "elu": ((lambda x: np.where(x > 0, x, np.expm1(x)),), (lambda x: np.where(x > 0, f32(1), np.exp(x)),)),
    "selu": (
        (lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)),),
        (lambda x: SELU_SCALE * np.where(x > 0, f32(1), SELU_ALPHA * np.exp(x)),),
    ),
    "celu": (
        (lambda x: np.maximum(x, f32(0)) + np.expm1(np.minimum(x, f32(0))),),
        (lambda x: np.where(x > 0, f32(1), np.exp(x)),),
    ),
    "gelu": (
        (lambda x: x / 2 * (1 + special.erf(x / SQRT_2)), lambda x: x * special.ndtr(x)),
        (lambda x: special.ndtr(x) + x * np.exp(-x * x / 2) * INV_SQRT_2PI,),
    ),
    "silu": ((lambda x: x / (1 + np.exp(-x)), lambda x: x * logistic_in_place(x)), (silu_derivative,)),
    "mish": ((lambda x: x * np.tanh(np.log1p(np.exp(x))),), (mish_derivative,)),
    "softplus": (
        (lambda x: np.log1p(np.exp(x)), lambda x: np.logaddexp(f32(0), x)),
        (logistic, logistic_in_place),
    ),
    "hard_sigmoid": (
        (lambda x: np.clip(x / 6 + f32(0.5), f32(0), f32(1)),),
        (lambda x: np.where(np.abs(x) < 3, f32(1 / 6), f32(0)),),
    ),
    "hard_silu": (
        (lambda x: x * np.clip(x / 6 + f32(0.5), f32(0), f32(1)),),
        (lambda x: np.where(x < -3, f32(0), np.where(x < 3, (2 * x + 3) / 6, f32(1))),),
    ),
    "hard_tanh": ((lambda x: np.clip(x, f32(-1), f32(1)),), (lambda x: indicator(np.abs(x) <= 1),)),
    "softsign": ((lambda x: x / (1 + np.abs(x)),), (lambda x: 1 / (1 + np.abs(x)) ** 2,)),
    "sparse_plus": (
        (lambda x: np.where(x <= -1, f32(0), np.where(x < 1, (x + 1) ** 2 / 4, x)),),
        (lambda x: np.clip((x + 1) / 2, f32(0), f32(1)),),
    ),
    "sparse_sigmoid": (
        (lambda x: np.clip((x + 1) / 2, f32(0), f32(1)),),
        (lambda x: np.where(np.abs(x) < 1, f32(0.5), f32(0)),),
    ),
    "squareplus": ((lambda x: (x + np.sqrt(x * x + 4)) / 2,), (lambda x: (1 + x / np.sqrt(x * x + 4)) / 2,)),
    "log_softmax": ((log_softmax_rows,), (lambda x: 1 - softmax_rows(x),)),
    "log_sigmoid": (
        (lambda x: -np.logaddexp(f32(0), -x), lambda x: -np.log1p(np.exp(-x))),
        (lambda x: 1 / (1 + np.exp(x)),),
    ),
    "sparsemax": ((sparsemax_rows,), (sparsemax_rows_derivative,)),
    "glu": ((glu_rows,), (glu_rows_derivative,)),
    "exponential": ((np.exp,), (np.exp,)),
    "linear": ((np.copy,), (np.ones_like,)),
    "hard_shrink": (
        (lambda x: np.where(np.abs(x) > 0.5, x, f32(0)),),
        (lambda x: indicator(np.abs(x) > 0.5),),
    ),
    "soft_shrink": (
        (lambda x: np.sign(x) * np.maximum(np.abs(x) - f32(0.5), f32(0)),),
        (lambda x: indicator(np.abs(x) > 0.5),),
    ),
    "tanh_shrink": ((lambda x: x - np.tanh(x),), (lambda x: np.tanh(x) ** 2,)),
    "threshold": ((lambda x: np.where(x > 1, x, f32(0)),), (lambda x: indicator(x > 1),)),
}
