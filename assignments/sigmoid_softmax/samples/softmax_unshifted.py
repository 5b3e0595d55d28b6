# replaces: softmax
# Forgets to subtract the maximum: exp(1000) overflows to inf and inf / inf is NaN.
def softmax(x, axis=-1):
    e = np.exp(np.asarray(x, dtype=float))
    return e / np.sum(e, axis=axis, keepdims=True)
