# deletes: test_revive_keeps_live_units
# The reference solution, with one test cell deleted by the student: it is put back and counts.
