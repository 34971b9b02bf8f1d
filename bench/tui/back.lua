-- bench/tui/back.lua — the run `make bench` goes back one step in: the
-- routing lesson's network (a -- sw1 -- r1 -- sw2 -- b) with a long ping
-- through the router, about 12 events per exchange, so that 100,000 events
-- are fired well before it ends.
local sw1, sw2 = switch("sw1"), switch("sw2")
local a, b = host("a"), host("b")
local r1 = router("r1")
link(a, sw1, { delay = "100us" })
link(r1, sw1, { delay = "100us" })
link(r1, sw2, { delay = "100us" })
link(b, sw2, { delay = "100us" })
a:ip("eth0", "10.0.1.10/24")
b:ip("eth0", "10.0.2.10/24")
r1:ip("eth0", "10.0.1.1/24")
r1:ip("eth1", "10.0.2.1/24")
a:route("default", "10.0.1.1")
b:route("default", "10.0.2.1")
local p = a:ping("10.0.2.10", { count = 20000, interval = "10ms", quiet = true })
p:wait()
