# replaces: relu
# Correct, written differently from the reference: np.select over the three pieces, and the
# derivative from a boolean mask.
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    x = np.asarray(x, dtype=np.float64)
    cap = np.inf if max_value is None else max_value
    return np.select([x > threshold], [np.minimum(x, cap)], default=negative_slope * (x - threshold))
# replaces: relu_derivative
def relu_derivative(x, negative_slope=0.0):
    x = np.asarray(x, dtype=np.float64)
    slope = np.full_like(x, negative_slope)
    slope[x > 0] = 1.0
    return slope
