# replaces: kernel_gradient_norms
# Walks the layers backwards, as backpropagation does, and forgets to flip the result.
def kernel_gradient_norms(model, x, y):
    kernels = [layer.kernel for layer in reversed(model.layers) if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape() as tape:
        loss = keras.losses.BinaryCrossentropy()(y, model(x))
    return np.array([float(tf.norm(g)) for g in tape.gradient(loss, kernels)])
