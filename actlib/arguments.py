"""Argument checks shared by the experiment modules (pure Python, no TensorFlow)."""

import numpy as np


def check_positive_int(name, value):
    """Raise TypeError unless ``value`` is an integer (bools refused), ValueError unless it is >= 1."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer >= 1, not {type(value).__name__}.")
    if value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value}.")
