"""actlib: the small library behind the book *Activation Functions in Keras*.

Import it before TensorFlow so that TensorFlow's start-up log lines stay out
of notebook outputs::

    import actlib
    import tensorflow as tf
"""

from actlib.tf_logging import silence_tensorflow

silence_tensorflow()

from actlib.activations import relu, sigmoid, softmax, tanh  # noqa: E402
from actlib.derivatives import softmax_jacobian  # noqa: E402
from actlib.registry import ACTIVATIONS, derivative  # noqa: E402

__all__ = [
    "ACTIVATIONS",
    "derivative",
    "relu",
    "sigmoid",
    "softmax",
    "softmax_jacobian",
    "tanh",
]
