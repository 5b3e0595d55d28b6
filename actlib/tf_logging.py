"""Keep TensorFlow's start-up chatter out of notebook outputs.

TensorFlow prints C++ log lines and a oneDNN notice to the process's standard
error when it is imported. Jupyter kernels forward that stream into cell
outputs, so a rendered page would show them. The variables below are read by
TensorFlow only once, at import time, which is why ``actlib`` must be imported
before ``tensorflow``.
"""

import os

QUIET_TENSORFLOW_ENV = {
    # 3 hides INFO, WARNING and ERROR lines from TensorFlow's C++ core.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # oneDNN kernels announce themselves on import and may reorder float
    # additions between runs; turning them off silences the notice and keeps
    # every experiment bit-for-bit repeatable on the CPU.
    "TF_ENABLE_ONEDNN_OPTS": "0",
}


def silence_tensorflow():
    """Set the quiet environment (:data:`QUIET_TENSORFLOW_ENV`) unless the user chose other values.

    Returns:
        None.

    Example:
        >>> silence_tensorflow()
        >>> os.environ["TF_CPP_MIN_LOG_LEVEL"] in ("0", "1", "2", "3")
        True
    """
    for key, value in QUIET_TENSORFLOW_ENV.items():
        os.environ.setdefault(key, value)
    # Python-side warnings from absl and TensorFlow go through `logging`;
    # only configure them if TensorFlow is already loaded.
    import logging

    logging.getLogger("tensorflow").setLevel(logging.ERROR)
