# replaces: softmax_jacobian
# Ends the Python process while the notebook runs (as a crash would): this submission alone gets 0.
import os

os._exit(1)
