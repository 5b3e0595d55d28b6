# replaces: relu
# Right values, but an integer input gives an integer array back (np.array(x) keeps the dtype).
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    x = np.array(x)
    out = x.copy()
    below = x <= threshold
    out[below] = negative_slope * (x[below] - threshold)
    if max_value is not None:
        out[~below] = np.minimum(x[~below], max_value)
    return out
