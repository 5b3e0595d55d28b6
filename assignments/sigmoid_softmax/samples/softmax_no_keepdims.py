# replaces: softmax
# Drops keepdims in the sum: right for 1-D input, a broadcasting error (or wrong axis) for a batch.
def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis)
