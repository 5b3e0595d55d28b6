# replaces: build_fixed_model
# Correct, with the Keras 2 habit input_shape= on the first layer: Keras 3 warns (UserWarning) and
# ignores it; full marks all the same.
def build_fixed_model(depth=DEPTH, width=WIDTH, seed=0):
    keras.utils.set_random_seed(seed)
    hidden = [keras.layers.Dense(width, activation="relu", kernel_initializer="he_normal", input_shape=(FEATURES,))]
    hidden += [keras.layers.Dense(width, activation="relu", kernel_initializer="he_normal") for _ in range(depth - 1)]
    return keras.Sequential([keras.Input(shape=(FEATURES,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])
