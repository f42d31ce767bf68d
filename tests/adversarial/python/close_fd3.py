# verdict: RE
# error: before the grader could collect its results
import os
os.close(3)
print("closed the result fd")
