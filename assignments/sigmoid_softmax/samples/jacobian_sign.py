# replaces: softmax_jacobian
# Sign error: p p^T - diag(p) is the negated Jacobian.
def softmax_jacobian(x):
    p = softmax(x)
    return np.outer(p, p) - np.diag(p)
