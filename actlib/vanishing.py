"""Measurements for the chapter on vanishing and exploding gradients.

Backpropagation multiplies, layer by layer, the activation's derivative and
the weight matrix: the error signal reaching hidden layer ``l`` of a network
of depth ``L`` is

    delta_l = act'(z_l) * (W_{l+1}^T delta_{l+1}),

a product of ``L - l`` such factors. If they are mostly smaller than one the
gradient of the early layers vanishes; if mostly larger, it explodes.
"""

import keras
import numpy as np
import tensorflow as tf

from actlib.deep_mlp import build_deep_mlp, check_dataset, hidden_dense_layers, train_and_measure

DERIVATIVE_BOUNDS = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0}
"""The largest value each activation's derivative takes: sigmoid' <= 1/4 (at 0), tanh' <= 1 (at 0),
relu' is 0 or 1."""


def kernel_gradient_norms(model, x, y, loss="sparse_categorical_crossentropy"):
    """Norm of the loss gradient for each hidden layer's kernel: one forward and backward pass.

    Runs ``model`` on ``x`` under a ``tf.GradientTape``, averages ``loss`` over the batch, and asks
    the tape for ``dloss/dW_l`` for the kernel of every hidden Dense layer (every Dense layer but
    the last). The vanishing-gradients chapter writes this loop out line by line.

    Args:
        model: a Keras model whose last Dense layer is its output layer.
        x, y: a batch of inputs and the targets the loss compares the outputs with.
        loss: a ``keras.losses`` name or function of ``(y_true, y_pred)``, e.g. ``"mse"``.

    Returns:
        An array of Frobenius norms ``||dloss/dW_l||``, layer 1 (next to the input) first, computed
        in float64 (squaring float32 entries of 1e-20 or 1e20 would underflow or overflow).

    Raises:
        FloatingPointError: if the forward or backward pass overflowed float32 (the gradients exploded).

    Example:
        >>> import numpy as np
        >>> model = build_deep_mlp(depth=3, width=8, activation="tanh")
        >>> x, y = np.ones((4, 64), np.float32), np.arange(4)
        >>> norms = kernel_gradient_norms(model, x, y)
        >>> norms.shape, bool(np.all(norms > 0))
        ((3,), True)
    """
    loss_function = keras.losses.get(loss)
    kernels = [layer.kernel for layer in hidden_dense_layers(model)]
    with tf.GradientTape() as tape:
        loss_value = tf.reduce_mean(loss_function(y, model(x, training=True)))
    gradients = tape.gradient(loss_value, kernels)
    norms = np.array([np.linalg.norm(np.asarray(g, dtype=np.float64)) for g in gradients])
    if not np.all(np.isfinite(norms)):
        raise FloatingPointError("the gradients overflowed float32: they exploded; try a smaller depth.")
    return norms


def gradient_norms(x, y, depth, width, activation, initializer="glorot_uniform", seed=0,
                   batch_norm=False, residual=False):
    """Norm of the loss gradient for each hidden layer's kernel of a fresh deep MLP on the digits.

    Builds :func:`actlib.deep_mlp.build_deep_mlp` with the given arguments and measures it with
    :func:`kernel_gradient_norms` (sparse categorical cross-entropy on the batch ``(x, y)``).

    Args:
        x, y: a batch of digits and their labels (see :func:`actlib.deep_mlp.check_dataset`).
        depth, width, activation, initializer, seed, batch_norm, residual: the network, as
            :func:`actlib.deep_mlp.build_deep_mlp` takes them.

    Returns:
        An array of ``depth`` Frobenius norms ``||dL/dW_l||``, layer 1 (next to the input) first.

    Raises:
        FloatingPointError: if the forward or backward pass overflows float32.

    Example:
        >>> from actlib.deep_mlp import digits_dataset
        >>> x, y = digits_dataset(n_samples=32)
        >>> gradient_norms(x, y, depth=4, width=8, activation="sigmoid").shape
        (4,)
    """
    x, y = check_dataset(x, y)
    model = build_deep_mlp(depth=depth, width=width, activation=activation, initializer=initializer,
                           input_dim=x.shape[1], seed=seed, batch_norm=batch_norm, residual=residual)
    try:
        return kernel_gradient_norms(model, x, y)
    except FloatingPointError:
        raise FloatingPointError(
            f"the gradients overflowed float32 (depth={depth}, activation={activation!r}, "
            f"initializer={initializer!r}): they exploded; try a smaller depth."
        ) from None


def hidden_activation_statistics(model, x):
    """Mean and standard deviation of each hidden layer's activations over the batch ``x``.

    Returns an array of shape ``(2, depth)``: row 0 the means, row 1 the
    standard deviations, over all examples and units of each layer (the
    quantities Glorot and Bengio (2010) plot in their Figure 2).

    Args:
        model: a plain deep MLP from :func:`actlib.deep_mlp.build_deep_mlp`.
        x: a batch of inputs.

    Returns:
        A float64 array of shape ``(2, depth)``.

    Example:
        >>> import numpy as np
        >>> model = build_deep_mlp(depth=3, width=8, activation="tanh")
        >>> hidden_activation_statistics(model, np.ones((4, 64), np.float32)).shape
        (2, 3)
    """
    probe = keras.Model(model.input, [layer.output for layer in hidden_dense_layers(model)])
    outputs = probe(x, training=False)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    values = [np.asarray(h, dtype=np.float64) for h in outputs]
    return np.array([[v.mean() for v in values], [v.std() for v in values]])


def train_deep_mlp(x, y, depth, width, activation, initializer="glorot_uniform", epochs=10,
                   learning_rate=0.1, batch_size=64, optimizer="sgd", seed=0, batch_norm=False,
                   residual=False, track_activations=False):
    """Train a deep MLP on ``(x, y)`` and return its training record.

    Returns a dict with ``loss`` and ``accuracy`` (``epochs + 1`` values,
    before training and after each epoch, on the whole of ``x``) and, with
    ``track_activations``, ``mean`` and ``std`` (shape ``(epochs + 1, depth)``)
    from :func:`hidden_activation_statistics` on ``x``.

    Args:
        x, y: the training data (see :func:`actlib.deep_mlp.check_dataset`).
        depth, width, activation, initializer, seed, batch_norm, residual: the network, as
            :func:`actlib.deep_mlp.build_deep_mlp` takes them.
        epochs, learning_rate, batch_size, optimizer: the training, as
            :func:`actlib.deep_mlp.train_and_measure` takes them.
        track_activations: also record the hidden activations' statistics (plain MLPs only).

    Returns:
        The training record, a dict of arrays.

    Example:
        >>> from actlib.deep_mlp import digits_dataset
        >>> x, y = digits_dataset(n_samples=64)
        >>> record = train_deep_mlp(x, y, depth=2, width=8, activation="sigmoid", epochs=1,
        ...                         track_activations=True)
        >>> record["mean"].shape
        (2, 2)
    """
    x, y = check_dataset(x, y)
    model = build_deep_mlp(depth=depth, width=width, activation=activation, initializer=initializer,
                           input_dim=x.shape[1], seed=seed, batch_norm=batch_norm, residual=residual)
    measure = None
    if track_activations:
        if batch_norm or residual:
            raise ValueError("track_activations needs a plain MLP (batch_norm=False, residual=False).")

        def measure(trained):
            return hidden_activation_statistics(trained, x)

    record = train_and_measure(model, x, y, epochs=epochs, learning_rate=learning_rate, measure=measure,
                               batch_size=batch_size, optimizer=optimizer, seed=seed)
    if track_activations:
        stats = record.pop("measurements")
        record["mean"], record["std"] = stats[:, 0, :], stats[:, 1, :]
    return record
