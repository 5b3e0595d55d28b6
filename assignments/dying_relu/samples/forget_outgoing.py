# replaces: revive
# Revives the dead units but leaves their outgoing weights: they start voting at once and the predictions change.
def revive(model, x, layer_name="hidden", next_layer_name="out", seed=0):
    dead = dead_units(model, x, layer_name)
    layer = model.get_layer(layer_name)
    kernel, bias = layer.get_weights()
    fresh = keras.ops.convert_to_numpy(keras.initializers.HeNormal(seed=seed)(kernel.shape))
    kernel[:, dead] = fresh[:, dead]
    bias[dead] = -np.median(x @ fresh[:, dead], axis=0)
    layer.set_weights([kernel, bias])
    return int(np.sum(dead))
