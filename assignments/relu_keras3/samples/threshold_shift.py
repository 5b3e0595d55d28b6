# replaces: relu
# Treats threshold as a shift of the input, relu(x - threshold): above the threshold Keras returns x itself.
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    x = np.asarray(x, dtype=float) - threshold
    above = x if max_value is None else np.minimum(x, max_value)
    return np.where(x > 0, above, negative_slope * x)
