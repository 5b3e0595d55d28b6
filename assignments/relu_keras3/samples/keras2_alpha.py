# replaces: relu
# Keras 2's signature: `alpha` instead of `negative_slope`, so every call with negative_slope= fails.
def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    x = np.asarray(x, dtype=float)
    above = x if max_value is None else np.minimum(x, max_value)
    return np.where(x > threshold, above, alpha * (x - threshold))
