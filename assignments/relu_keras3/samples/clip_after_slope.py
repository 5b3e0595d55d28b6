# replaces: relu
# Clips the leaky output to [0, max_value]: with max_value set, the negative slope is lost.
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    x = np.asarray(x, dtype=float)
    out = np.where(x > threshold, x, negative_slope * (x - threshold))
    return out if max_value is None else np.clip(out, 0.0, max_value)
