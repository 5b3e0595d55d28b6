# replaces: sigmoid
# The formula as written: np.exp(-x) overflows (RuntimeWarning) for x < -709.
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 1.0 / (1.0 + np.exp(-x))
