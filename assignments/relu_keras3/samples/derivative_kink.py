# replaces: relu_derivative
# Takes the right-hand derivative at the kink: 1 at x = 0, where TensorFlow's gradient is negative_slope.
def relu_derivative(x, negative_slope=0.0):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, 1.0, negative_slope)
