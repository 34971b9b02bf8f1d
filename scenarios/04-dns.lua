-- 04-dns.lua — names instead of addresses: /etc/hosts, a DNS server, a
-- public nameserver, search domains.
--
-- Curriculum: "Add known hosts to /etc/hosts (old way); hostname; a DNS
-- server resolves the names in modern infrastructure: add it to
-- /etc/resolv.conf; public nameservers like 8.8.8.8 for internet servers;
-- nslookup or dig; a search entry in /etc/resolv.conf for internal names."
--
--   client 10.0.0.10 --+                       +-- public-dns 8.8.8.8
--   web    10.0.0.80 --+                       |   (a public resolver)
--   db     10.0.0.20 --+-- sw1 -- (.1) gw -----+
--   dns    10.0.0.53 --+     10.0.0.0/24       +-- public-web 93.184.215.14
--                                                  (example.org's web server)
--
-- Every command the client types starts on a whole second of its own (see
-- on() below), so each one's packets are easy to find in the traces:
-- tshark -t e -r pcap-out/04-dns/client-eth0.pcap -Y dns
--
-- Run it:   ./wirelab run scenarios/04-dns.lua
-- Lesson:   docs/lesson-04-dns.md

local sw1 = switch("sw1")
local client, web, db, dns = host("client"), host("web"), host("db"), host("dns")
local gw = router("gw")
local public_dns, public_web = host("public-dns"), host("public-web")

for _, h in ipairs({ client, web, db, dns }) do
  link(h, sw1, { delay = "100us" })
end
link(gw, sw1, { delay = "100us" })                -- gw:eth0, the LAN
link(gw, public_dns, { delay = "5ms" })           -- gw:eth1, far away
link(gw, public_web, { delay = "5ms" })           -- gw:eth2

client:ip("eth0", "10.0.0.10/24")
web:ip("eth0", "10.0.0.80/24")
db:ip("eth0", "10.0.0.20/24")
dns:ip("eth0", "10.0.0.53/24")
gw:ip("eth0", "10.0.0.1/24")
gw:ip("eth1", "8.8.8.1/24")
gw:ip("eth2", "93.184.215.1/24")
public_dns:ip("eth0", "8.8.8.8/24")
public_web:ip("eth0", "93.184.215.14/24")
for _, h in ipairs({ client, web, db, dns }) do h:route("default", "10.0.0.1") end
public_dns:route("default", "8.8.8.1")
public_web:route("default", "93.184.215.1")

-- The servers.  They run in the background and print a log line for each
-- request: the DNS servers as dnsmasq --log-queries does, the web servers
-- an access log.
--
-- dns: the company's own server, authoritative for corp.example (it holds
-- the zone), and asking 8.8.8.8 for every other name (a forwarder).
local WEB_PAGE = "Welcome to web.corp.example, the intranet\n"
local dnsd = dns:dns_server{
  zones = {
    ["corp.example"] = {
      { "web", "A", "10.0.0.80" },
      { "db", "A", "10.0.0.20" },
      { "dns", "A", "10.0.0.53" },
      { "www", "CNAME", "web" },
    },
  },
  forward = { "8.8.8.8" },
  ptr = true,   -- answer reverse lookups (10.0.0.80 -> web.corp.example)
}
-- public-dns: a public resolver such as Google's 8.8.8.8.  It knows the
-- internet's names (here, one) and answers them non-authoritatively.
local publicd = public_dns:dns_server{
  records = { ["example.org"] = "93.184.215.14" },
}
web:http_server{ port = 80, routes = { ["/"] = WEB_PAGE } }
public_web:http_server{ port = 80, routes = { ["/"] = "Example Domain\n" } }

-- The client types `line` at simulated time t (seconds): n:sh() on the
-- client, once the clock reads t.  A command that fails is no error here:
-- the checks look at what it printed and at its exit status.
local function on(t, line)
  sleep(math.max(0, t - now()))
  return client:sh(line, { check = false })
end

-- What the DNS server `p` logged since `mark` (a length of p.output).
local function log_since(p, mark)
  return p.output:sub(mark + 1)
end

-- 1. Who am I?  `hostname` prints the machine's name; /etc/hosts maps names
--    to addresses on this machine only.  Debian's installer puts the
--    machine's own name there (127.0.1.1).
print("Step 1: hostname and /etc/hosts")
local out = on(0, "hostname")
expect_eq(out, "client\n", "the client's host name is client")
out = on(0, "cat /etc/hosts")
expect(out:find("127.0.1.1\tclient", 1, true), "/etc/hosts already knows the machine's own name")
out = on(0, "getent hosts client")
expect_eq(out, "127.0.1.1       client\n", "getent finds it there, as every program would")

-- 2. Names in /etc/hosts.  db is not known yet.  /etc/resolv.conf is empty
--    (no nameserver line), so glibc asks a DNS server at 127.0.0.1 — on
--    the client itself, where none is listening: "Temporary failure".
--    Nothing leaves the client's network card.
print("Step 2: a name in /etc/hosts")
local eth0 = client:dev("eth0")
local tx = eth0:stats().tx_packets
local _, status, err = on(1, "ping -c 1 db")
expect_eq(status, 2, "ping cannot resolve db (exit 2)")
expect_eq(err, "ping: db: Temporary failure in name resolution\n",
          "no name server configured and none on 127.0.0.1")
expect_eq(eth0:stats().tx_packets - tx, 0, "no packet left the client's eth0")

-- Write the name into the client's /etc/hosts: now every program on the
-- client knows db.  Only 2 frames leave: the ARP request and the ping; no
-- DNS query (hosts: files dns — the file comes first).
on(2, "echo '10.0.0.20 db' >> /etc/hosts")
tx = eth0:stats().tx_packets
out, status = on(2, "ping -c 1 db")
expect_eq(status, 0, "with db in /etc/hosts, the ping works")
expect(out:find("PING db (10.0.0.20) 56(84) bytes of data.", 1, true),
       "ping resolved db to 10.0.0.20")
expect_eq(eth0:stats().tx_packets - tx, 2,
          "2 frames left the client: the ARP request and the echo request, no DNS")
out = on(3, "getent hosts db")
expect_eq(out, "10.0.0.20       db\n", "getent hosts reads the same file")

-- 3. A DNS server.  One line in /etc/resolv.conf, and the client asks
--    10.0.0.53 for every name /etc/hosts does not have.
print("Step 3: a DNS server in /etc/resolv.conf")
on(10, "echo 'nameserver 10.0.0.53' > /etc/resolv.conf")
out = on(10, "nslookup web.corp.example")
expect(out:find("Server:\t\t10.0.0.53\n", 1, true), "nslookup asks 10.0.0.53")
expect(out:find("Name:\tweb.corp.example\nAddress: 10.0.0.80\n", 1, true),
       "nslookup: web.corp.example is 10.0.0.80")
expect(not out:find("Non-authoritative", 1, true),
       "the answer is authoritative: dns holds the corp.example zone")
out = on(11, "dig web.corp.example")
expect(out:find(";; ->>HEADER<<- opcode: QUERY, status: NOERROR", 1, true), "dig: NOERROR")
expect(out:find(";; flags: qr aa rd ra;", 1, true), "dig shows the aa flag (authoritative answer)")
expect(out:find("web.corp.example.\t%d+\tIN\tA\t10%.0%.0%.80\n"), "dig's ANSWER SECTION has the A record")
out = on(12, "nslookup www.corp.example")
expect(out:find("www.corp.example\tcanonical name = web.corp.example.", 1, true),
       "www is an alias (CNAME) of web")
out = on(13, "curl -s http://web.corp.example/")
expect_eq(out, WEB_PAGE, "curl fetched the page by name")
-- db is still answered by /etc/hosts: the DNS server is never asked.
local mark = #dnsd.output
out, status = on(14, "ping -c 1 db")
expect_eq(status, 0, "db still works")
expect(not log_since(dnsd, mark):find("query%[%u+%] db"), "dns was not asked about db: /etc/hosts came first")

-- 4. A public nameserver.  8.8.8.8 answers anyone's questions about
--    internet names.  Ask it directly, then let dns forward to it.
print("Step 4: a public nameserver")
out = on(20, "dig @8.8.8.8 example.org +short")
expect_eq(out, "93.184.215.14\n", "8.8.8.8 knows example.org")
mark = #dnsd.output
out = on(21, "nslookup example.org")
expect(out:find("Non-authoritative answer:\nName:\texample.org\nAddress: 93.184.215.14\n", 1, true),
       "through dns: a non-authoritative answer, fetched from 8.8.8.8")
expect(log_since(dnsd, mark):find("forwarded example.org to 8.8.8.8", 1, true),
       "dns forwarded the question to 8.8.8.8")
expect(publicd.output:find("query[A] example.org from 10.0.0.53", 1, true),
       "8.8.8.8 was asked by dns (10.0.0.53), not by the client")
out = on(22, "curl -s http://example.org/")
expect_eq(out, "Example Domain\n", "curl reaches example.org's web server by name")

-- 5. Search domains.  The short name web is unknown: DNS names are
--    absolute.  A `search` line tells the resolver to try web.corp.example.
--    With ndots:1 (the default), a name with no dot tries the search
--    domains first and itself last.
print("Step 5: search domains")
on(30, "echo 'search corp.example' >> /etc/resolv.conf")
out, status = on(30, "ping -c 1 web")
expect_eq(status, 0, "ping web works")
expect(out:find("PING web.corp.example (10.0.0.80)", 1, true), "web was completed to web.corp.example")
out = on(31, "curl -s http://web/")
expect_eq(out, WEB_PAGE, "curl http://web/ fetched the intranet page")
-- An unknown short name walks the whole list: intranet.corp.example
-- (NXDOMAIN), then intranet. (NXDOMAIN), then gives up.
mark = #dnsd.output
_, status, err = on(32, "ping -c 1 intranet")
expect_eq(status, 2, "ping intranet fails")
expect_eq(err, "ping: intranet: Name or service not known\n", "every candidate was NXDOMAIN")
local asked = log_since(dnsd, mark)
local first = asked:find("query[A] intranet.corp.example from 10.0.0.10", 1, true)
local last = asked:find("query[A] intranet from 10.0.0.10", 1, true)
expect(first and last and first < last, "dns was asked intranet.corp.example first, then intranet")
-- dig does not use the search list: it asks for web. and gets NXDOMAIN.
out = on(33, "dig web")
expect(out:find("status: NXDOMAIN", 1, true), "dig web: NXDOMAIN (dig ignores search)")
expect(out:find(";web.\t\t\t\tIN\tA\n", 1, true), "dig asked for web. exactly")
-- host does use it.
out = on(34, "host web")
expect_eq(out, "web.corp.example has address 10.0.0.80\n", "host web uses the search list")
