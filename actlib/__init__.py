"""actlib: the small library behind the book *Activation Functions in Keras*.

Import it before TensorFlow so that TensorFlow's start-up log lines stay out
of notebook outputs::

    import actlib
    import tensorflow as tf
"""

from actlib.tf_logging import silence_tensorflow

silence_tensorflow()

from actlib.activations import (  # noqa: E402
    celu,
    elu,
    exponential,
    gelu,
    glu,
    hard_shrink,
    hard_sigmoid,
    hard_silu,
    hard_swish,
    hard_tanh,
    leaky_relu,
    linear,
    log_sigmoid,
    log_softmax,
    mish,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    soft_shrink,
    softmax,
    softmax_jacobian,
    softplus,
    softsign,
    sparse_plus,
    sparse_sigmoid,
    sparsemax,
    squareplus,
    swish,
    tanh,
    tanh_shrink,
    threshold,
)
from actlib.born_dead import born_dead_probability  # noqa: E402
from actlib.registry import ACTIVATIONS, derivative  # noqa: E402

__all__ = [
    "celu",
    "elu",
    "exponential",
    "gelu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "glu",
    "leaky_relu",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "relu6",
    "selu",
    "silu",
    "soft_shrink",
    "softplus",
    "sparsemax",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "squareplus",
    "swish",
    "ACTIVATIONS",
    "born_dead_probability",
    "derivative",
    "relu",
    "sigmoid",
    "softmax",
    "softmax_jacobian",
    "tanh",
    "tanh_shrink",
    "threshold",
]
