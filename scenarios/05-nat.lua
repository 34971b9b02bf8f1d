-- 05-nat.lua — a home router: private addresses masqueraded behind one
-- public address, a port forward, and a firewall that lets only it in.
--
-- Curriculum: "NAT: private addresses (RFC 1918) are not routed on the
-- internet; the router rewrites the source to its own public address
-- (MASQUERADE) and remembers the connection (conntrack) to translate the
-- reply back; a port forward (DNAT) lets an outside client reach a server
-- inside; iptables -t nat, iptables -L -n -v, conntrack -L."
--
--        home LAN 192.168.1.0/24                the ISP       "the internet"
--
--   laptop 192.168.1.10 --+                   203.0.113.0/24   198.51.100.0/24
--                         +-- sw -- lan0 home wan0 ------- isp ------- server
--   phone  192.168.1.11 --+    192.168.1.1    203.0.113.2   .1 | .1    198.51.100.10
--
-- The home router has one public address, 203.0.113.2, given by the ISP.
-- The server knows routes to public networks only: nobody on the internet
-- has a route to 192.168.1.0/24 (every home uses it).
--
-- Every command starts on a whole second of its own (on() below), so that
-- its packets are easy to find:
--   tshark -t e -r pcap-out/05-nat/home-wan0.pcap
--
-- Run it:   ./wirelab run scenarios/05-nat.lua
-- Lesson:   docs/lesson-05-nat.md

local sw = switch("sw")
local laptop, phone = host("laptop"), host("phone")
local home, isp = router("home"), router("isp")
local server = host("server")

link(laptop, sw, { delay = "100us" })
link(phone, sw, { delay = "100us" })
link(home, sw, { delay = "100us" })        -- home:eth0, the LAN side
link(home, isp, { delay = "2ms" })         -- home:eth1 - isp:eth0, the ISP's line
link(isp, server, { delay = "10ms" })      -- isp:eth1, far away

-- Name the router's two sides as home routers do: lan0 and wan0.  A device
-- is renamed while it is down (as on Linux: "Device or resource busy").
home:sh_block([[
  ip link set eth0 down
  ip link set eth0 name lan0
  ip link set eth1 down
  ip link set eth1 name wan0
  ip link set lan0 up
  ip link set wan0 up
  ip addr add 192.168.1.1/24 dev lan0
  ip addr add 203.0.113.2/24 dev wan0
  ip route add default via 203.0.113.1
]])
laptop:ip("eth0", "192.168.1.10/24")
phone:ip("eth0", "192.168.1.11/24")
laptop:route("default", "192.168.1.1")
phone:route("default", "192.168.1.1")
isp:ip("eth0", "203.0.113.1/24")
isp:ip("eth1", "198.51.100.1/24")
server:ip("eth0", "198.51.100.10/24")
-- The internet, in one line: the server reaches the public network of the
-- ISP's customers through the ISP.  There is no default route and no route
-- to 192.168.1.0/24: private addresses are not routed on the internet.
server:route("203.0.113.0/24", "198.51.100.1")

-- The server's services: a DNS server and a web server, each logging who
-- asked (the address it saw).
local dnsd = server:dns_server{ records = { ["example.org"] = "198.51.100.10" } }
local web = server:http_server{ routes = { ["/"] = "Example Domain\n" } }
local echo = server:udp_echo_server(7)         -- UDP echo (RFC 862): sends back what it gets

-- Run `line` on node n once the clock reads t (seconds).  A command that
-- fails is no error here: the checks look at its output and exit status.
local function on(t, n, line)
  sleep(math.max(0, t - now()))
  return n:sh(line, { check = false })
end

-- The line of `out` (conntrack -L's) that contains `what` (plain), or "".
local function ct_line(out, what)
  for line in out:gmatch("[^\n]+") do
    if line:find(what, 1, true) then return line end
  end
  return ""
end

-- The line of `iptables ... -L -n -v` output whose target is `target`:
-- its packet and byte counters as numbers.
local function counters(out, target)
  for line in out:gmatch("[^\n]+") do
    local pkts, bytes, t = line:match("^%s*(%d+)%s+(%d+)%s+(%S+)")
    if t == target then return tonumber(pkts), tonumber(bytes) end
  end
  return nil
end

-- 1. Without NAT.  The laptop's ping reaches the server (every router on
--    the way routes it by its destination, 198.51.100.10), but the server
--    cannot answer: it has no route to 192.168.1.10.
print("Step 1: no NAT: the reply has no way back")
local out, status, err = on(0, laptop, "ping -c 1 -W 1 198.51.100.10")
expect_eq(status, 1, "no reply to the laptop's ping (exit 1)")
expect(out:find("1 packets transmitted, 0 received, 100% packet loss", 1, true),
       "ping: 1 packets transmitted, 0 received")
local srv_eth0 = server:dev("eth0")
expect_eq(srv_eth0:stats().rx_packets, 2, "the server received the ISP's ARP request and the echo request")
expect_eq(srv_eth0:stats().tx_packets, 1, "it sent only its ARP reply: the echo reply had no route")

-- 2. MASQUERADE.  One rule on the home router: a packet that leaves by
--    wan0 gets wan0's address as its source.  conntrack remembers each
--    connection and translates the replies back.
print("Step 2: MASQUERADE")
_, status = on(10, home, "iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE")
expect_eq(status, 0, "iptables accepted the MASQUERADE rule")
out = on(10, home, "iptables -t nat -S")
expect(out:find("-A POSTROUTING -o wan0 -j MASQUERADE\n", 1, true), "iptables -t nat -S shows it")
out, status = on(10, laptop, "ping -c 1 198.51.100.10")
expect_eq(status, 0, "with MASQUERADE the laptop's ping is answered")
expect(out:find("64 bytes from 198.51.100.10: icmp_seq=1 ttl=62", 1, true),
       "the reply crossed two routers (ttl=62)")
_, status = on(11, phone, "ping -c 1 198.51.100.10")
expect_eq(status, 0, "so is the phone's")
-- The router's connection table: each ping is a flow, with two tuples: the
-- packet as the laptop sent it, and the reply as the server sends it (to
-- the router's public address).  The echo id is kept.
out, status, err = on(12, home, "conntrack -L")
expect_eq(err, "conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n",
          "conntrack -L: two flows, one per ping")
local line = ct_line(out, "src=192.168.1.10 ")
local id1, id2 = line:match("^icmp     1 %d+ src=192%.168%.1%.10 dst=198%.51%.100%.10 type=8 code=0 id=(%d+) "
                            .. "src=198%.51%.100%.10 dst=203%.0%.113%.2 type=0 code=0 id=(%d+) mark=0 use=1$")
expect(id1 ~= nil, "the laptop's flow: original 192.168.1.10 -> 198.51.100.10, reply to 203.0.113.2")
expect_eq(id1, id2, "the echo id is kept")
expect(ct_line(out, "src=192.168.1.11 "):find("dst=203.0.113.2 type=0", 1, true),
       "the phone's flow: its reply comes to 203.0.113.2 too")
-- What the server sees: the router's address, whoever asked.
out = on(13, laptop, "curl -s http://198.51.100.10/")
expect_eq(out, "Example Domain\n", "the laptop fetches the server's page")
expect(web.output:find('^203%.0%.113%.2 %- %- %[01/Jan/2025:00:00:13 %+0000%] "GET / HTTP/1%.1" 200 15 "%-" "curl/7%.88%.1"\n$'),
       "the server's access log: the client is 203.0.113.2")
-- UDP: a DNS question.  The source port is kept too.
out = on(14, phone, "dig @198.51.100.10 example.org +short")
expect_eq(out, "198.51.100.10\n", "the phone's DNS question is answered")
expect(dnsd.output:find("query[A] example.org from 203.0.113.2\n", 1, true),
       "the DNS server's log: the question came from 203.0.113.2")
out = on(14, home, "conntrack -L -p udp")
line = ct_line(out, "dport=53 ")
local sport, dport = line:match("^udp      17 %d+ src=192%.168%.1%.11 dst=198%.51%.100%.10 sport=(%d+) dport=53 "
                                .. "src=198%.51%.100%.10 dst=203%.0%.113%.2 sport=53 dport=(%d+) ")
expect(sport ~= nil, "conntrack: the UDP flow, translated to 203.0.113.2")
expect_eq(sport, dport, "its source port is kept")
-- The nat table sees the first packet of each connection only: 4 of them.
out = on(15, home, "iptables -t nat -L POSTROUTING -n -v")
expect_eq(counters(out, "MASQUERADE"), 4, "MASQUERADE counted 4 packets: the first of each connection")
-- Two hosts, one source port.  The laptop and then the phone send a UDP
-- datagram to the server's echo port 7, both from port 5000.  Outside, both
-- would be 203.0.113.2:5000 -> 198.51.100.10:7, one connection for two: the
-- router gives the second another port, and translates its echo back to 5000.
sleep(math.max(0, 16 - now()))
local c1 = laptop:udp_echo_client("198.51.100.10", 7, { sport = 5000 })
local c2 = phone:udp_echo_client("198.51.100.10", 7, { sport = 5000, start = now() + 0.5 })
expect_eq(c1:wait(), 0, "the laptop's datagram from port 5000 is echoed")
expect_eq(c2:wait(), 0, "so is the phone's, from port 5000 too")
out, status, err = on(18, home, "conntrack -L -p udp --sport 5000")
expect_eq(err, "conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n",
          "conntrack: two flows from port 5000")
expect(ct_line(out, "src=192.168.1.10 "):find(" sport=7 dport=5000 ", 1, true),
       "the laptop's keeps port 5000 outside")
local moved = tonumber(ct_line(out, "src=192.168.1.11 "):match(" sport=7 dport=(%d+) "))
expect(moved and moved ~= 5000 and moved >= 1024, "the phone's got another port outside")

-- 3. A port forward.  The laptop runs a web server.  From outside, only
--    203.0.113.2 can be reached: DNAT sends what arrives on its port 8080
--    to 192.168.1.10 port 80.
print("Step 3: a port forward")
local site = laptop:http_server{ routes = { ["/"] = "hello from the laptop\n" } }
out, status, err = on(20, server, "curl -sS http://203.0.113.2:8080/")
expect_eq(status, 7, "before the port forward: curl fails (exit 7)")
expect(err:find("Failed to connect to 203.0.113.2 port 8080 after %d+ ms: Couldn't connect to server"),
       "the router itself answered: nothing listens on its port 8080")
_, status = on(21, home, "iptables -t nat -A PREROUTING -i wan0 -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.10:80")
expect_eq(status, 0, "iptables accepted the DNAT rule")
out, status = on(21, server, "curl -s http://203.0.113.2:8080/")
expect_eq(out, "hello from the laptop\n", "the server reaches the laptop's page through 203.0.113.2:8080")
expect(site.output:find('^198%.51%.100%.10 %- %- %[01/Jan/2025:00:00:21 %+0000%] "GET / HTTP/1%.1" 200 22 '),
       "the laptop's access log: the client is the server's real address")
-- curl is done; the connection closes in the next few milliseconds.  The
-- connections the laptop answers (reply source 192.168.1.10): this one.
out, status, err = on(22, home, "conntrack -L -r 192.168.1.10")
expect_eq(err, "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n",
          "conntrack -L -r 192.168.1.10: one connection is answered by the laptop")
expect(out:find("^tcp      6 %d+ TIME_WAIT src=198%.51%.100%.10 dst=203%.0%.113%.2 sport=(%d+) dport=8080 "
                 .. "src=192%.168%.1%.10 dst=198%.51%.100%.10 sport=80 dport=%1 %[ASSURED%] mark=0 use=1\n$"),
       "conntrack: the connection, 203.0.113.2:8080 seen from outside, 192.168.1.10:80 inside")

-- 4. NAT is not a firewall.  The ISP's router is a neighbour of wan0: it
--    can route 192.168.1.0/24 to 203.0.113.2, and the home router forwards.
print("Step 4: a firewall")
on(30, isp, "ip route add 192.168.1.0/24 via 203.0.113.2")
_, status = on(30, isp, "ping -c 1 -W 1 192.168.1.10")
expect_eq(status, 0, "the ISP's router reaches the laptop directly: NAT hides nothing")
-- Let in new connections from wan0 only to the forwarded port (FORWARD
-- sees the packet after DNAT: 192.168.1.10 port 80), drop other new ones.
-- Replies (ESTABLISHED) are not NEW: they go through.
on(31, home, "iptables -A FORWARD -i wan0 -p tcp -d 192.168.1.10 --dport 80 -j ACCEPT")
on(31, home, "iptables -A FORWARD -i wan0 -m conntrack --ctstate NEW -j DROP")
_, status = on(31, isp, "ping -c 1 -W 1 192.168.1.10")
expect_eq(status, 1, "now the ISP's ping gets no answer")
expect_eq(drops("nf_drop"), 1, "the home router dropped it: an iptables rule")
out = on(33, server, "curl -s http://203.0.113.2:8080/")
expect_eq(out, "hello from the laptop\n", "the port forward still works")
_, status = on(34, laptop, "ping -c 1 198.51.100.10")
expect_eq(status, 0, "and the laptop's ping: its reply is ESTABLISHED, not NEW")
out = on(35, home, "iptables -L FORWARD -n -v")
local dp, db = counters(out, "DROP")
expect_eq(dp, 1, "iptables -L -n -v: the DROP rule counted 1 packet")
expect_eq(db, 84, "... of 84 bytes (the echo request)")
expect_eq(select(1, counters(out, "ACCEPT")) > 0, true, "the ACCEPT rule counted the forwarded connection")
