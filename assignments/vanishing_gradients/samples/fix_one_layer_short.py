# replaces: build_fixed_model
# Off by one: counts the output unit as one of the DEPTH layers, so the network loses a hidden layer.
def build_fixed_model(depth=DEPTH, width=WIDTH, seed=0):
    keras.utils.set_random_seed(seed)
    hidden = [keras.layers.Dense(width, activation="relu", kernel_initializer="he_normal") for _ in range(depth - 1)]
    return keras.Sequential([keras.Input(shape=(FEATURES,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])
