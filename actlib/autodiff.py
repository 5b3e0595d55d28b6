"""Derivatives measured by TensorFlow, to check the formulas against.

TensorFlow is imported lazily so ``import actlib`` stays fast and can run
before TensorFlow is configured.
"""

import numpy as np

from actlib.inputs import as_float_array


def keras_derivative(name, x, **params):
    """``d keras.activations.<name>(x) / dx`` at each point of ``x``, via ``tf.GradientTape``.

    For elementwise activations this is the derivative at each point; for
    softmax it is the diagonal of the Jacobian along the last axis.
    """
    import keras
    import tensorflow as tf

    x = as_float_array(x)
    function = getattr(keras.activations, name)
    tensor = tf.constant(x)
    if name == "softmax":
        with tf.GradientTape() as tape:
            tape.watch(tensor)
            y = function(tensor, **params)
        jacobian = tape.batch_jacobian(y, tensor) if x.ndim > 1 else tape.jacobian(y, tensor)
        return np.diagonal(np.asarray(jacobian), axis1=-2, axis2=-1).copy()
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        y = function(tensor, **params)
    return tape.gradient(y, tensor).numpy()
