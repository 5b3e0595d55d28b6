# deletes: test_softmax_axis
# The reference solution, with one test cell deleted by the student: it is put back and counts.
