# replaces: build_fixed_model
# Keeps sigmoid and only switches to He initialization: sigmoid' <= 1/4 still shrinks every layer's gradient.
def build_fixed_model(depth=DEPTH, width=WIDTH, seed=0):
    keras.utils.set_random_seed(seed)
    hidden = [keras.layers.Dense(width, activation="sigmoid", kernel_initializer="he_normal") for _ in range(depth)]
    return keras.Sequential([keras.Input(shape=(FEATURES,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])
