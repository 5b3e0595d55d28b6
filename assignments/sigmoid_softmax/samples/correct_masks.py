# replaces: sigmoid
# Correct, written differently from the reference: the two formulas applied through boolean masks,
# softmax one vector at a time with np.apply_along_axis, the Jacobian by broadcasting.
def sigmoid(x):
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    e = np.exp(x[~positive])
    out[~positive] = e / (1.0 + e)
    return out
# replaces: softmax
def softmax(x, axis=-1):
    def one_vector(v):
        e = np.exp(v - np.max(v))
        return e / np.sum(e)
    return np.apply_along_axis(one_vector, axis, np.asarray(x, dtype=np.float64))
# replaces: softmax_jacobian
def softmax_jacobian(x):
    p = softmax(x)
    return p[:, None] * (np.eye(len(p)) - p[None, :])
