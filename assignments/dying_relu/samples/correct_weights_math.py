# replaces: dead_units
# Correct, written differently from the reference: the pre-activations computed from the layer's
# weights with NumPy, and revive() unit by unit in a loop.
def dead_units(model, x, layer_name="hidden"):
    kernel, bias = model.get_layer(layer_name).get_weights()
    return (np.asarray(x) @ kernel + bias <= 0).all(axis=0)
# replaces: revive
def revive(model, x, layer_name="hidden", next_layer_name="out", seed=0):
    dead = np.flatnonzero(dead_units(model, x, layer_name))
    layer, following = model.get_layer(layer_name), model.get_layer(next_layer_name)
    kernel, bias = layer.get_weights()
    out_kernel, out_bias = following.get_weights()
    fresh = np.asarray(keras.initializers.HeNormal(seed=seed)(kernel.shape))
    for unit in dead:
        kernel[:, unit] = fresh[:, unit]
        bias[unit] = -np.median(x @ fresh[:, unit])
        out_kernel[unit, :] = 0.0
    layer.set_weights([kernel, bias])
    following.set_weights([out_kernel, out_bias])
    return len(dead)
