# replaces: dead_units
# Correct, written differently from the reference: a unit is dead when its largest output is 0;
# revive() with masks and np.where.
def dead_units(model, x, layer_name="hidden"):
    probe = keras.Model(inputs=model.inputs, outputs=model.get_layer(layer_name).output)
    return probe.predict(x, verbose=0).max(axis=0) == 0
# replaces: revive
def revive(model, x, layer_name="hidden", next_layer_name="out", seed=0):
    dead = dead_units(model, x, layer_name)
    kernel, bias = model.get_layer(layer_name).get_weights()
    fresh = keras.ops.convert_to_numpy(keras.initializers.HeNormal(seed=seed)(kernel.shape))
    new_kernel = np.where(dead[None, :], fresh, kernel)
    new_bias = np.where(dead, -np.median(x @ fresh, axis=0), bias)
    model.get_layer(layer_name).set_weights([new_kernel, new_bias])
    out_kernel, out_bias = model.get_layer(next_layer_name).get_weights()
    model.get_layer(next_layer_name).set_weights([np.where(dead[:, None], 0.0, out_kernel), out_bias])
    return int(dead.sum())
