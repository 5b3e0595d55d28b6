# replaces: relu
# Tests `if max_value:` instead of `if max_value is not None:`, so max_value=0 means no limit at all.
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    x = np.asarray(x, dtype=float)
    above = np.minimum(x, max_value) if max_value else x
    return np.where(x > threshold, above, negative_slope * (x - threshold))
