# replaces: relu
# Correct, written differently from the reference: a float copy changed in place, piece by piece.
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    out = np.array(x, dtype=float)
    below = out <= threshold
    if max_value is not None:
        np.minimum(out, max_value, out=out, where=~below)
    out[below] = negative_slope * (out[below] - threshold)
    return out
# replaces: relu_derivative
def relu_derivative(x, negative_slope=0.0):
    return (np.asarray(x) > 0) * (1.0 - negative_slope) + negative_slope
