# verdict: RE
# error: KeyError: 'looplab_harness'
# Once the harness module was in sys.modules and this closed its result
# stream (RE: ended before the grader could collect its results). Since the
# lockdown no harness module is there by name (every route by name:
# tests/adversarial/forge/modules.py); closing fd 3 itself: close_fd3.py.
import sys
h = sys.modules["looplab_harness"]
h.V.out.close()          # the harness can no longer report
print("tampered")
