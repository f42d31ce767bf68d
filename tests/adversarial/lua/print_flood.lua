-- verdict: OLE
while true do print(("x"):rep(1e6)) end
