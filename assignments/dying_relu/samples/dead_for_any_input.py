# replaces: dead_units
# np.any instead of np.all: flags every unit that is zero for some input, which is most healthy ReLU units too.
def dead_units(model, x, layer_name="hidden"):
    probe = keras.Model(model.inputs, model.get_layer(layer_name).output)
    return np.any(probe.predict(x, verbose=0) <= 0, axis=0)
