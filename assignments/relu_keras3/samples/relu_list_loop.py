# replaces: relu
# A Python loop that returns a list: right for 1-D input, fails for a 2-D batch.
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    out = []
    for v in x:
        if v > threshold:
            out.append(v if max_value is None else min(v, max_value))
        else:
            out.append(negative_slope * (v - threshold))
    return out
