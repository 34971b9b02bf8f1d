-- 06-docker.lua — Docker's three network modes side by side, two
-- containers talking over docker0, and a published port reached from
-- another machine.
--
-- Curriculum: "Docker networking: a container can be run with the option
-- --network: none (no network connection to the outside), host (the
-- container is connected to the host's network), bridge (an internal
-- network is created, to which the containers are connected)."
--
--   laptop 192.168.1.20 ---- sw ---- 192.168.1.10 eth0  host1  (Docker)
--                                                          |
--                                      docker0 172.17.0.1/16, a bridge
--                                         |                  |
--                                   vethXXXXXXX        vethYYYYYYY
--                                         |                  |
--                                  web 172.17.0.2      app 172.17.0.3
--                                  (nginx, -p 8080:80)  (busybox)
--
-- host1 is a Linux machine with Docker (docker.io 20.10, as Debian 12 ships
-- it).  Every `docker` line below is typed on host1; what dockerd does in
-- answer is lib/docker.lua, a file of ordinary `ip`, `sysctl` and
-- `iptables` lines, which the run prints under the `docker` line that
-- caused them.  The laptop has no route to 172.17.0.0/16: the containers'
-- network exists only inside host1.
--
-- Every command starts on a whole second of its own (on() below), so that
-- its packets are easy to find:
--   tshark -t e -r pcap-out/06-docker/laptop-eth0.pcap
--
-- Run it:   ./wirelab run scenarios/06-docker.lua
-- Lesson:   docs/lesson-06-docker.md

local sw = switch("sw")
local host1, laptop = host("host1"), host("laptop")
link(host1, sw, { delay = "100us" })
link(laptop, sw, { delay = "100us" })
host1:ip("eth0", "192.168.1.10/24")
laptop:ip("eth0", "192.168.1.20/24")

-- Run `line` on node n once the clock reads t (seconds).  A command that
-- fails is no error here: the checks look at its output and exit status.
local function on(t, n, line)
  sleep(math.max(0, t - now()))
  return n:sh(line, { check = false })
end

-- The first line of `out` that contains `what` (plain), or "".
local function line_with(out, what)
  for line in out:gmatch("[^\n]+") do
    if line:find(what, 1, true) then return line end
  end
  return ""
end

-- 1. --network none.  The container gets a network namespace of its own
--    and nothing in it but lo: no cable, no address, no route.
print("Step 1: --network none")
local out, status, err = on(0, host1, "docker run -d --name c1 --network none busybox sleep 3600")
expect_eq(status, 0, "docker run --network none")
expect(out:match("^%x+\n$") and #out == 65, "docker run -d prints the container's 64-hex id")
out = on(0, host1, "docker network ls")
expect(out:find("^NETWORK ID     NAME      DRIVER    SCOPE\n%x+   bridge    bridge    local\n"
                .. "%x+   host      host      local\n%x+   none      null      local\n$") ~= nil,
       "docker network ls: the three networks every Docker host has")
out = on(0, host1, "docker exec c1 ip addr")
expect_eq(out, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
          .. "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
          .. "    inet 127.0.0.1/8 scope host lo\n"
          .. "       valid_lft forever preferred_lft forever\n",
          "inside c1: lo and nothing else")
expect_eq(on(0, host1, "docker exec c1 ip route"), "", "inside c1: no route at all")
out, status, err = on(1, host1, "docker exec c1 ping -c 1 192.168.1.20")
expect_eq(status, 2, "c1 cannot ping the laptop (exit 2)")
expect_eq(out .. err, "ping: connect: Network is unreachable\n", "ping: connect: Network is unreachable")

-- 2. --network host.  No namespace of its own: the container's programs
--    run in host1's, see host1's devices, and a server in it listens on
--    host1's own address.
print("Step 2: --network host")
_, status = on(10, host1, "docker run -d --name hostweb --network host nginx")
expect_eq(status, 0, "docker run --network host nginx")
expect_eq(on(10, host1, "docker exec hostweb ip -br addr"), on(10, host1, "ip -br addr"),
          "inside hostweb: host1's devices and addresses, docker0 included")
out, status = on(11, laptop, "curl -s http://192.168.1.10/")
expect_eq(status, 0, "the laptop reaches nginx at host1's own address, port 80")
expect(out:find("<title>Welcome to nginx!</title>", 1, true) ~= nil, "nginx's welcome page")
expect(on(12, host1, "docker logs hostweb"):find(
         '^192%.168%.1%.20 %- %- %[01/Jan/2025:00:00:11 %+0000%] "GET / HTTP/1%.1" 200 615 "%-" "curl/7%.88%.1"\n$'),
       "nginx's access log: the laptop, 192.168.1.20")
expect_eq(on(13, host1, "docker stop hostweb"), "hostweb\n", "docker stop hostweb")
_, status = on(13, laptop, "curl -s http://192.168.1.10/")
expect_eq(status, 7, "host1's port 80 is closed again (curl exit 7)")

-- 3. The default bridge.  dockerd made docker0 when it started (step 1);
--    each container gets a namespace, a veth pair (one end in docker0, the
--    other its eth0), the next address of 172.17.0.0/16 and a default
--    route via docker0's address.
print("Step 3: the default bridge, docker0")
_, status = on(20, host1, "docker run -d --name web -p 8080:80 nginx")
expect_eq(status, 0, "docker run -d --name web -p 8080:80 nginx")
_, status = on(20, host1, "docker run -d --name app busybox sleep 3600")
expect_eq(status, 0, "docker run -d --name app busybox sleep 3600")
expect_eq(on(20, host1, "ip -br addr show docker0"), "docker0          UP             172.17.0.1/16 \n",
          "docker0: a bridge on host1, with the containers' gateway address")
-- One veth per container in docker0, named veth + 7 hex digits; its other
-- end is in the container's namespace (link-netns).
out = on(20, host1, "ip link show master docker0")
local veth_web = out:match("%d+: (veth%x%x%x%x%x%x%x)@if%d+: [^\n]* master docker0 state UP [^\n]*\n[^\n]* link%-netns web\n")
local veth_app = out:match("%d+: (veth%x%x%x%x%x%x%x)@if%d+: [^\n]* master docker0 state UP [^\n]*\n[^\n]* link%-netns app\n")
expect(veth_web ~= nil, "ip link show master docker0: web's veth")
expect(veth_app ~= nil, "ip link show master docker0: app's veth")
expect_eq(on(20, host1, "docker inspect -f '{{.NetworkSettings.IPAddress}}' web"), "172.17.0.2\n",
          "web got the first free address, 172.17.0.2")
out = on(20, host1, "docker exec app ip addr")
expect(out:find("\n%d+: eth0@if%d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 ") ~= nil,
       "inside app: eth0, the other end of a veth pair")
expect(out:find("link/ether 02:42:ac:11:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n", 1, true) ~= nil,
       "app's MAC: 02:42 and its IPv4 address in hex (ac:11:00:03 = 172.17.0.3)")
expect(out:find("inet 172.17.0.3/16 scope global eth0\n", 1, true) ~= nil, "app's address, 172.17.0.3/16")
expect_eq(on(20, host1, "docker exec app ip route"),
          "default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.3 \n",
          "app's routes: docker0's subnet, and the way out via 172.17.0.1")
-- Two containers on one bridge: one Ethernet segment, no router.
out, status = on(21, host1, "docker exec app ping -c 2 172.17.0.2")
expect_eq(status, 0, "app pings web over docker0")
expect(out:find("64 bytes from 172.17.0.2: icmp_seq=1 ttl=64 ", 1, true) ~= nil,
       "ttl=64: no router in between, docker0 only bridged the frames")
-- docker0 learned both containers' MACs, each behind its veth.
out = on(23, host1, "bridge fdb show br docker0")
expect_eq(line_with(out, "02:42:ac:11:00:02 "), "02:42:ac:11:00:02 dev " .. tostring(veth_web) .. " master docker0 ",
          "docker0's FDB: web's MAC behind web's veth, learned")
expect_eq(line_with(out, "02:42:ac:11:00:03 "), "02:42:ac:11:00:03 dev " .. tostring(veth_app) .. " master docker0 ",
          "docker0's FDB: app's MAC behind app's veth, learned")
-- Out to the LAN: host1 routes (dockerd set ip_forward=1) and MASQUERADE
-- gives the packet host1's address: the laptop sees 192.168.1.10.
out, status = on(24, host1, "docker exec app ping -c 1 192.168.1.20")
expect_eq(status, 0, "app pings the laptop")
expect(out:find("64 bytes from 192.168.1.20: icmp_seq=1 ttl=63 ", 1, true) ~= nil,
       "ttl=63: host1 routed the reply")
expect_eq(on(24, host1, "iptables -t nat -S POSTROUTING"),
          "-P POSTROUTING ACCEPT\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n"
          .. "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE\n",
          "iptables -t nat -S POSTROUTING: dockerd's MASQUERADE for 172.17.0.0/16")
out = on(25, host1, "conntrack -L -p icmp -s 172.17.0.3 -d 192.168.1.20")
expect(out:find("^icmp     1 %d+ src=172%.17%.0%.3 dst=192%.168%.1%.20 type=8 code=0 id=(%d+) "
                .. "src=192%.168%.1%.20 dst=192%.168%.1%.10 type=0 code=0 id=%1 mark=0 use=1\n$") ~= nil,
       "conntrack: app's ping, answered to 192.168.1.10")
out, status, err = on(26, laptop, "curl -sS http://172.17.0.2/")
expect_eq(status, 7, "the laptop cannot reach 172.17.0.2 itself (curl exit 7)")
expect_eq(err, "curl: (7) Failed to connect to 172.17.0.2 port 80 after 0 ms: Couldn't connect to server\n",
          "the laptop has no route to 172.17.0.0/16")

-- 4. A published port.  -p 8080:80 made a DNAT rule: what arrives for
--    host1's port 8080 goes on to 172.17.0.2 port 80.
print("Step 4: a published port, -p 8080:80")
out, status = on(30, laptop, "curl -s http://192.168.1.10:8080/")
expect_eq(status, 0, "the laptop reaches web through host1's port 8080")
expect(out:find("<title>Welcome to nginx!</title>", 1, true) ~= nil, "web's nginx answered")
out = on(31, host1, "iptables -t nat -L DOCKER -n")
expect_eq(out, "Chain DOCKER (2 references)\n"
          .. "target     prot opt source               destination         \n"
          .. "RETURN     0    --  0.0.0.0/0            0.0.0.0/0           \n"
          .. "DNAT       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:172.17.0.2:80\n",
          "iptables -t nat -L DOCKER -n: the DNAT rule of -p 8080:80")
out = on(31, host1, "iptables -L DOCKER -n")
expect(out:find("\nACCEPT     6    --  0.0.0.0/0            172.17.0.2           tcp dpt:80\n", 1, true) ~= nil,
       "iptables -L DOCKER -n: FORWARD lets it through to 172.17.0.2:80")
out, status, err = on(31, host1, "conntrack -L -p tcp --dport 8080")
expect_eq(err, "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n",
          "conntrack -L -p tcp --dport 8080: one connection")
expect(out:find("^tcp      6 %d+ TIME_WAIT src=192%.168%.1%.20 dst=192%.168%.1%.10 sport=(%d+) dport=8080 "
                .. "src=172%.17%.0%.2 dst=192%.168%.1%.20 sport=80 dport=%1 %[ASSURED%] mark=0 use=1\n$") ~= nil,
       "conntrack: 192.168.1.10:8080 for the laptop, 172.17.0.2:80 answers")
expect(on(32, host1, "docker logs web"):find(
         '^192%.168%.1%.20 %- %- %[01/Jan/2025:00:00:30 %+0000%] "GET / HTTP/1%.1" 200 615 "%-" "curl/7%.88%.1"\n$'),
       "web's access log: the laptop's own address, 192.168.1.20 (DNAT keeps the source)")
expect_eq(on(32, host1, "docker port web"), "80/tcp -> 0.0.0.0:8080\n", "docker port web")
