-- verdict: TLE
while true do end
