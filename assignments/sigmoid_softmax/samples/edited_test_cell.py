# replaces: sigmoid
# The naive sigmoid, and the student "fixed" the test that failed by deleting its overflow check:
# the test cell is graded as it was released, so the overflow still costs its points.
def sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
# replaces: test_sigmoid_stable
tails = sigmoid(np.array([-1000.0, 1000.0]))
assert np.all((tails >= 0) & (tails <= 1)), "sigmoid must stay in [0, 1]"
