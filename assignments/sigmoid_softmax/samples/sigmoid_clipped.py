# replaces: sigmoid
# Silences the overflow by clipping the input: no warning, but sigmoid(-700) becomes exp(-500).
def sigmoid(x):
    x = np.clip(np.asarray(x, dtype=float), -500.0, 500.0)
    return 1.0 / (1.0 + np.exp(-x))
