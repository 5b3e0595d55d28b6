# replaces: kernel_gradient_norms
# Correct, written differently from the reference: the loss called on probabilities by name, the norm
# as the square root of the summed squares; the fix uses SELU with LeCun-normal kernels (self-normalising).
def kernel_gradient_norms(model, x, y):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape() as tape:
        probabilities = model(x, training=False)
        loss = keras.losses.BinaryCrossentropy(from_logits=False)(y, probabilities)
    gradients = tape.gradient(loss, [layer.kernel for layer in dense])
    return np.sqrt([np.sum(np.square(g.numpy())) for g in gradients])
# replaces: build_fixed_model
def build_fixed_model(depth=DEPTH, width=WIDTH, seed=0):
    keras.utils.set_random_seed(seed)
    hidden = [keras.layers.Dense(width, activation="selu", kernel_initializer="lecun_normal") for _ in range(depth)]
    return keras.Sequential([keras.Input(shape=(FEATURES,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])
