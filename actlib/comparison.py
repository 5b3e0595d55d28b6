"""Measured comparisons of the registry's activations: compute cost and a training race.

Two experiments, both returning plain arrays and dicts (the chapters plot them):

* :func:`measure_cost` times each activation's forward pass and forward plus
  backward pass, per element, in NumPy (actlib's reference implementation and
  its derivative) and in TensorFlow (``keras.activations.<name>`` under a
  ``tf.GradientTape``). Each figure is the best of several repeats, which is
  the least disturbed by other programs on the machine. :func:`cost_ratios`
  divides by ReLU's figures.
* :func:`training_race` trains one small Dense network on scikit-learn's
  bundled ``load_digits`` data with each activation and several seeds, and
  returns the test accuracy after every epoch and the wall time of every epoch.

TensorFlow is imported inside the functions, so ``import actlib`` stays fast.
"""

import numbers
import time

import numpy as np

from actlib.inputs import check_count
from actlib.registry import ACTIVATIONS, get

COST_KEYS = ("numpy_forward", "numpy_forward_backward", "tf_forward", "tf_forward_backward")
ROW_LENGTH = 256  # inputs are (size // 256, 256) so axis-wise activations see real rows


def keras_function(name):
    """Return ``keras.activations.<name>``, or raise ValueError if Keras has no such function."""
    import keras

    get(name)  # unknown names get the registry's message
    function = getattr(keras.activations, name, None)
    if function is None:
        raise ValueError(f"activation {name!r} is in actlib's registry but not in keras.activations.")
    return function


def comparable_names():
    """Registry activations that also exist in ``keras.activations``, in registry order."""
    import keras

    return [name for name in ACTIVATIONS if hasattr(keras.activations, name)]


def _check_names(names):
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise TypeError(f"names must be a list of activation names, not {type(names).__name__}.")
    names = list(names)
    if not names:
        raise ValueError("names is empty; give at least one activation name.")
    for name in names:
        keras_function(name)
    return names


def _check_seeds(seeds):
    if isinstance(seeds, (str, numbers.Number)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of integers, not {type(seeds).__name__}.")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds is empty; give at least one integer seed.")
    for seed in seeds:
        check_count(seed, "each seed", minimum=0)
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be different from each other; got {seeds}.")
    return [int(s) for s in seeds]


def best_time(function, repeats):
    """Seconds taken by the fastest of ``repeats`` calls of ``function()`` (after one warm-up call)."""
    function()
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def measure_cost(names=None, numpy_size=2**18, tf_size=2**20, repeats=5, seed=0):
    """Nanoseconds per element for each activation, best of ``repeats`` rounds of timings.

    ``names`` defaults to :func:`comparable_names`. The inputs are float32
    numbers drawn from ``3 * N(0, 1)`` with ``np.random.default_rng(seed)``,
    shaped ``(size // 256, 256)``: ``numpy_size`` of them for NumPy and
    ``tf_size`` for TensorFlow, whose every eager call carries a fixed
    overhead of some microseconds that a large input makes negligible. Each
    activation gets its Keras default parameters (from the registry).
    Returns ``{name: {key: ns_per_element}}`` with the keys in :data:`COST_KEYS`:

    * ``numpy_forward``: ``actlib.<name>(x)``;
    * ``numpy_forward_backward``: ``actlib.<name>(x)`` plus ``actlib.derivative(name)(x)``;
    * ``tf_forward``: ``keras.activations.<name>(x)`` on a ``tf.Tensor``;
    * ``tf_forward_backward``: the same under ``tf.GradientTape``, plus ``tape.gradient``.
    """
    import tensorflow as tf

    names = comparable_names() if names is None else _check_names(names)
    repeats = check_count(repeats, "repeats")
    rng = np.random.default_rng(seed)
    inputs = {}
    for argument, size in (("numpy_size", numpy_size), ("tf_size", tf_size)):
        size = check_count(size, argument, minimum=ROW_LENGTH)
        if size % ROW_LENGTH:
            raise ValueError(f"{argument} must be a multiple of {ROW_LENGTH}; got {size}.")
        inputs[argument] = (3.0 * rng.standard_normal((size // ROW_LENGTH, ROW_LENGTH))).astype(np.float32)
    x, x_tf = inputs["numpy_size"], tf.constant(inputs["tf_size"])
    sizes = {"numpy": x.size, "tf": int(tf.size(x_tf))}
    timed = {}
    for name in names:
        record, keras_fn = get(name), keras_function(name)
        params = record.parameters

        def tf_forward_backward(fn=keras_fn, params=params):
            with tf.GradientTape() as tape:
                tape.watch(x_tf)
                y = fn(x_tf, **params)
            return tape.gradient(y, x_tf)

        timed[name] = {
            "numpy_forward": lambda r=record: r.function(x, **r.parameters),
            "numpy_forward_backward": lambda r=record: (r.function(x, **r.parameters),
                                                        r.derivative(x, **r.parameters)),
            "tf_forward": lambda fn=keras_fn, params=params: fn(x_tf, **params),
            "tf_forward_backward": tf_forward_backward,
        }
    # Round robin: every round times every activation once, and each keeps its fastest round.
    # A burst of load from other programs then slows one round of everything, not all the
    # repeats of one activation (which would distort every ratio to it). Round 0 warms up.
    best = {name: dict.fromkeys(COST_KEYS, np.inf) for name in names}
    for round_number in range(repeats + 1):
        for name in names:
            for key in COST_KEYS:
                start = time.perf_counter()
                timed[name][key]()
                if round_number:
                    best[name][key] = min(best[name][key], time.perf_counter() - start)
    return {name: {key: best[name][key] / sizes[key.split("_")[0]] * 1e9 for key in COST_KEYS}
            for name in names}


def cost_ratios(costs, reference="relu"):
    """Divide every figure of :func:`measure_cost`'s result by ``reference``'s figure."""
    if reference not in costs:
        raise ValueError(f"reference {reference!r} is not among the measured activations {sorted(costs)}.")
    base = costs[reference]
    return {name: {key: value[key] / base[key] for key in COST_KEYS} for name, value in costs.items()}


def digits_split(test_size=500, seed=0):
    """scikit-learn's 8x8 digits, pixels scaled to [0, 1], split at random into train and test.

    Returns ``(x_train, y_train, x_test, y_test)`` as float32 / int arrays.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    order = np.random.default_rng(seed).permutation(len(x))
    test, train = order[:test_size], order[test_size:]
    return x[train], digits.target[train], x[test], digits.target[test]


def _race_callback(x_test, y_test, record):
    """A Keras callback that appends each epoch's wall time and test accuracies to ``record``.

    The clock stops at the end of the epoch, before the test set is scored, so
    the time is the training time alone. Scoring calls the model eagerly on
    the 500 test images, which needs no traced evaluation function.
    """
    import keras

    class RaceCallback(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            record["epoch_seconds"].append(time.perf_counter() - self.start)
            outputs = self.model(x_test, training=False)
            outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
            record["accuracy"].append([float(np.mean(np.argmax(np.asarray(o), axis=-1) == y_test))
                                       for o in outputs])

    return RaceCallback()


def race_model(name, seeds, hidden=(32, 32), learning_rate=0.003):
    """One Keras model holding one independent Dense network per seed.

    Each network is ``64 -> hidden... -> 10`` with activation ``name`` in its
    hidden layers and softmax on top, its weights drawn by Glorot-uniform
    initialisers seeded from its own seed. The networks share only the input,
    so training them together on the sum of their losses gives each one the
    gradients it would get alone (Adam updates every weight independently),
    while TensorFlow traces one graph instead of one per seed.
    """
    import keras

    function, params = keras_function(name), get(name).parameters
    inputs = keras.Input(shape=(64,))
    outputs = []
    for seed in seeds:
        h = inputs
        for layer, units in enumerate((*hidden, 10)):
            init = keras.initializers.GlorotUniform(seed=1000 * seed + layer)
            h = keras.layers.Dense(units, kernel_initializer=init, name=f"seed{seed}_dense{layer}")(h)
            if layer < len(hidden):
                h = keras.layers.Lambda(lambda t, f=function, p=params: f(t, **p))(h)
        outputs.append(keras.layers.Activation("softmax", name=f"seed{seed}")(h))
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=["sparse_categorical_crossentropy"] * len(seeds),
        jit_compile=False,
    )
    return model


def training_race(names, seeds=(0, 1, 2), epochs=10, batch_size=64, hidden=(32, 32), learning_rate=0.003):
    """Train a small digits classifier with each activation and return what happened.

    For each activation in ``names``: one network per seed (see
    :func:`race_model`), trained for ``epochs`` epochs with Adam on
    :func:`digits_split`'s training set, the batches shuffled in the same
    order for every activation. Returns ``{name: {"accuracy": array of shape
    (len(seeds), epochs), "epoch_seconds": array of shape (epochs,)}}``: the
    test accuracy after each epoch for each seed, and the wall time of each
    epoch for all the seeds' networks together (the first epoch includes
    TensorFlow's tracing of the training step).
    """
    import keras

    names = _check_names(names)
    seeds = _check_seeds(seeds)
    epochs = check_count(epochs, "epochs")
    batch_size = check_count(batch_size, "batch_size")
    x_train, y_train, x_test, y_test = digits_split()
    results = {}
    for name in names:
        model = race_model(name, seeds, hidden=hidden, learning_rate=learning_rate)
        record = {"accuracy": [], "epoch_seconds": []}
        keras.utils.set_random_seed(0)  # the same batch order for every activation
        model.fit(x_train, [y_train] * len(seeds), epochs=epochs, batch_size=batch_size, verbose=0,
                  callbacks=[_race_callback(x_test, y_test, record)])
        results[name] = {"accuracy": np.array(record["accuracy"]).T,
                         "epoch_seconds": np.array(record["epoch_seconds"])}
    return results
