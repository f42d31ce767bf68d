# verdict: TLE
# error: seconds of real time
import select
select.select([], [], [], 1e6)
