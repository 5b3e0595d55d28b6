# deletes: test_norms_values
# The reference solution, with one test cell deleted by the student: it is put back and counts.
