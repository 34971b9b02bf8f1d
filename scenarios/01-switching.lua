-- 01-switching.lua — how a switch learns where every host is.
--
-- Curriculum: "Switching: a switch connects hosts with interfaces in a
-- network."  Four hosts share one switch.  A switch in wirelab is what it
-- is on Linux: a node holding a bridge (br0) whose ports are its cables.
--
-- Run it:   ./wirelab run scenarios/01-switching.lua
-- Traces:   pcap-out/01-switching/<node>-<dev>.pcap  (open c-eth0.pcap in
--           Wireshark: c sees the broadcasts and the flooded frames that
--           were never meant for it)
-- Lesson:   docs/lesson-01-switching.md

local sw = switch("sw1")
local a, b, c, d = host("a"), host("b"), host("c"), host("d")

-- One cable per host, like patching four PCs into a desk switch.
for _, h in ipairs({ a, b, c, d }) do
  link(h, sw, { bandwidth = "100Mbit", delay = "10us" })
end

a:ip("eth0", "10.0.0.1/24")
b:ip("eth0", "10.0.0.2/24")
c:ip("eth0", "10.0.0.3/24")
d:ip("eth0", "10.0.0.4/24")

-- 1. A new switch knows nothing: its forwarding database (FDB) holds only
--    its own ports' addresses (the "local" entries).
local function learned(node)
  local n = 0
  for _, e in ipairs(node:fdb()) do
    if not e.is_local then n = n + 1 end
  end
  return n
end
expect_eq(learned(sw), 0, "a new switch has learned no MAC address yet")

-- 2. a pings b.  a does not know b's MAC, so it broadcasts an ARP request;
--    the switch floods the broadcast out of every other port (b, c and d
--    all receive it) and learns, from the source address, that a is
--    behind port eth0.  b answers straight to a: the switch already knows
--    where a is, so c and d never see the reply.
local p = a:ping("10.0.0.2", { count = 2 })
p:wait()
expect_eq(p.received, 2, "a reaches b on the same LAN")

local ports = {}
for _, e in ipairs(sw:fdb()) do
  if not e.is_local then ports[e.mac] = e.port end
end
expect_eq(ports[a:dev("eth0").mac], "eth0", "the switch learned a's MAC on port eth0")
expect_eq(ports[b:dev("eth0").mac], "eth1", "the switch learned b's MAC on port eth1")
expect_eq(ports[c:dev("eth0").mac], nil, "c has not spoken yet, so the switch does not know it")
expect_eq(c:dev("eth0"):stats().rx_packets, 1,
          "c received exactly one frame: the flooded ARP broadcast")

-- 3. Ageing: an entry nobody refreshes is forgotten after 300 seconds.
--    (The last frames were ARP probes a few seconds after the ping, so we
--    wait a little longer than 300 s.)
sleep("320s")
expect_eq(learned(sw), 0, "after 300 s of silence the switch forgot every MAC")

-- 4. Unknown unicast.  a still remembers b's MAC in its ARP cache (a STALE
--    entry stays), so it sends the ping straight to b's MAC.  The switch
--    no longer knows where that MAC is and floods the frame to every
--    other port: c and d receive a frame addressed to someone else and
--    drop it ("otherhost").
local before = drops("otherhost")
p = a:ping("10.0.0.2", { count = 1 })
p:wait()
expect_eq(p.received, 1, "the ping still works after the FDB emptied")
expect(drops("otherhost") - before >= 2,
       "c and d each dropped a flooded frame that was not for them")

-- 5. The FDB fills again as hosts talk.
c:ping("10.0.0.4", { count = 1 }):wait()
expect_eq(learned(sw), 4, "after everyone has spoken, the switch knows all four hosts")
print("FDB of sw1 at the end:")
for _, e in ipairs(sw:fdb()) do
  if not e.is_local then
    print(string.format("  %s dev %s  (age %.1fs)", e.mac, e.port, e.age))
  end
end
