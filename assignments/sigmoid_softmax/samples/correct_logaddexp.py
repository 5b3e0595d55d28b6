# replaces: sigmoid
# Correct, written differently from the reference: sigmoid(x) = exp(-log(1 + exp(-x))) with np.logaddexp,
# softmax through the log-sum-exp, the Jacobian entry by entry.
def sigmoid(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -x))
# replaces: softmax
def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    top = x.max(axis=axis, keepdims=True)
    log_sum = top + np.log(np.exp(x - top).sum(axis=axis, keepdims=True))
    return np.exp(x - log_sum)
# replaces: softmax_jacobian
def softmax_jacobian(x):
    p = softmax(x)
    n = len(p)
    return np.array([[p[i] * ((i == j) - p[j]) for j in range(n)] for i in range(n)])
