# truncated
# The notebook file was cut off half-way (an interrupted upload): not valid JSON, graded 0 with the reason.
