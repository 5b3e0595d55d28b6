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


def gradient_norms(x, y, depth, width, activation, initializer="glorot_uniform", seed=0,
                   batch_norm=False, residual=False):
    """Norm of the loss gradient for each hidden layer's kernel, at initialisation.

    Builds :func:`actlib.deep_mlp.build_deep_mlp` with the given arguments and
    takes one ``tf.GradientTape`` pass over the batch ``(x, y)`` with sparse
    categorical cross-entropy. Returns an array of ``depth`` Frobenius norms
    ``||dL/dW_l||``, layer 1 (next to the input) first. Raises
    FloatingPointError if the forward or backward pass overflows float32.
    """
    x, y = check_dataset(x, y)
    model = build_deep_mlp(depth, width, activation, initializer, input_dim=x.shape[1], seed=seed,
                           batch_norm=batch_norm, residual=residual)
    kernels = [layer.kernel for layer in hidden_dense_layers(model)]
    with tf.GradientTape() as tape:
        loss = keras.losses.sparse_categorical_crossentropy(y, model(x, training=True))
        loss = tf.reduce_mean(loss)
    # The norm is taken in float64: squaring float32 entries of 1e-20 or 1e20 would underflow or
    # overflow and report 0 or inf for gradients that are perfectly representable.
    norms = np.array([np.linalg.norm(np.asarray(g, dtype=np.float64)) for g in tape.gradient(loss, kernels)])
    if not np.all(np.isfinite(norms)):
        raise FloatingPointError(
            f"the gradients overflowed float32 (depth={depth}, activation={activation!r}, "
            f"initializer={initializer!r}): they exploded; try a smaller depth."
        )
    return norms


def hidden_activation_statistics(model, x):
    """Mean and standard deviation of each hidden layer's activations over the batch ``x``.

    Returns an array of shape ``(2, depth)``: row 0 the means, row 1 the
    standard deviations, over all examples and units of each layer (the
    quantities Glorot and Bengio (2010) plot in their Figure 2).
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
    """
    x, y = check_dataset(x, y)
    model = build_deep_mlp(depth, width, activation, initializer, input_dim=x.shape[1], seed=seed,
                           batch_norm=batch_norm, residual=residual)
    measure = None
    if track_activations:
        if batch_norm or residual:
            raise ValueError("track_activations needs a plain MLP (batch_norm=False, residual=False).")

        def measure(trained):
            return hidden_activation_statistics(trained, x)

    record = train_and_measure(model, x, y, epochs, learning_rate, measure, batch_size, optimizer, seed)
    if track_activations:
        stats = record.pop("measurements")
        record["mean"], record["std"] = stats[:, 0, :], stats[:, 1, :]
    return record
