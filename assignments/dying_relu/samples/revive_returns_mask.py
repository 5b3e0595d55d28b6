# replaces: revive
# Revives correctly but returns the boolean mask of revived units instead of how many there were.
def revive(model, x, layer_name="hidden", next_layer_name="out", seed=0):
    mask = dead_units(model, x, layer_name)
    w, b = model.get_layer(layer_name).get_weights()
    new = np.asarray(keras.initializers.HeNormal(seed=seed)(w.shape))
    w[:, mask], b[mask] = new[:, mask], -np.median(x @ new[:, mask], axis=0)
    w_out, b_out = model.get_layer(next_layer_name).get_weights()
    w_out[mask] = 0.0
    model.get_layer(layer_name).set_weights([w, b])
    model.get_layer(next_layer_name).set_weights([w_out, b_out])
    return mask
