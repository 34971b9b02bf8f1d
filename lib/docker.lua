-- lib/docker.lua — Docker's networking, built from the pieces Linux has.
--
-- Read this file as a lesson.  `docker run` feels like magic, but what the
-- Docker daemon does to the network is a handful of ordinary commands, and
-- every one of them is written out below, exactly as you could type it as
-- root on a Linux machine (and as wirelab runs it, through the same command
-- layer that runs your own lines):
--
--   a network namespace per container       ip netns add
--   a bridge, docker0, with the gateway     ip link add docker0 type bridge
--   a veth pair per container               ip link add vethXXXXXXX type veth ...
--   the container's address and route       ip addr add, ip route add default
--   routing between the two                 sysctl net.ipv4.ip_forward=1
--   NAT out, published ports in             iptables -t nat ... MASQUERADE, DNAT
--   the host's own localhost:8080           docker-proxy, a small TCP relay
--
-- Start reading at daemon() (what dockerd does when it starts), then
-- cmd_run() (what `docker run` does), attach_bridge() and port_rules().
--
-- The model is Docker 20.10 as Debian 12 ships it (docker.io 20.10.24), with
-- the iptables rules of the "classic" layout that Docker kept until 27
-- (docs/docker.md; the reference's §4.1).  Docker 20.10 still derives a
-- container's MAC address from its IPv4 address (02:42 + the four bytes).
--
-- Every random name (container ids, veth names, MAC addresses of bridges)
-- comes from math.random, which wirelab draws from the run's seed: the same
-- scenario and seed build the same names.
--
-- What wirelab leaves out is listed in docs/docker.md: images are not
-- pulled or stored (a short list below says what each known image runs),
-- no embedded DNS server (127.0.0.11) on user networks, no IPv6, no
-- volumes or cgroups.
--
-- This file is `require "docker"` in a Lua scenario, and the `docker`
-- command everywhere a command can be typed (shell scenarios, n:sh(), the
-- TUI prompt): sim/lua/lua_api_ext.c calls command() below with the words
-- typed.

local M = {}

M.VERSION = "20.10.24+dfsg1"    -- `docker version`: Debian 12's docker.io
M.API = "1.41"

-- Captured now: a scenario may reuse these global names for its own things.
local node_named, now = node, now
local fmt, concat = string.format, table.concat

---------------------------------------------------------------------------
-- Images.  wirelab has no registry and no file systems: an image is a name
-- and what the container runs.  The programs are wirelab's own: nginx is the
-- simulator's HTTP server answering with nginx's welcome page; busybox,
-- alpine, debian and ubuntu run a shell, which with no terminal and nothing
-- to read exits at once (as `docker run busybox` does on a real host).
---------------------------------------------------------------------------

local NGINX_PAGE = [[
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
]]

M.images = {
        nginx = { cmd = { "/docker-entrypoint.sh", "nginx", "-g", "daemon off;" },
                  expose = { "80/tcp" }, server = "nginx/1.27.3",
                  -- The daemon it runs: an HTTP server on port 80.
                  start = function(c)
                          return c.node:http_server{ port = 80, server = "nginx/1.27.3",
                                                     routes = { ["/"] = NGINX_PAGE } }
                  end },
        busybox = { cmd = { "sh" } },
        alpine = { cmd = { "/bin/sh" } },
        debian = { cmd = { "bash" } },
        ubuntu = { cmd = { "bash" } },
}

---------------------------------------------------------------------------
-- Small helpers
---------------------------------------------------------------------------

-- `n` hex digits from the seeded generator.
local function hex(n)
        local t = {}
        for i = 1, n do t[i] = fmt("%x", math.random(0, 15)) end
        return concat(t)
end

-- 02:42 and four random bytes: the MAC Docker gives a bridge it makes.
local function random_mac()
        return fmt("02:42:%02x:%02x:%02x:%02x", math.random(0, 255), math.random(0, 255),
                   math.random(0, 255), math.random(0, 255))
end

local function ip2int(s)
        local a, b, c, d = s:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
        if not a then return nil end
        a, b, c, d = tonumber(a), tonumber(b), tonumber(c), tonumber(d)
        if a > 255 or b > 255 or c > 255 or d > 255 then return nil end
        return ((a * 256 + b) * 256 + c) * 256 + d
end

local function int2ip(n)
        return fmt("%d.%d.%d.%d", (n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255)
end

-- "172.17.0.0/16" -> network (integer), prefix length; nil when malformed.
local function parse_cidr(s)
        local a, len = s:match("^([%d.]+)/(%d+)$")
        local n = a and ip2int(a)
        len = tonumber(len)
        if not n or not len or len < 1 or len > 30 then return nil end
        local mask = (0xffffffff << (32 - len)) & 0xffffffff
        return n & mask, len
end

-- Docker <= 25: the container's MAC is 02:42 followed by its IPv4 address.
local function mac_from_ip(ip)
        local n = ip2int(ip)
        return fmt("02:42:%02x:%02x:%02x:%02x", (n >> 24) & 255, (n >> 16) & 255,
                   (n >> 8) & 255, n & 255)
end

-- go-units' HumanDuration, which `docker ps` prints.
local function human_duration(s)
        s = math.floor(s)
        if s < 1 then return "Less than a second"
        elseif s == 1 then return "1 second"
        elseif s < 60 then return fmt("%d seconds", s) end
        local m = s // 60
        if m == 1 then return "About a minute"
        elseif m < 60 then return fmt("%d minutes", m) end
        local h = math.floor(s / 3600 + 0.5)
        if h == 1 then return "About an hour"
        elseif h < 48 then return fmt("%d hours", h) end
        return fmt("%d days", h // 24)
end

-- A table the way the docker CLI prints one: Go's tabwriter with a minimum
-- cell width of 10 and 3 spaces of padding, the last column unpadded.
-- Widths are counted in characters, as tabwriter does ("…" is one).
local function tabwrite(rows)
        local function width(s) return utf8.len(s) or #s end
        local w = {}
        for _, r in ipairs(rows) do
                for i = 1, #r - 1 do
                        w[i] = math.max(w[i] or 10, width(r[i]) + 3)
                end
        end
        local out = {}
        for _, r in ipairs(rows) do
                local line = {}
                for i = 1, #r - 1 do line[i] = r[i] .. string.rep(" ", w[i] - width(r[i])) end
                line[#r] = r[#r]
                out[#out + 1] = concat(line) .. "\n"
        end
        return concat(out)
end

-- Docker's names for its errors end with this hint line.
local function see(cmd) return fmt("See 'docker %s --help'.\n", cmd) end

-- A failure the way the docker CLI reports it.
local function fail(status, err) return { out = "", err = err, status = status } end

---------------------------------------------------------------------------
-- The daemon's state, per Docker host (the machine `docker` was typed on)
---------------------------------------------------------------------------

local daemons = {}

-- Run one command line on node n, as root on that machine.  Every line
-- below is one a learner could type; a failure is a bug in this file (or a
-- name the scenario took already), and stops the docker command with the
-- tool's own message.
local function sh(n, line)
        return n:sh(line)
end

local function is_running(c) return c.state == "running" end

---------------------------------------------------------------------------
-- A bridge network: dockerd's bridge driver
---------------------------------------------------------------------------

-- The iptables rules of one bridge network, as Docker 20.10 programs them.
-- `first` is true for docker0, made when the daemon starts; a network made
-- later by `docker network create` inserts its rules above the older ones
-- (dockerd uses `iptables -I`), which is why iptables-save lists the newest
-- network first.
local function bridge_rules(host, net, first)
        local br, subnet = net.bridge, net.subnet
        -- Leaving the host: packets from the containers' subnet get the
        -- address of the interface they leave by (source NAT).
        if first then
                sh(host, fmt("iptables -t nat -A POSTROUTING -s %s ! -o %s -j MASQUERADE", subnet, br))
                -- Traffic coming from the bridge itself is never DNATed again.
                sh(host, fmt("iptables -t nat -A DOCKER -i %s -j RETURN", br))
                -- FORWARD: replies to connections the containers opened come
                -- back in; new connections in only through the DOCKER chain
                -- (one ACCEPT per published port); anything from the
                -- containers goes out, and between containers of the same
                -- bridge.
                sh(host, fmt("iptables -A FORWARD -o %s -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", br))
                sh(host, fmt("iptables -A FORWARD -o %s -j DOCKER", br))
                sh(host, fmt("iptables -A FORWARD -i %s ! -o %s -j ACCEPT", br, br))
                sh(host, fmt("iptables -A FORWARD -i %s -o %s -j ACCEPT", br, br))
                -- Isolation: a packet from this bridge to another Docker
                -- bridge is dropped in stage 2.
                sh(host, fmt("iptables -A DOCKER-ISOLATION-STAGE-1 -i %s ! -o %s -j DOCKER-ISOLATION-STAGE-2", br, br))
                sh(host, fmt("iptables -A DOCKER-ISOLATION-STAGE-2 -o %s -j DROP", br))
        else
                sh(host, fmt("iptables -t nat -I POSTROUTING 1 -s %s ! -o %s -j MASQUERADE", subnet, br))
                sh(host, fmt("iptables -t nat -I DOCKER 1 -i %s -j RETURN", br))
                -- Below the two jumps (DOCKER-USER, DOCKER-ISOLATION-STAGE-1)
                -- that must stay first in FORWARD.
                sh(host, fmt("iptables -I FORWARD 3 -o %s -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", br))
                sh(host, fmt("iptables -I FORWARD 4 -o %s -j DOCKER", br))
                sh(host, fmt("iptables -I FORWARD 5 -i %s ! -o %s -j ACCEPT", br, br))
                sh(host, fmt("iptables -I FORWARD 6 -i %s -o %s -j ACCEPT", br, br))
                sh(host, fmt("iptables -I DOCKER-ISOLATION-STAGE-1 1 -i %s ! -o %s -j DOCKER-ISOLATION-STAGE-2", br, br))
                sh(host, fmt("iptables -I DOCKER-ISOLATION-STAGE-2 1 -o %s -j DROP", br))
        end
end

local function bridge_rules_delete(host, net)
        local br, subnet = net.bridge, net.subnet
        sh(host, fmt("iptables -t nat -D POSTROUTING -s %s ! -o %s -j MASQUERADE", subnet, br))
        sh(host, fmt("iptables -t nat -D DOCKER -i %s -j RETURN", br))
        sh(host, fmt("iptables -D FORWARD -o %s -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", br))
        sh(host, fmt("iptables -D FORWARD -o %s -j DOCKER", br))
        sh(host, fmt("iptables -D FORWARD -i %s ! -o %s -j ACCEPT", br, br))
        sh(host, fmt("iptables -D FORWARD -i %s -o %s -j ACCEPT", br, br))
        sh(host, fmt("iptables -D DOCKER-ISOLATION-STAGE-1 -i %s ! -o %s -j DOCKER-ISOLATION-STAGE-2", br, br))
        sh(host, fmt("iptables -D DOCKER-ISOLATION-STAGE-2 -o %s -j DROP", br))
end

-- Make the Linux bridge of a network and give it the gateway address.
local function bridge_create(host, net, first)
        local _, len = parse_cidr(net.subnet)
        local bcast = int2ip(net.net_int | ((1 << (32 - len)) - 1))
        -- A bridge is a virtual switch; its own address is the containers'
        -- default gateway.
        sh(host, fmt("ip link add %s type bridge", net.bridge))
        sh(host, fmt("ip link set %s address %s", net.bridge, random_mac()))
        sh(host, fmt("ip addr add %s/%d brd %s dev %s", net.gateway, len, bcast, net.bridge))
        sh(host, fmt("ip link set %s up", net.bridge))
        bridge_rules(host, net, first)
end

local function new_network(d, name, driver, subnet, gateway)
        local net = { id = hex(64), name = name, driver = driver, subnet = subnet,
                      gateway = gateway, used = {}, created = now() }
        if subnet then
                net.net_int = parse_cidr(subnet)
                net.used[ip2int(gateway)] = true
        end
        d.networks[#d.networks + 1] = net
        return net
end

---------------------------------------------------------------------------
-- The daemon starts (the first docker command on a host)
---------------------------------------------------------------------------

local start_daemon

local function daemon(host)
        local key = host.name
        local d = daemons[key]
        if d and pcall(host.dev, host, "docker0") then return d end
        if d then
                -- docker0 is gone: the machine was rebooted (a reboot loses
                -- every bridge, veth, namespace, rule and sysctl set at run
                -- time).  dockerd starts again and builds its networks
                -- anew; the containers it had are stopped, their network
                -- with them, as after a real reboot without a restart policy.
                for _, c in ipairs(d.containers) do
                        if is_running(c) then
                                c.state, c.exit_code, c.finished = "exited", 255, now()
                        end
                        c.torn_down = true
                        c.ports = {}
                end
                d.ports = {}
                for _, n in ipairs(d.networks) do
                        if n.subnet then
                                n.used = { [ip2int(n.gateway)] = true }
                        end
                end
        else
                d = { host = host, networks = {}, containers = {}, ports = {},
                      next_port = 32768, next_pool = 1 }
                daemons[key] = d
        end
        start_daemon(d)
        return d
end

-- What dockerd does to the network when it starts.
function start_daemon(d)
        local host = d.host

        -- dockerd turns routing on: packets between docker0 and the
        -- outside cross the host.  When it is the one turning it on, it
        -- also sets the FORWARD policy to DROP (since Docker 1.13), so that
        -- the host does not start forwarding everything else by accident;
        -- its own rules let its traffic through.  A host that routed
        -- already keeps its policy.
        if sh(host, "sysctl -n net.ipv4.ip_forward") == "0\n" then
                sh(host, "sysctl -w net.ipv4.ip_forward=1")
                sh(host, "iptables -P FORWARD DROP")
        end
        -- dockerd loads br_netfilter: frames bridged between two
        -- containers on docker0 cross iptables too (the isolation rules
        -- and published ports need it).
        sh(host, "sysctl -w net.bridge.bridge-nf-call-iptables=1")

        -- Its chains: DOCKER for published ports (nat and filter),
        -- DOCKER-USER for the administrator's own rules (it only returns),
        -- and the two isolation stages between bridges.
        sh(host, "iptables -t nat -N DOCKER")
        sh(host, "iptables -t filter -N DOCKER")
        sh(host, "iptables -t filter -N DOCKER-ISOLATION-STAGE-1")
        sh(host, "iptables -t filter -N DOCKER-ISOLATION-STAGE-2")
        sh(host, "iptables -t filter -N DOCKER-USER")
        -- Every packet for one of this host's own addresses goes through
        -- the nat DOCKER chain, where published ports are DNATed: arriving
        -- from outside (PREROUTING) or sent by the host itself (OUTPUT,
        -- except to 127.0.0.0/8, which Docker leaves to its docker-proxy).
        sh(host, "iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER")
        sh(host, "iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER")
        sh(host, "iptables -A FORWARD -j DOCKER-USER")
        sh(host, "iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1")

        -- The three networks every Docker host has.  `bridge` is docker0,
        -- on the first of Docker's address pools, 172.17.0.0/16.
        local fresh = #d.networks == 0
        if fresh then
                local bridge = new_network(d, "bridge", "bridge", "172.17.0.0/16", "172.17.0.1")
                bridge.bridge = "docker0"
                bridge.default = true
        end
        bridge_create(host, d.networks[1], true)
        sh(host, "iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN")
        sh(host, "iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN")
        sh(host, "iptables -A DOCKER-USER -j RETURN")
        if fresh then
                new_network(d, "host", "host")
                new_network(d, "none", "null")
        end
        -- After a reboot: the user networks too, oldest first.
        for _, n in ipairs(d.networks) do
                if n.bridge and n.bridge ~= "docker0" then bridge_create(host, n, false) end
        end
end

---------------------------------------------------------------------------
-- Looking things up
---------------------------------------------------------------------------

local function find_network(d, ref)
        for _, n in ipairs(d.networks) do
                if n.name == ref then return n end
        end
        if #ref >= 1 then
                for _, n in ipairs(d.networks) do
                        if n.id:sub(1, #ref) == ref then return n end
                end
        end
        return nil
end

local function find_container(d, ref)
        for _, c in ipairs(d.containers) do
                if c.name == ref then return c end
        end
        for _, c in ipairs(d.containers) do
                if #ref >= 1 and c.id:sub(1, #ref) == ref then return c end
        end
        return nil
end

-- The lowest free address of the network (Docker's IPAM hands out .2, .3,
-- ... and reuses the lowest one freed).
local function allocate_ip(net)
        local _, len = parse_cidr(net.subnet)
        local size = 1 << (32 - len)
        for i = 1, size - 2 do
                local a = net.net_int + i
                if not net.used[a] then
                        net.used[a] = true
                        return int2ip(a)
                end
        end
        return nil
end

---------------------------------------------------------------------------
-- A container's network: the endpoint on a bridge
---------------------------------------------------------------------------

-- Connect the container's namespace to a bridge network.
local function attach_bridge(d, c, net)
        local host = d.host
        local ns = c.ns
        local _, len = parse_cidr(net.subnet)
        local bcast = int2ip(net.net_int | ((1 << (32 - len)) - 1))
        c.ip = allocate_ip(net)
        c.mac = mac_from_ip(c.ip)
        c.gateway = net.gateway
        c.prefix = len
        -- A veth pair is a cable with two ends.  Docker names both ends
        -- "veth" and seven random hex digits; one end stays on the host
        -- and is plugged into the bridge ...
        c.veth = "veth" .. hex(7)
        local peer = "veth" .. hex(7)
        sh(host, fmt("ip link add %s type veth peer name %s", c.veth, peer))
        sh(host, fmt("ip link set %s master %s", c.veth, net.bridge))
        sh(host, fmt("ip link set %s up", c.veth))
        -- ... the other moves into the container, where it is renamed eth0:
        -- inside, the container sees an ordinary Ethernet card.
        sh(host, fmt("ip link set %s netns %s", peer, ns))
        sh(host, fmt("ip -n %s link set %s name eth0", ns, peer))
        sh(host, fmt("ip -n %s link set eth0 address %s", ns, c.mac))
        sh(host, fmt("ip -n %s addr add %s/%d brd %s dev eth0", ns, c.ip, len, bcast))
        sh(host, fmt("ip -n %s link set eth0 up", ns))
        -- Everything that is not on the bridge's subnet goes to the gateway,
        -- the bridge's own address on the host.
        sh(host, fmt("ip -n %s route add default via %s", ns, net.gateway))
end

local function detach_bridge(d, c)
        local net = c.network
        net.used[ip2int(c.ip)] = nil
        -- Deleting one end of a veth pair deletes both.
        sh(d.host, fmt("ip link del %s", c.veth))
end

---------------------------------------------------------------------------
-- Published ports (-p HOSTPORT:CONTAINERPORT)
---------------------------------------------------------------------------

-- The three rules of one published port, as `docker run -p 8080:80`
-- programs them (docs/docker.md shows the packet's walk through them).
local function port_rules(op, c, p)
        local br = c.network.bridge
        local dst = p.host_ip ~= "0.0.0.0" and fmt("-d %s/32 ", p.host_ip) or ""
        local lines = {
                -- Hairpin: a container that reaches its own published port
                -- through the host gets its source rewritten too.
                fmt("iptables -t nat %s POSTROUTING -s %s/32 -d %s/32 -p %s -m %s --dport %d -j MASQUERADE",
                    op, c.ip, c.ip, p.proto, p.proto, p.port),
                -- The port forward itself: a packet for the host's port is
                -- sent on to the container's address and port (DNAT).
                -- Conntrack remembers, and rewrites the replies back.
                fmt("iptables -t nat %s DOCKER %s! -i %s -p %s -m %s --dport %d -j DNAT --to-destination %s:%d",
                    op, dst, br, p.proto, p.proto, p.host_port, c.ip, p.port),
                -- And the FORWARD chain must let it through to the bridge.
                fmt("iptables %s DOCKER -d %s/32 ! -i %s -o %s -p %s -m %s --dport %d -j ACCEPT",
                    op, c.ip, br, br, p.proto, p.proto, p.port),
        }
        for _, l in ipairs(lines) do sh(c.daemon.host, l) end
end

-- "[IP:]HOSTPORT:PORT[/PROTO]", "IP::PORT", "PORT[/PROTO]": nil and a
-- message when malformed.
local function parse_publish(spec)
        local body, proto = spec:match("^(.-)/(%a+)$")
        if not body then body, proto = spec, "tcp" end
        if proto ~= "tcp" and proto ~= "udp" and proto ~= "sctp" then
                return nil, fmt("invalid proto: %s", proto)
        end
        local parts = {}
        for p in (body .. ":"):gmatch("(.-):") do parts[#parts + 1] = p end
        local ip, hp, cp
        if #parts == 1 then cp = parts[1]
        elseif #parts == 2 then hp, cp = parts[1], parts[2]
        elseif #parts == 3 then ip, hp, cp = parts[1], parts[2], parts[3]
        else return nil, fmt("invalid port format for --publish: %s", spec) end
        local port = tonumber(cp)
        if not cp:match("^%d+$") or not port or port < 1 or port > 65535 then
                return nil, fmt("invalid containerPort: %s", cp)
        end
        local host_port
        if hp and hp ~= "" then
                host_port = tonumber(hp)
                if not hp:match("^%d+$") or not host_port or host_port < 1 or host_port > 65535 then
                        return nil, fmt("invalid hostPort: %s", hp)
                end
        end
        if ip and ip ~= "" and not ip2int(ip) then
                return nil, fmt("invalid IP address: %s", ip)
        end
        return { host_ip = (ip and ip ~= "") and ip or "0.0.0.0", host_port = host_port,
                 port = port, proto = proto }
end

---------------------------------------------------------------------------
-- docker run
---------------------------------------------------------------------------

local ADJECTIVES = { "admiring", "affectionate", "bold", "brave", "busy", "clever", "eager",
        "elegant", "epic", "festive", "focused", "friendly", "gallant", "happy", "jolly",
        "keen", "kind", "loving", "modest", "nifty", "optimistic", "peaceful", "quirky",
        "relaxed", "serene", "sharp", "stoic", "tender", "vibrant", "wizardly", "youthful",
        "zealous" }
local SURNAMES = { "albattani", "babbage", "bohr", "curie", "darwin", "dijkstra", "einstein",
        "euler", "feynman", "galileo", "goldberg", "hamilton", "hopper", "hypatia", "johnson",
        "kepler", "knuth", "lamarr", "lovelace", "mccarthy", "meitner", "newton", "noether",
        "pasteur", "ritchie", "shannon", "thompson", "torvalds", "turing", "wozniak",
        "yalow", "zhukovsky" }

-- A name as Docker makes one when --name is not given: an adjective and a
-- scientist (Docker's list is longer; this one is a sample of it).
local function random_name(d)
        while true do
                local n = ADJECTIVES[math.random(#ADJECTIVES)] .. "_" ..
                          SURNAMES[math.random(#SURNAMES)]
                if not find_container(d, n) then return n end
        end
end

local RUN_USAGE = [[
Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]

Run a command in a new container
]]

-- Tear down what `docker run` built for c's network.
local function teardown(d, c)
        if c.torn_down then return end
        c.torn_down = true
        for _, p in ipairs(c.ports or {}) do
                if p.proxy then pcall(function() p.proxy:kill() end) end
                port_rules("-D", c, p)
                d.ports[p.key] = nil
        end
        if c.network and c.network.driver == "bridge" then detach_bridge(d, c) end
        if c.ns then
                sh(d.host, fmt("ip netns del %s", c.ns))
        end
end

-- Forget c altogether (docker rm), its network first.
local function remove_container(d, c)
        if is_running(c) and c.proc then pcall(function() c.proc:kill() end) end
        teardown(d, c)
        for i, x in ipairs(d.containers) do
                if x == c then table.remove(d.containers, i) break end
        end
end

-- A container whose main process has ended: stopped, its network gone
-- (a stopped container has no namespace), removed with --rm.
local function reap(d)
        for i = #d.containers, 1, -1 do
                local c = d.containers[i]
                if is_running(c) and c.proc and c.proc.exists ~= false then
                        local ok, running = pcall(function() return c.proc.running end)
                        if not ok or not running then
                                -- Its output is its log, kept after it exits.
                                pcall(function() c.log = c.proc.output end)
                                c.state = "exited"
                                c.exit_code = ok and c.proc.exit_code or 137
                                c.finished = now()
                                teardown(d, c)
                                if c.auto_remove then table.remove(d.containers, i) end
                        end
                end
        end
end

local function cmd_run(d, args, sys)
        local o = { publish = {}, network = "bridge" }
        local i = 1
        -- Options come before the image; everything after it is the command.
        while i <= #args do
                local a = args[i]
                if a:sub(1, 1) ~= "-" or a == "-" then break end
                local name, val = a:match("^(%-%-[%w-]+)=(.*)$")
                name = name or a
                local function value()
                        if val then return val end
                        i = i + 1
                        return args[i]
                end
                if name == "-d" or name == "--detach" then o.detach = true
                elseif name == "--rm" then o.rm = true
                elseif name == "-i" or name == "--interactive" then o.interactive = true
                elseif name == "-t" or name == "--tty" then o.tty = true
                elseif name == "-it" or name == "-ti" then o.interactive, o.tty = true, true
                elseif name == "-dit" or name == "-itd" or name == "-td" or name == "-dt" then
                        o.detach, o.tty = true, true
                elseif name == "-P" or name == "--publish-all" then o.publish_all = true
                elseif name == "--name" or name == "-p" or name == "--publish" or
                       name == "--network" or name == "--net" or name == "-h" or
                       name == "--hostname" or name == "-e" or name == "--env" then
                        local v = value()
                        if not v then
                                -- pflag's words, for --long and for -s.
                                local what = name:match("^%-%-") and name or
                                        fmt("'%s' in %s", name:sub(2), name)
                                return fail(125, fmt("flag needs an argument: %s\n%s", what, see("run")))
                        end
                        if name == "--name" then o.name = v
                        elseif name == "-p" or name == "--publish" then o.publish[#o.publish + 1] = v
                        elseif name == "--network" or name == "--net" then o.network = v
                        elseif name == "-h" or name == "--hostname" then o.hostname = v end
                else
                        return fail(125, fmt("unknown flag: %s\n%s", name, see("run")))
                end
                i = i + 1
        end
        local image = args[i]
        if not image then
                return fail(1, "\"docker run\" requires at least 1 argument.\n" .. see("run") ..
                            "\n" .. RUN_USAGE)
        end
        local command = {}
        for k = i + 1, #args do command[#command + 1] = args[k] end

        -- The image: "nginx", "nginx:latest", "docker.io/library/nginx:1.27".
        local repo, tag = image:match("^(.-):([%w][%w._-]*)$")
        if not repo then repo, tag = image, "latest" end
        local short = repo:gsub("^docker%.io/", ""):gsub("^library/", "")
        local img = M.images[short]
        if not img then
                return fail(125, fmt("Unable to find image '%s:%s' locally\n" ..
                        "docker: Error response from daemon: pull access denied for %s, repository " ..
                        "does not exist or may require 'docker login': denied: requested access to " ..
                        "the resource is denied.\n%s", repo, tag, repo, see("run")))
        end

        -- Its name: given, or made up.
        if o.name then
                if not o.name:match("^[%w][%w_.-]+$") then
                        return fail(125, fmt("docker: Error response from daemon: Invalid container " ..
                                "name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.\n%s",
                                o.name, see("run")))
                end
                local other = find_container(d, o.name)
                if other and other.name == o.name then
                        return fail(125, fmt("docker: Error response from daemon: Conflict. The " ..
                                "container name \"/%s\" is already in use by container \"%s\". You " ..
                                "have to remove (or rename) that container to be able to reuse that " ..
                                "name.\n%s", o.name, other.id, see("run")))
                end
        end
        local net = find_network(d, o.network)
        if not net then
                return fail(125, fmt("docker: Error response from daemon: network %s not found.\n%s",
                                     o.network, see("run")))
        end

        -- What it runs.
        local argv = #command > 0 and command or img.cmd
        local daemon_image = #command == 0 and img.start ~= nil
        if #command > 0 and not sys.has_command(command[1]) then
                return fail(127, fmt("docker: Error response from daemon: OCI runtime create " ..
                        "failed: container_linux.go:380: starting container process caused: exec: " ..
                        "\"%s\": executable file not found in $PATH: unknown.\n", command[1]))
        end
        if daemon_image and not o.detach then
                return fail(125, fmt("wirelab: docker run: %s runs until it is stopped, and wirelab " ..
                        "has no terminal to attach it to: add -d to run it in the background\n", short))
        end
        if #command == 0 and not img.start and (o.interactive or o.tty) then
                return fail(125, "wirelab: docker run: an interactive shell needs a terminal, which " ..
                        "wirelab does not have: run commands with `docker exec NAME CMD`, or give " ..
                        "the command after the image\n")
        end

        -- Published ports: checked before anything is built.
        local ports = {}
        local warn = ""
        if net.driver == "host" and (#o.publish > 0 or o.publish_all) then
                warn = "WARNING: Published ports are discarded when using host network mode\n"
        elseif net.driver == "bridge" then
                local specs = {}
                for _, s in ipairs(o.publish) do specs[#specs + 1] = s end
                if o.publish_all then
                        for _, e in ipairs(img.expose or {}) do specs[#specs + 1] = e end
                end
                for _, s in ipairs(specs) do
                        local p, err = parse_publish(s)
                        if not p then return fail(125, fmt("docker: %s.\n%s", err, see("run"))) end
                        if not p.host_port then
                                while d.ports[fmt("%s:%d/%s", p.host_ip, d.next_port, p.proto)] do
                                        d.next_port = d.next_port + 1
                                end
                                p.host_port = d.next_port
                                d.next_port = d.next_port + 1
                        end
                        p.key = fmt("%s:%d/%s", p.host_ip, p.host_port, p.proto)
                        local any = fmt("0.0.0.0:%d/%s", p.host_port, p.proto)
                        if d.ports[p.key] or d.ports[any] then
                                return fail(125, fmt("docker: Error response from daemon: driver " ..
                                        "failed programming external connectivity on endpoint %s (%s): " ..
                                        "Bind for %s:%d failed: port is already allocated.\n",
                                        o.name or "?", hex(64), p.host_ip, p.host_port))
                        end
                        ports[#ports + 1] = p
                end
        end

        local c = { id = hex(64), name = o.name or random_name(d), image = image,
                    command = argv, created = now(), started = now(), state = "running",
                    network = net, ports = {}, daemon = d, auto_remove = o.rm }
        c.hostname = o.hostname or c.id:sub(1, 12)

        -- 1. The container's own network namespace.  (dockerd keeps it as
        --    /var/run/docker/netns/<id>, where `ip netns list` does not
        --    look; wirelab makes it with `ip netns add NAME`, as you would
        --    after `ip netns attach NAME $(docker inspect -f '{{.State.Pid}}'
        --    NAME)`, so that `ip netns exec NAME ...` works.)
        --    --network host: no namespace of its own, the host's is shared.
        if net.driver == "host" then
                c.node = d.host
        else
                if node_named and pcall(node_named, #c.name <= 31 and c.name or c.id:sub(1, 12)) then
                        return fail(125, fmt("docker: Error response from daemon: wirelab: a " ..
                                "node named %s exists already in this scenario: give the container " ..
                                "another --name.\n%s", c.name, see("run")))
                end
                -- (A namespace's name has at most 31 characters here: a
                -- longer container name gets its short id instead.)
                c.ns = #c.name <= 31 and c.name or c.id:sub(1, 12)
                sh(d.host, fmt("ip netns add %s", c.ns))
                -- A new namespace has only lo, and it is down.
                sh(d.host, fmt("ip -n %s link set lo up", c.ns))
                c.node = node_named(c.ns)
        end
        d.containers[#d.containers + 1] = c
        -- 2. Its network.  --network none stops here: lo only.  The default
        --    bridge and user networks get a veth into their bridge, and
        --    each published port its three iptables rules.
        if net.driver == "bridge" then
                attach_bridge(d, c, net)
                for _, p in ipairs(ports) do
                        port_rules("-A", c, p)
                        d.ports[p.key] = c
                        c.ports[#c.ports + 1] = p
                        -- 3. docker-proxy: a program on the host listening on
                        --    the published port, for what the DNAT rule does
                        --    not see (the host's own 127.0.0.1, containers
                        --    coming in from docker0).  It connects to the
                        --    container from the bridge's address.
                        if p.proto == "tcp" and sys.tcp_proxy then
                                local proxy, why = sys.tcp_proxy(d.host, p.host_ip, p.host_port,
                                                                 c.ip, p.port)
                                if not proxy then
                                        -- As dockerd: undo, and say why.
                                        remove_container(d, c)
                                        return fail(125, fmt("docker: Error response from daemon: " ..
                                                "driver failed programming external connectivity on " ..
                                                "endpoint %s (%s): Error starting userland proxy: listen " ..
                                                "tcp4 %s:%d: bind: %s.\n", c.name, hex(64), p.host_ip,
                                                p.host_port, (why or ""):gsub("^bind: ", ""):lower()))
                                end
                                p.proxy = proxy
                        end
                end
        end

        -- 4. Its program.
        if daemon_image then
                c.proc = img.start(c)
                return { out = c.id .. "\n", err = warn, status = 0 }
        end
        if #command == 0 then
                -- A shell with nothing to read ends at once: the container
                -- exits (0) and its network goes with it.
                c.state = "exited"
                c.exit_code = 0
                c.finished = now()
                teardown(d, c)
                if c.auto_remove then table.remove(d.containers, #d.containers) end
                return { out = o.detach and c.id .. "\n" or "", err = warn, status = 0 }
        end
        return { out = o.detach and c.id .. "\n" or "", err = warn, status = 0,
                 exec = { node = c.node, argv = command, detach = o.detach, container = c.id } }
end

-- What became of the command `docker run` started (lua_api_ext.c calls
-- this): its process, or nil when it finished at once with status.
function M.started(id, proc, status)
        for _, d in pairs(daemons) do
                for i, c in ipairs(d.containers) do
                        if c.id == id then
                                c.proc = proc
                                if not proc then
                                        c.state = "exited"
                                        c.exit_code = status
                                        c.finished = now()
                                        teardown(d, c)
                                        if c.auto_remove then table.remove(d.containers, i) end
                                end
                                return
                        end
                end
        end
end

---------------------------------------------------------------------------
-- docker ps, inspect, exec, rm, stop
---------------------------------------------------------------------------

local function ports_text(c)
        local t = {}
        for _, p in ipairs(c.ports) do
                t[#t + 1] = fmt("%s:%d->%d/%s", p.host_ip, p.host_port, p.port, p.proto)
        end
        return concat(t, ", ")
end

local function quoted_command(c)
        local s = concat(c.command, " ")
        if utf8.len(s) and utf8.len(s) > 20 then
                s = s:sub(1, utf8.offset(s, 20) - 1) .. "…"
        end
        return "\"" .. s .. "\""
end

local function cmd_ps(d, args)
        local all, quiet = false, false
        for _, a in ipairs(args) do
                if a == "-a" or a == "--all" then all = true
                elseif a == "-q" or a == "--quiet" then quiet = true
                elseif a == "-aq" or a == "-qa" then all, quiet = true, true
                else return fail(125, fmt("unknown flag: %s\n%s", a, see("ps"))) end
        end
        local t = now()
        local rows = { { "CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES" } }
        local ids = {}
        for k = #d.containers, 1, -1 do          -- newest first
                local c = d.containers[k]
                if all or is_running(c) then
                        local status = is_running(c) and "Up " .. human_duration(t - c.started)
                                or fmt("Exited (%d) %s ago", c.exit_code, human_duration(t - c.finished))
                        rows[#rows + 1] = { c.id:sub(1, 12), c.image, quoted_command(c),
                                human_duration(t - c.created) .. " ago", status,
                                is_running(c) and ports_text(c) or "", c.name }
                        ids[#ids + 1] = c.id:sub(1, 12) .. "\n"
                end
        end
        if quiet then return { out = concat(ids), status = 0 } end
        return { out = tabwrite(rows), status = 0 }
end

-- The fields `docker inspect -f` knows here, by their Go template path.
local function inspect_fields(c)
        local net = c.network
        local up = is_running(c) and net.driver == "bridge"
        local f = {
                [".Id"] = c.id, [".Name"] = "/" .. c.name, [".Image"] = c.image,
                [".Config.Hostname"] = c.hostname, [".Config.Image"] = c.image,
                [".State.Status"] = c.state, [".State.Running"] = tostring(is_running(c)),
                [".State.ExitCode"] = tostring(c.exit_code or 0),
                [".HostConfig.NetworkMode"] = net.driver == "bridge" and net.name ~= "bridge" and
                        net.name or (net.driver == "null" and "none" or net.name == "bridge" and
                        "default" or net.name),
                [".NetworkSettings.IPAddress"] = (up and net.default) and c.ip or "",
                [".NetworkSettings.Gateway"] = (up and net.default) and c.gateway or "",
                [".NetworkSettings.MacAddress"] = (up and net.default) and c.mac or "",
                [".NetworkSettings.IPPrefixLen"] = tostring((up and net.default) and c.prefix or 0),
                [".NetworkSettings.SandboxKey"] = c.ns and "/var/run/docker/netns/" ..
                        c.id:sub(1, 12) or "",
        }
        return f
end

-- A small Go-template reader: {{.Path}}, {{json .Path}} and the usual
-- {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}.
local function render(template, c)
        local f = inspect_fields(c)
        local net = c.network
        local up = is_running(c) and net.driver == "bridge"
        local out = template:gsub("{{%s*range%s+%.NetworkSettings%.Networks%s*}}(.-){{%s*end%s*}}",
                function(body)
                        local nf = { [".IPAddress"] = up and c.ip or "",
                                     [".Gateway"] = up and c.gateway or "",
                                     [".MacAddress"] = up and c.mac or "",
                                     [".IPPrefixLen"] = tostring(up and c.prefix or 0),
                                     [".NetworkID"] = net.id }
                        return (body:gsub("{{%s*(%.[%w.]+)%s*}}", function(p) return nf[p] or "<no value>" end))
                end)
        local bad
        out = out:gsub("{{%s*(json%s+)(%.[%w.]*)%s*}}", function(_, p)
                if f[p] == nil then bad = bad or p return "" end
                return "\"" .. f[p] .. "\""
        end)
        out = out:gsub("{{%s*(%.[%w.]*)%s*}}", function(p)
                if f[p] == nil then bad = bad or p return "" end
                return f[p]
        end)
        return out, bad
end

local function inspect_json(c)
        local f = inspect_fields(c)
        local net = c.network
        local up = is_running(c) and net.driver == "bridge"
        local lines = {
                "[", "    {",
                fmt('        "Id": "%s",', c.id),
                fmt('        "State": {'),
                fmt('            "Status": "%s",', c.state),
                fmt('            "Running": %s', f[".State.Running"]),
                "        },",
                fmt('        "Image": "%s",', c.image),
                fmt('        "Name": "/%s",', c.name),
                "        \"HostConfig\": {",
                fmt('            "NetworkMode": "%s"', f[".HostConfig.NetworkMode"]),
                "        },",
                "        \"NetworkSettings\": {",
                fmt('            "SandboxKey": "%s",', f[".NetworkSettings.SandboxKey"]),
                fmt('            "Gateway": "%s",', f[".NetworkSettings.Gateway"]),
                fmt('            "IPAddress": "%s",', f[".NetworkSettings.IPAddress"]),
                fmt('            "IPPrefixLen": %s,', f[".NetworkSettings.IPPrefixLen"]),
                fmt('            "MacAddress": "%s",', f[".NetworkSettings.MacAddress"]),
                "            \"Networks\": {",
                fmt('                "%s": {', net.name),
                fmt('                    "NetworkID": "%s",', net.id),
                fmt('                    "Gateway": "%s",', up and c.gateway or ""),
                fmt('                    "IPAddress": "%s",', up and c.ip or ""),
                fmt('                    "IPPrefixLen": %d,', up and c.prefix or 0),
                fmt('                    "MacAddress": "%s"', up and c.mac or ""),
                "                }",
                "            }",
                "        }",
                "    }",
                "]",
        }
        return concat(lines, "\n") .. "\n"
end

local function cmd_inspect(d, args)
        local template
        local refs = {}
        local i = 1
        while i <= #args do
                local a = args[i]
                if a == "-f" or a == "--format" then
                        i = i + 1
                        template = args[i]
                        if not template then
                                return fail(125, fmt("flag needs an argument: 'f' in -f\n%s", see("inspect")))
                        end
                elseif a:match("^%-%-format=") then template = a:sub(10)
                elseif a:sub(1, 1) == "-" then
                        return fail(125, fmt("unknown flag: %s\n%s", a, see("inspect")))
                else refs[#refs + 1] = a end
                i = i + 1
        end
        if #refs == 0 then
                return fail(1, "\"docker inspect\" requires at least 1 argument.\n" .. see("inspect") ..
                            "\nUsage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n\n" ..
                            "Return low-level information on Docker objects\n")
        end
        local out, err, status = {}, {}, 0
        for _, ref in ipairs(refs) do
                local c = find_container(d, ref)
                if not c then
                        err[#err + 1] = fmt("Error: No such object: %s\n", ref)
                        status = 1
                elseif template then
                        local text, bad = render(template, c)
                        if bad then
                                return fail(1, fmt("Template parsing error: template: :1:%d: executing " ..
                                        "\"\" at <%s>: map has no entry for key \"%s\"\n", 2, bad,
                                        bad:match("([%w]+)$") or bad))
                        end
                        out[#out + 1] = text .. "\n"
                else
                        out[#out + 1] = inspect_json(c)
                end
        end
        return { out = concat(out), err = concat(err), status = status }
end

local function cmd_exec(d, args, sys)
        local i = 1
        while args[i] and args[i]:sub(1, 1) == "-" do
                local a = args[i]
                if a ~= "-i" and a ~= "-t" and a ~= "-it" and a ~= "-ti" and a ~= "-d" then
                        return fail(125, fmt("unknown flag: %s\n%s", a, see("exec")))
                end
                i = i + 1
        end
        local ref = args[i]
        if not ref or not args[i + 1] then
                return fail(1, "\"docker exec\" requires at least 2 arguments.\n" .. see("exec") ..
                            "\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\n" ..
                            "Run a command in a running container\n")
        end
        local c = find_container(d, ref)
        if not c then return fail(1, fmt("Error: No such container: %s\n", ref)) end
        if not is_running(c) then
                return fail(1, fmt("Error response from daemon: Container %s is not running\n", c.id))
        end
        local argv = {}
        for k = i + 1, #args do argv[#argv + 1] = args[k] end
        if not sys.has_command(argv[1]) then
                return fail(126, fmt("OCI runtime exec failed: exec failed: container_linux.go:380: " ..
                        "starting container process caused: exec: \"%s\": executable file not found in " ..
                        "$PATH: unknown\n", argv[1]))
        end
        -- The command runs inside the container's namespace (for --network
        -- host, the host's own): the same as `ip netns exec NAME CMD`.
        return { out = "", status = 0, exec = { node = c.node, argv = argv } }
end


local function cmd_rm(d, args)
        local force = false
        local refs = {}
        for _, a in ipairs(args) do
                if a == "-f" or a == "--force" then force = true
                elseif a:sub(1, 1) == "-" then return fail(125, fmt("unknown flag: %s\n%s", a, see("rm")))
                else refs[#refs + 1] = a end
        end
        if #refs == 0 then
                return fail(1, "\"docker rm\" requires at least 1 argument.\n" .. see("rm") ..
                            "\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\n" ..
                            "Remove one or more containers\n")
        end
        local out, err, status = {}, {}, 0
        for _, ref in ipairs(refs) do
                local c = find_container(d, ref)
                if not c then
                        err[#err + 1] = fmt("Error: No such container: %s\n", ref)
                        status = 1
                elseif is_running(c) and not force then
                        err[#err + 1] = fmt("Error response from daemon: You cannot remove a running " ..
                                "container %s. Stop the container before attempting removal or force " ..
                                "remove\n", c.id)
                        status = 1
                else
                        remove_container(d, c)
                        out[#out + 1] = ref .. "\n"
                end
        end
        return { out = concat(out), err = concat(err), status = status }
end

local function cmd_stop(d, args)
        if #args == 0 then
                return fail(1, "\"docker stop\" requires at least 1 argument.\n" .. see("stop") ..
                            "\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\n" ..
                            "Stop one or more running containers\n")
        end
        local out, err, status = {}, {}, 0
        for _, ref in ipairs(args) do
                local c = find_container(d, ref)
                if not c then
                        err[#err + 1] = fmt("Error response from daemon: No such container: %s\n", ref)
                        status = 1
                else
                        if is_running(c) then
                                if c.proc then
                                        pcall(function()
                                                c.proc:kill()
                                                c.log = c.proc.output
                                        end)
                                end
                                c.state = "exited"
                                -- nginx stops cleanly on the signal (0); a
                                -- shell command is killed (SIGKILL after 10 s: 137).
                                c.exit_code = M.images[(c.image:gsub(":.*", ""))] and
                                        M.images[(c.image:gsub(":.*", ""))].start and 0 or 137
                                c.finished = now()
                                teardown(d, c)
                        end
                        out[#out + 1] = ref .. "\n"
                end
        end
        return { out = concat(out), err = concat(err), status = status }
end

-- docker logs NAME: what the container's program printed.  (For nginx,
-- its access log; the image's entrypoint notices are not modelled.)
local function cmd_logs(d, args)
        local ref = args[#args]
        if not ref or ref:sub(1, 1) == "-" then
                return fail(1, "\"docker logs\" requires exactly 1 argument.\n" .. see("logs") ..
                            "\nUsage:  docker logs [OPTIONS] CONTAINER\n\n" ..
                            "Fetch the logs of a container\n")
        end
        local c = find_container(d, ref)
        if not c then return fail(1, fmt("Error: No such container: %s\n", ref)) end
        local ok, text = pcall(function() return c.proc and c.proc.output end)
        return { out = (ok and text) or c.log or "", status = 0 }
end

-- docker port NAME: the published ports, as "80/tcp -> 0.0.0.0:8080".
local function cmd_port(d, args)
        local ref = args[1]
        if not ref then
                return fail(1, "\"docker port\" requires at least 1 argument.\n" .. see("port") ..
                            "\nUsage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\n" ..
                            "List port mappings or a specific mapping for the container\n")
        end
        local c = find_container(d, ref)
        if not c then return fail(1, fmt("Error: No such container: %s\n", ref)) end
        local t = {}
        for _, p in ipairs(is_running(c) and c.ports or {}) do
                t[#t + 1] = fmt("%d/%s -> %s:%d\n", p.port, p.proto, p.host_ip, p.host_port)
        end
        return { out = concat(t), status = 0 }
end

---------------------------------------------------------------------------
-- docker network
---------------------------------------------------------------------------

-- Docker's address pools for new networks: 172.18/16 to 172.31/16, then
-- 192.168.0.0/16 in /20s.
local function next_pool(d)
        while true do
                local k = d.next_pool
                d.next_pool = k + 1
                local subnet
                if k <= 14 then subnet = fmt("172.%d.0.0/16", 17 + k)
                elseif k <= 30 then subnet = fmt("192.168.%d.0/20", (k - 15) * 16)
                else return nil end
                local taken = false
                for _, n in ipairs(d.networks) do taken = taken or n.subnet == subnet end
                if not taken then return subnet end
        end
end

local function cmd_network(d, args)
        local sub = args[1]
        if sub == "ls" or sub == "list" then
                local rows = { { "NETWORK ID", "NAME", "DRIVER", "SCOPE" } }
                local sorted = {}
                for _, n in ipairs(d.networks) do sorted[#sorted + 1] = n end
                table.sort(sorted, function(a, b) return a.name < b.name end)
                for _, n in ipairs(sorted) do
                        rows[#rows + 1] = { n.id:sub(1, 12), n.name, n.driver, "local" }
                end
                return { out = tabwrite(rows), status = 0 }
        elseif sub == "create" then
                local name, subnet, gateway, driver
                local i = 2
                while i <= #args do
                        local a = args[i]
                        local k, v = a:match("^(%-%-[%w-]+)=(.*)$")
                        k = k or a
                        if k == "--subnet" or k == "--gateway" or k == "-d" or k == "--driver" then
                                if not v then i = i + 1 v = args[i] end
                                if not v then
                                        return fail(125, fmt("flag needs an argument: %s\n%s", k,
                                                             see("network create")))
                                end
                                if k == "--subnet" then subnet = v
                                elseif k == "--gateway" then gateway = v
                                else driver = v end
                        elseif k:sub(1, 1) == "-" then
                                return fail(125, fmt("unknown flag: %s\n%s", k, see("network create")))
                        else
                                name = a
                        end
                        i = i + 1
                end
                if not name then
                        return fail(1, "\"docker network create\" requires exactly 1 argument.\n" ..
                                see("network create") .. "\nUsage:  docker network create [OPTIONS] " ..
                                "NETWORK\n\nCreate a network\n")
                end
                if driver and driver ~= "bridge" then
                        return fail(1, fmt("Error response from daemon: plugin \"%s\" not found\n", driver))
                end
                if find_network(d, name) and find_network(d, name).name == name then
                        return fail(1, fmt("Error response from daemon: network with name %s already " ..
                                           "exists\n", name))
                end
                if subnet then
                        local n, len = parse_cidr(subnet)
                        if not n then
                                return fail(1, fmt("Error response from daemon: invalid subnet %s\n", subnet))
                        end
                        subnet = fmt("%s/%d", int2ip(n), len)
                        for _, o in ipairs(d.networks) do
                                if o.subnet == subnet then
                                        return fail(1, "Error response from daemon: Pool overlaps with " ..
                                                "other one on this address space\n")
                                end
                        end
                else
                        subnet = next_pool(d)
                        if not subnet then
                                return fail(1, "Error response from daemon: could not find an available, " ..
                                        "non-overlapping IPv4 address pool among the defaults to assign " ..
                                        "to the network\n")
                        end
                end
                gateway = gateway or int2ip(parse_cidr(subnet) + 1)
                local net = new_network(d, name, "bridge", subnet, gateway)
                -- A user-defined network's bridge is named after its id.
                net.bridge = "br-" .. net.id:sub(1, 12)
                bridge_create(d.host, net, false)
                return { out = net.id .. "\n", status = 0 }
        elseif sub == "rm" or sub == "remove" then
                local out, err, status = {}, {}, 0
                for k = 2, #args do
                        local net = find_network(d, args[k])
                        if not net then
                                err[#err + 1] = fmt("Error: No such network: %s\n", args[k])
                                status = 1
                        elseif net.name == "bridge" or net.name == "host" or net.name == "none" then
                                err[#err + 1] = fmt("Error response from daemon: %s is a pre-defined " ..
                                        "network and cannot be removed\n", net.name)
                                status = 1
                        else
                                local busy = false
                                for _, c in ipairs(d.containers) do
                                        busy = busy or (c.network == net and is_running(c))
                                end
                                if busy then
                                        err[#err + 1] = fmt("Error response from daemon: error while " ..
                                                "removing network: network %s id %s has active endpoints\n",
                                                net.name, net.id)
                                        status = 1
                                else
                                        bridge_rules_delete(d.host, net)
                                        sh(d.host, fmt("ip link del %s", net.bridge))
                                        for i, n in ipairs(d.networks) do
                                                if n == net then table.remove(d.networks, i) break end
                                        end
                                        out[#out + 1] = args[k] .. "\n"
                                end
                        end
                end
                return { out = concat(out), err = concat(err), status = status }
        elseif sub == "inspect" then
                local out = {}
                for k = 2, #args do
                        local net = find_network(d, args[k])
                        if not net then return fail(1, fmt("Error: No such network: %s\n", args[k])) end
                        out[#out + 1] = fmt('[\n    {\n        "Name": "%s",\n        "Id": "%s",\n' ..
                                '        "Driver": "%s",\n        "IPAM": {\n            "Config": [%s]\n' ..
                                '        }\n    }\n]\n', net.name, net.id, net.driver,
                                net.subnet and fmt('\n                {\n                    "Subnet": ' ..
                                '"%s",\n                    "Gateway": "%s"\n                }\n            ',
                                net.subnet, net.gateway) or "")
                end
                return { out = concat(out), status = 0 }
        end
        return { out = "\nUsage:  docker network COMMAND\n\nManage networks\n\nCommands:\n" ..
                 "  create      Create a network\n  inspect     Display detailed information on one or " ..
                 "more networks\n  ls          List networks\n  rm          Remove one or more " ..
                 "networks\n\nRun 'docker network COMMAND --help' for more information on a command.\n",
                 status = sub and 1 or 0,
                 err = sub and fmt("docker: 'network %s' is not a docker command.\n", sub) or "" }
end

local function cmd_images(d)
        local rows = { { "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE" } }
        local names = {}
        for k in pairs(M.images) do names[#names + 1] = k end
        table.sort(names)
        d.image_ids = d.image_ids or {}
        for _, k in ipairs(names) do
                d.image_ids[k] = d.image_ids[k] or hex(12)
                rows[#rows + 1] = { k, "latest", d.image_ids[k], "2 weeks ago", "-" }
        end
        return { out = tabwrite(rows), status = 0 }
end

---------------------------------------------------------------------------
-- The command line
---------------------------------------------------------------------------

local USAGE = [[

Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Commands wirelab has:
  exec        Run a command in a running container
  images      List images
  inspect     Return low-level information on Docker objects
  logs        Fetch the logs of a container
  network     Manage networks
  port        List port mappings or a specific mapping for the container
  ps          List containers
  rm          Remove one or more containers
  run         Run a command in a new container
  stop        Stop one or more running containers
  version     Show the Docker version information

Run 'docker COMMAND --help' for more information on a command.
]]

-- `docker ARGS...` typed on node n.
function M.command(n, args, sys)
        sys = sys or { has_command = function() return true end }
        local sub = args[1]
        if not sub or sub == "--help" or sub == "help" then
                return { out = USAGE, status = 0 }
        end
        -- The daemon runs on the machine: a line typed in one of its
        -- namespaces reaches it through /var/run/docker.sock all the same.
        local host = n.machine or n
        local d = daemon(host)
        reap(d)
        local rest = {}
        for i = 2, #args do rest[#rest + 1] = args[i] end
        if sub == "run" then return cmd_run(d, rest, sys)
        elseif sub == "ps" then return cmd_ps(d, rest)
        elseif sub == "container" and rest[1] == "ls" then
                table.remove(rest, 1)
                return cmd_ps(d, rest)
        elseif sub == "inspect" then return cmd_inspect(d, rest)
        elseif sub == "exec" then return cmd_exec(d, rest, sys)
        elseif sub == "rm" then return cmd_rm(d, rest)
        elseif sub == "stop" then return cmd_stop(d, rest)
        elseif sub == "network" then return cmd_network(d, rest)
        elseif sub == "images" then return cmd_images(d)
        elseif sub == "logs" then return cmd_logs(d, rest)
        elseif sub == "port" then return cmd_port(d, rest)
        elseif sub == "version" or sub == "--version" or sub == "-v" then
                return { out = fmt("Docker version %s, build e2f9c20\n", M.VERSION), status = 0 }
        end
        return fail(1, fmt("docker: '%s' is not a docker command.\nSee 'docker --help'\n", sub))
end

-- For Lua scenarios: docker.run(host, "-d --name web nginx") and friends
-- are the same as host:sh("docker run -d --name web nginx").
function M.sh(host, line) return host:sh("docker " .. line) end

return M
