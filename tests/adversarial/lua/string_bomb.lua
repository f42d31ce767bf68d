-- verdict: MLE
local s = string.rep("x", 2^24)
local t = {}
for i = 1, 1000 do t[i] = s .. i end
return {}
