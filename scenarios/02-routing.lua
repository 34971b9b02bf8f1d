-- 02-routing.lua — a router joins two networks, and why a ping fails.
--
-- Curriculum: "Routing: connect networks together.  A router is also a
-- device in the network; a gateway is the path to the outside network;
-- ip route add default via <ip>; ip forwarding with
-- /proc/sys/net/ipv4/ip_forward."
--
--   10.0.1.0/24                                  10.0.2.0/24
--   a (.10) --- sw1 --- (.1) r1 (.1) --- sw2 --- (.10) b
--
-- Run it:   ./wirelab run scenarios/02-routing.lua
-- Lesson:   docs/lesson-02-routing.md

local sw1, sw2 = switch("sw1"), switch("sw2")
local a, b = host("a"), host("b")
-- A router is a node with net.ipv4.ip_forward = 1.  We start it at 0, as
-- every Linux machine starts, to see what that means.
local r1 = router("r1")
r1:sysctl("net.ipv4.ip_forward", 0)

link(a, sw1, { delay = "100us" })
link(r1, sw1, { delay = "100us" })   -- r1:eth0
link(r1, sw2, { delay = "100us" })   -- r1:eth1
link(b, sw2, { delay = "100us" })

a:ip("eth0", "10.0.1.10/24")
b:ip("eth0", "10.0.2.10/24")
r1:ip("eth0", "10.0.1.1/24")
r1:ip("eth1", "10.0.2.1/24")

-- 1. a only knows its own network (the "connected" route that appeared with
--    its address).  10.0.2.10 matches no route: the ping never leaves a.
local p = a:ping("10.0.2.10", { count = 1 })
p:wait()
expect_eq(p.exit_code, 2, "without a gateway, ping fails at once (exit 2)")
expect(p.output:find("connect: Network is unreachable", 1, true),
       "ping says: connect: Network is unreachable")

-- 2. Default gateways: everything not local goes to the router.
a:route("default", "10.0.1.1")
b:route("default", "10.0.2.1")
expect_eq(a:routes()[1].dst, "default", "a now has a default route")

-- 3. But r1 does not forward yet (ip_forward = 0): it receives the ping
--    for 10.0.2.10, sees the address is not its own, and drops it without
--    a word — no ICMP error.  The ping just times out.
p = a:ping("10.0.2.10", { count = 2, timeout = "2s" })
p:wait()
expect_eq(p.received, 0, "with ip_forward = 0 nothing comes back")
expect_eq(p.errors, 0, "... and no error either: Linux drops silently")
expect_eq(drops("ip_forward_off"), 2, "r1 dropped both pings: ip_forward is 0")

-- 4. Turn forwarding on (echo 1 > /proc/sys/net/ipv4/ip_forward).
r1:sysctl("net.ipv4.ip_forward", 1)
p = a:ping("10.0.2.10", { count = 3 })
p:wait()
expect_eq(p.received, 3, "with ip_forward = 1 the ping crosses the router")
expect(p.output:find("ttl=63", 1, true), "replies arrive with TTL 63: one router on the way")

-- 5. A network nobody has a route for: the router answers with ICMP
--    destination unreachable (net) — the packet left a, so a hears why.
p = a:ping("10.0.9.9", { count = 1 })
p:wait()
expect(p.output:find("From 10.0.1.1 icmp_seq=1 Destination Net Unreachable", 1, true),
       "r1 reports: Destination Net Unreachable")

-- 6. TTL expiry: with TTL 1 the packet may cross no router.  r1 discards it
--    and sends ICMP time exceeded (this is how traceroute works).
p = a:ping("10.0.2.10", { count = 1, ttl = 1 })
p:wait()
expect(p.output:find("From 10.0.1.1 icmp_seq=1 Time to live exceeded", 1, true),
       "r1 reports: Time to live exceeded")
expect_eq(drops("ttl_expired"), 1, "r1 dropped one packet because its TTL ran out")
