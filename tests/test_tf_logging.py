"""actlib.tf_logging: importing actlib before TensorFlow keeps TensorFlow's start-up lines out of outputs.

A chapter's outputs are whatever the kernel writes, standard error included; the slow test starts
fresh Pythons to see what TensorFlow prints with and without ``import actlib`` first.
"""

import logging
import os
import subprocess
import sys

import pytest

from actlib.tf_logging import QUIET_TENSORFLOW_ENV, silence_tensorflow

# TensorFlow's start-up chatter on a CPU: the oneDNN notice and C++ log lines (I/W/E + date digits).
CHATTER_MARKERS = ("oneDNN", "cpu_feature_guard", "absl::InitializeLog")
SMALL_COMPUTATION = "import tensorflow as tf; print(float(tf.reduce_sum(tf.constant([1.0, 2.0]))))"


@pytest.fixture
def clean_environment(monkeypatch):
    for key in QUIET_TENSORFLOW_ENV:
        monkeypatch.delenv(key, raising=False)
    logger = logging.getLogger("tensorflow")
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    return logger


def test_it_sets_the_two_variables_that_quiet_tensorflow(clean_environment):
    silence_tensorflow()
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"  # C++ INFO, WARNING and ERROR lines off
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"  # no oneDNN notice, repeatable float sums
    assert clean_environment.level == logging.ERROR  # Python-side warnings too


def test_a_value_the_user_chose_is_kept(clean_environment, monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")  # a user who wants to see everything
    silence_tensorflow()
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "0"
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"


def test_importing_actlib_silences_tensorflow(clean_environment):
    import importlib

    import actlib

    importlib.reload(actlib)  # what `import actlib` does in a fresh kernel
    assert {key: os.environ[key] for key in QUIET_TENSORFLOW_ENV} == {
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
    }


@pytest.mark.slow
def test_tensorflow_prints_nothing_after_actlib_and_its_chatter_without():
    environment = {k: v for k, v in os.environ.items() if k not in QUIET_TENSORFLOW_ENV}
    runs = {
        first: subprocess.Popen(
            [sys.executable, "-c", f"{first}{SMALL_COMPUTATION}"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in ("import actlib; ", "")
    }
    (quiet_out, quiet_err), (loud_out, loud_err) = (run.communicate(timeout=300) for run in runs.values())
    assert quiet_out.strip() == loud_out.strip() == "3.0"
    assert quiet_err == "", quiet_err
    # Without actlib first TensorFlow does print (otherwise the test above would prove nothing).
    assert any(marker in loud_err for marker in CHATTER_MARKERS), loud_err
