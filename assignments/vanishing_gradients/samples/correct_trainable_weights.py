# replaces: kernel_gradient_norms
# Correct, written differently from the reference: the kernels picked from trainable_weights by name,
# the loss written out by hand, np.linalg.norm; the fix uses ReLU with He-uniform kernels.
def kernel_gradient_norms(model, x, y):
    kernels = [w for w in model.trainable_weights if w.path.endswith("kernel")]
    with tf.GradientTape() as tape:
        p = tf.clip_by_value(model(x), 1e-7, 1 - 1e-7)
        loss = -tf.reduce_mean(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p))
    return np.array([np.linalg.norm(g.numpy()) for g in tape.gradient(loss, kernels)])
# replaces: build_fixed_model
def build_fixed_model(depth=DEPTH, width=WIDTH, seed=0):
    keras.utils.set_random_seed(seed)
    hidden = []
    for _ in range(depth):
        hidden.append(keras.layers.Dense(width, activation="relu", kernel_initializer=keras.initializers.HeUniform()))
    return keras.Sequential([keras.Input(shape=(FEATURES,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])
