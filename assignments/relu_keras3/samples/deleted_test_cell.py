# deletes: test_relu_threshold
# The reference solution, with one test cell deleted by the student: it is put back and counts.
