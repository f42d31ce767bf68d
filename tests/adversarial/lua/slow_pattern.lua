-- verdict: TLE
string.find(("a"):rep(5000), ("a-"):rep(12) .. "b")
return {}
