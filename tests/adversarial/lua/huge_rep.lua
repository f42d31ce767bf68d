-- verdict: RE
-- error: too large
local s = string.rep("x", 2^40)
return {}
