# submitted: 2027-01-25 09:30:00 UTC
# replaces: softmax
# Subtracts the largest logit of the whole array instead of each row's: a row far below the others
# underflows to 0 / 0.
def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=axis, keepdims=True)
