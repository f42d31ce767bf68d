-- verdict: RE
-- error: nil value
local got = {}
for _, name in ipairs({"io", "debug", "package", "dofile", "loadfile"}) do
  if _ENV[name] ~= nil then got[#got + 1] = name end
end
for _, name in ipairs({"execute", "remove", "exit", "getenv", "rename"}) do
  if os[name] ~= nil then got[#got + 1] = "os." .. name end
end
assert(#got == 0, "ESCAPED " .. table.concat(got, ","))
return os.execute("touch /tmp/looplab-adv-escape")
