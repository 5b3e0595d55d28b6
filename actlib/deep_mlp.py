"""Deep multilayer perceptrons and the small dataset the experiment chapters train them on.

The experiments of the chapters on vanishing gradients and dying ReLUs all use
the same kind of model: ``depth`` hidden Dense layers of ``width`` units with
one activation, then a 10-way softmax layer, on scikit-learn's bundled
handwritten digits (8 x 8 images, 1,797 of them, no download needed).
"""

import keras
import numpy as np
from sklearn.datasets import load_digits

from actlib.inputs import check_count

N_CLASSES = 10


def digits_dataset(n_samples=None):
    """Return ``(x, y)``: the digits as float32 features standardised per pixel, and int labels.

    Each pixel column is shifted to mean 0 and scaled to standard deviation 1
    (columns that are constant, such as the always-blank corners, are only
    shifted). ``n_samples`` keeps the first rows only.
    """
    x, y = load_digits(return_X_y=True)
    if n_samples is not None:
        check_count(n_samples, "n_samples")
        x, y = x[:n_samples], y[:n_samples]
    spread = x.std(axis=0)
    x = (x - x.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    return x.astype(np.float32), y.astype(np.int32)


def check_dataset(x, y):
    """Return ``x`` as a float32 matrix and ``y`` as int32 class labels, or raise ValueError/TypeError."""
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind not in "fiu" or y.dtype.kind not in "iu":
        raise TypeError(f"x must hold numbers and y integer labels, got dtypes {x.dtype} and {y.dtype}.")
    if x.ndim != 2 or len(x) == 0 or y.shape != (len(x),):
        raise ValueError(
            f"x must be a non-empty (n, features) matrix and y n labels, got shapes {x.shape} and {y.shape}."
        )
    if y.min() < 0 or y.max() >= N_CLASSES:
        raise ValueError(f"y must hold class labels 0 to {N_CLASSES - 1}, got {y.min()} to {y.max()}.")
    return x.astype(np.float32), y.astype(np.int32)


def resolve_activation(activation):
    """Return the Keras activation function for a name such as ``"relu"``, or a callable unchanged."""
    if callable(activation):
        return activation
    if not isinstance(activation, str):
        raise TypeError(
            f"activation must be a name such as 'relu' or a callable, not {type(activation).__name__}."
        )
    try:
        return keras.activations.get(activation)
    except ValueError:
        raise ValueError(f"activation {activation!r} is not a keras.activations name.") from None


def initializer_factory(initializer):
    """Return a function that makes a fresh Keras initializer for each layer.

    ``initializer`` is a Keras name (``"he_normal"``) or an initializer
    instance such as ``keras.initializers.RandomNormal(stddev=1.0)``. Each
    layer gets its own copy so that unseeded initializers draw different
    weights per layer (reproducibly, after ``keras.utils.set_random_seed``).
    """
    if isinstance(initializer, str):
        try:
            keras.initializers.get(initializer)
        except ValueError:
            raise ValueError(f"initializer {initializer!r} is not a keras.initializers name.") from None
        return lambda: keras.initializers.get(initializer)
    if isinstance(initializer, keras.initializers.Initializer):
        return lambda: initializer.__class__.from_config(initializer.get_config())
    raise TypeError(
        f"initializer must be a keras.initializers name or Initializer, not {type(initializer).__name__}."
    )


def build_deep_mlp(
    depth,
    width,
    activation,
    initializer="glorot_uniform",
    input_dim=64,
    seed=0,
    batch_norm=False,
    residual=False,
    bias_initializer="zeros",
):
    """Build ``depth`` hidden Dense layers of ``width`` units, then a softmax layer of 10 classes.

    Hidden layer ``l`` computes ``h_l = act(W_l h_{l-1} + b_l)``. With
    ``batch_norm`` a BatchNormalization layer sits between each Dense layer and
    its activation; with ``residual`` every hidden layer after the first adds
    its input back, ``h_l = h_{l-1} + act(W_l h_{l-1} + b_l)``. The hidden Dense
    layers are named ``dense_1`` ... ``dense_<depth>``, the output layer
    ``output``. Weights are drawn after ``keras.utils.set_random_seed(seed)``.
    """
    check_count(depth, "depth")
    check_count(width, "width")
    check_count(input_dim, "input_dim")
    act = resolve_activation(activation)
    make_kernel = initializer_factory(initializer)
    make_bias = initializer_factory(bias_initializer)
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(input_dim,))
    h = inputs
    for layer in range(1, depth + 1):
        use_act_inside = not batch_norm
        z = keras.layers.Dense(
            width,
            activation=act if use_act_inside else None,
            kernel_initializer=make_kernel(),
            bias_initializer=make_bias(),
            name=f"dense_{layer}",
        )(h)
        if batch_norm:
            z = keras.layers.Activation(act)(keras.layers.BatchNormalization()(z))
        h = keras.layers.Add()([h, z]) if residual and layer > 1 else z
    outputs = keras.layers.Dense(
        N_CLASSES, activation="softmax", kernel_initializer=make_kernel(), name="output"
    )(h)
    return keras.Model(inputs, outputs)


def hidden_dense_layers(model):
    """The model's Dense layers except its last one (the output layer), in order."""
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    return dense[:-1]


def train_and_measure(model, x, y, epochs, learning_rate, measure=None, batch_size=64, optimizer="sgd",
                      seed=0):
    """Train ``model`` on ``(x, y)`` with sparse categorical cross-entropy, measuring it as it goes.

    The loss and accuracy on the whole of ``x`` (computed in training mode)
    are recorded before training and after each epoch, as is ``measure(model)`` if given (any array-valued
    function of the model). ``optimizer`` is ``"sgd"`` (plain stochastic
    gradient descent) or ``"adam"``. Returns a dict of arrays with
    ``epochs + 1`` rows: ``loss``, ``accuracy`` and, with ``measure``,
    ``measurements``.
    """
    x, y = check_dataset(x, y)
    check_count(epochs, "epochs")
    check_count(batch_size, "batch_size")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}.")
    optimizers = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}
    if optimizer not in optimizers:
        raise ValueError(f"optimizer must be one of {sorted(optimizers)}, got {optimizer!r}.")
    keras.utils.set_random_seed(seed)
    model.compile(optimizer=optimizers[optimizer](learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy")
    record = {"loss": [], "accuracy": []}
    if measure is not None:
        record["measurements"] = []

    def take_measurements():
        # training=True: batch normalisation normalises with the statistics of x, as during training;
        # its slowly moving inference averages would otherwise lag behind the weights for many epochs.
        probabilities = np.asarray(model(x, training=True), dtype=np.float64)
        picked = probabilities[np.arange(len(y)), y]
        record["loss"].append(-np.mean(np.log(np.maximum(picked, np.finfo(np.float64).tiny))))
        record["accuracy"].append(np.mean(probabilities.argmax(axis=1) == y))
        if measure is not None:
            record["measurements"].append(measure(model))

    take_measurements()
    for _ in range(epochs):
        model.fit(x, y, batch_size=batch_size, epochs=1, shuffle=True, verbose=0)
        take_measurements()
    return {key: np.array(values) for key, values in record.items()}
