"""NumPy reference implementations of Keras 3 activation functions, one module per chapter.

Each module holds the activations one chapter teaches, each whole in one place: the function,
its derivative (``<name>_derivative``) and its :class:`~actlib.activations.record.Activation`
record, side by side. :data:`RECORDS` collects every record of these modules, in the order of
the chapters and, within a module, in the order they are written; :mod:`actlib.registry` looks
them up by name. Adding an activation is one block in one module: its function, its derivative
and its record. The parameter checks shared by a function and its derivative are in
:mod:`actlib.activations.parameters`; the numerical building blocks in :mod:`actlib.numerics`.

Every function has the name, parameters and semantics of ``keras.activations.<name>`` and
follows one contract:

* input: a Python number, a (nested) list, a NumPy array or a TensorFlow
  tensor; output: a NumPy array of the same shape;
* float16, float32 and float64 keep their dtype; integers become float32;
* finite float32 inputs give results within 4 ulp of a float64 reference,
  +-inf gives the mathematical limit, NaN propagates, and no input makes
  NumPy emit a RuntimeWarning;
* bad input or parameters raise TypeError or ValueError naming the problem.

Where float32 NumPy ufuncs are accurate enough (``np.maximum``, ``np.tanh``)
the work is done in the input's dtype; elsewhere it is done in a wider
working precision (:func:`actlib.numerics.working_precision`) and rounded
once, which removes the error of chaining several float32 operations.
"""

from actlib.activations import (
    cheap_approximations,
    hyperbolic_tangent,
    logistic,
    output_activations,
    rectified_linear,
    relu_family,
    smooth_activations,
    softmax_probabilities,
)
from actlib.activations.cheap_approximations import (
    hard_shrink,
    hard_sigmoid,
    hard_silu,
    hard_swish,
    hard_tanh,
    soft_shrink,
    softsign,
    sparse_plus,
    sparse_sigmoid,
    squareplus,
)
from actlib.activations.hyperbolic_tangent import tanh
from actlib.activations.logistic import sigmoid
from actlib.activations.output_activations import exponential, glu, linear, log_softmax, sparsemax
from actlib.activations.record import Activation
from actlib.activations.rectified_linear import relu
from actlib.activations.relu_family import celu, elu, leaky_relu, relu6, selu, threshold
from actlib.activations.smooth_activations import gelu, log_sigmoid, mish, silu, softplus, swish, tanh_shrink
from actlib.activations.softmax_probabilities import softmax, softmax_jacobian

# The modules in the order of the book's chapters.
FAMILY_MODULES = (
    rectified_linear,
    logistic,
    softmax_probabilities,
    hyperbolic_tangent,
    relu_family,
    smooth_activations,
    cheap_approximations,
    output_activations,
)
RECORDS = tuple(
    value for module in FAMILY_MODULES for value in vars(module).values() if isinstance(value, Activation)
)

__all__ = [
    "RECORDS",
    "celu",
    "elu",
    "exponential",
    "gelu",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "leaky_relu",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softmax_jacobian",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh",
    "tanh_shrink",
    "threshold",
]
