"""Derivatives measured by TensorFlow, to check the formulas against.

TensorFlow is imported lazily so ``import actlib`` stays fast and can run
before TensorFlow is configured.
"""

import numpy as np

from actlib.inputs import as_float_array


def keras_derivative(name, x, **params):
    """``d keras.activations.<name>(x) / dx`` at each point of ``x``, via ``tf.GradientTape``.

    For elementwise activations this is the derivative at each point; for
    softmax, log_softmax and sparsemax it is the diagonal of the Jacobian
    along the last axis; for glu (whose output is half as long as its input)
    it is the gradient of the sum of the outputs.

    Args:
        name: a ``keras.activations`` name that actlib's registry has.
        x: the inputs (an array-like of floats).
        **params: the activation's keyword arguments.

    Returns:
        A NumPy array of the derivatives, shaped like ``x``.

    Example:
        >>> keras_derivative("relu", np.array([-1.0, 2.0], np.float32)).tolist()
        [0.0, 1.0]
    """
    import keras
    import tensorflow as tf

    from actlib.registry import get

    record = get(name)  # an unknown name: a ValueError that lists the known ones
    x = as_float_array(x)
    function = getattr(keras.activations, name)
    tensor = tf.constant(x)
    if not record.elementwise and name != "glu":
        with tf.GradientTape() as tape:
            tape.watch(tensor)
            y = function(tensor, **params)
        jacobian = tape.batch_jacobian(y, tensor) if x.ndim > 1 else tape.jacobian(y, tensor)
        return np.diagonal(np.asarray(jacobian), axis1=-2, axis2=-1).copy()
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        y = function(tensor, **params)
    return tape.gradient(y, tensor).numpy()
