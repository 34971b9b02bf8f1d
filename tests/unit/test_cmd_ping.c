/* test_cmd_ping.c — `ping` (iputils 20221126) and `traceroute` (2.1.2)
 * against the real tools on Debian 12.
 *
 * The topology is made with the same commands that made it on the real
 * machine, in network namespaces (IPv6 off there):
 *
 *     a ──eth0──── eth0 r eth1 ──── eth0── b
 *     10.0.1.2/24   10.0.1.1  10.0.2.1     10.0.2.10/24
 *
 * with default routes on a and b through r, ip_forward=1 on r, and
 * /etc/netns/a/hosts naming b.  Expected strings are the real output with
 * its round-trip times: veth pairs here cross in no time, so every time
 * prints as 0.000 ms.  An ARP failure answers after three 1 s retries:
 * 3000 ms for the probe that started it, 25 us less for each probe
 * traceroute sent after it (the real one: 3050.280, 3050.263, 3050.257). 
 * Each traceroute runs in a fresh world: on the real machine they ran
 * 7 s apart, so the routers' ICMP rate limits (6 in a burst, one a
 * second) had filled up again. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/trace.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "proc/udp_echo.h"
#include "wire/ipv4.h"
#include "wire/udp.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;
	char *out, *err;
};

struct step {
	const char *line, *out, *err;
	int rc;
};

static int run(struct fx *f, const char *line)
{
	return cmd_fx_run(f->w, f->n, line, &f->out, &f->err);
}

static void steps(struct fx *f, const struct step *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = run(f, s[i].line);
		if (rc != s[i].rc || strcmp(f->out, s[i].out) != 0 || strcmp(f->err, s[i].err) != 0)
			fail_msg("`%s`\n  want %d [%s] [%s]\n  got  %d [%s] [%s]", s[i].line, s[i].rc,
				 s[i].out, s[i].err, rc, f->out, f->err);
	}
}

#define STEPS(f, table) steps(f, table, sizeof table / sizeof table[0])

static const char *const topology[] = {
	"ip netns add a",
	"ip netns add r",
	"ip netns add b",
	"ip -n a link set lo up",
	"ip -n r link set lo up",
	"ip -n b link set lo up",
	"ip -n a link add eth0 type veth peer name eth0 netns r",
	"ip -n b link add eth0 type veth peer name eth1 netns r",
	"ip -n a addr add 10.0.1.2/24 dev eth0",
	"ip -n r addr add 10.0.1.1/24 dev eth0",
	"ip -n r addr add 10.0.2.1/24 dev eth1",
	"ip -n b addr add 10.0.2.10/24 dev eth0",
	"ip -n a link set eth0 up",
	"ip -n r link set eth0 up",
	"ip -n r link set eth1 up",
	"ip -n b link set eth0 up",
	"ip -n a route add default via 10.0.1.1",
	"ip -n b route add default via 10.0.2.1",
	"ip netns exec r sysctl -qw net.ipv4.ip_forward=1",
	"echo '127.0.0.1 localhost' > /etc/netns/a/hosts",
	"echo '10.0.2.10 hostb.lab hostb' >> /etc/netns/a/hosts",
	"echo '10.0.2.10 other' >> /etc/netns/a/hosts",
	"echo '10.0.2.1 rb' >> /etc/netns/a/hosts",
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
	netdev_set_up(f->n->lo, true);
	for (size_t i = 0; i < sizeof topology / sizeof topology[0]; i++) {
		if (run(f, topology[i]) != 0) {
			fprintf(stderr, "set-up `%s` failed: %s\n", topology[i], f->err);
			return -1;
		}
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	free(f->out);
	free(f->err);
	world_free(f->w);
	free(f);
	return 0;
}

/* ---- ping ------------------------------------------------------------------ */

static const struct step ping_steps[] = {
	{ "ip netns exec a ping -c 2 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "64 bytes from 10.0.2.10: icmp_seq=1 ttl=63 time=0.000 ms\n"
	  "64 bytes from 10.0.2.10: icmp_seq=2 ttl=63 time=0.000 ms\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "2 packets transmitted, 2 received, 0% packet loss, time 1000ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n", "", 0 },
	{ "ip netns exec a ping -c2 -i 0.2 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "64 bytes from 10.0.2.10: icmp_seq=1 ttl=63 time=0.000 ms\n"
	  "64 bytes from 10.0.2.10: icmp_seq=2 ttl=63 time=0.000 ms\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "2 packets transmitted, 2 received, 0% packet loss, time 200ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n", "", 0 },
	/* options after the host, as getopt permutes them */
	{ "ip netns exec a ping 10.0.2.10 -c 1 -q",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n", "", 0 },
	{ "ip netns exec a ping -c1 -n 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "64 bytes from 10.0.2.10: icmp_seq=1 ttl=63 time=0.000 ms\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n", "", 0 },
	{ "ip netns exec a ping -c 1 -t 1 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "From 10.0.1.1 icmp_seq=1 Time to live exceeded\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n"
	  "\n", "", 1 },
	/* inet_aton() forms */
	{ "ip netns exec a ping -c1 10.0.2",
	  "PING 10.0.2 (10.0.0.2) 56(84) bytes of data.\n"
	  "From 10.0.1.1 icmp_seq=1 Destination Net Unreachable\n"
	  "\n"
	  "--- 10.0.2 ping statistics ---\n"
	  "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n"
	  "\n", "", 1 },
	{ "ip netns exec a ping -c1 0x0a000201",
	  "PING 0x0a000201 (10.0.2.1) 56(84) bytes of data.\n"
	  "64 bytes from 10.0.2.1: icmp_seq=1 ttl=64 time=0.000 ms\n"
	  "\n"
	  "--- 0x0a000201 ping statistics ---\n"
	  "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n", "", 0 },
	/* /etc/hosts: the line's first name is the one shown */
	{ "ip netns exec a ping -c1 -n hostb",
	  "PING hostb.lab (10.0.2.10) 56(84) bytes of data.\n"
	  "64 bytes from 10.0.2.10: icmp_seq=1 ttl=63 time=0.000 ms\n"
	  "\n"
	  "--- hostb.lab ping statistics ---\n"
	  "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n", "", 0 },
	{ "ip netns exec a ping -c1 -q HOSTB",
	  "PING hostb.lab (10.0.2.10) 56(84) bytes of data.\n"
	  "\n"
	  "--- hostb.lab ping statistics ---\n"
	  "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n", "", 0 },
	{ "ip netns exec a ping -c1 -q other",
	  "PING other (10.0.2.10) 56(84) bytes of data.\n"
	  "\n"
	  "--- other ping statistics ---\n"
	  "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n", "", 0 },
	/* a name /etc/hosts lacks goes to DNS: with an empty resolv.conf that
	 * is 127.0.0.1, where nothing listens (checked on Debian 12) */
	{ "ip netns exec a ping -c1 nosuchhost", "", "ping: nosuchhost: Temporary failure in name resolution\n", 2 },
	{ "ip netns exec a ping -c1 10.0.2.300", "", "ping: 10.0.2.300: Temporary failure in name resolution\n", 2 },
	{ "ip netns exec a ping -c1 hostb.", "", "ping: hostb.: Temporary failure in name resolution\n", 2 },
	/* r's /etc/hosts is the machine's: hostb is not in it */
	{ "ip netns exec r ping -c1 hostb", "", "ping: hostb: Temporary failure in name resolution\n", 2 },
	/* connect() says EACCES for a broadcast address and a prohibit route */
	{ "ip netns exec a ping -c1 10.0.1.255", "",
	  "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n", 2 },
	{ "ip netns exec a ping -c1 255.255.255.255", "",
	  "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n", 2 },
	{ "ip -n r route add unreachable 10.0.7.0/24", "", "", 0 },
	{ "ip -n r route add prohibit 10.0.8.0/24", "", "", 0 },
	{ "ip -n r route add blackhole 10.0.9.0/24", "", "", 0 },
	{ "ip netns exec r ping -c1 10.0.7.7", "", "ping: connect: No route to host\n", 2 },
	{ "ip netns exec r ping -c1 10.0.8.8", "",
	  "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n", 2 },
	{ "ip netns exec r ping -c1 -b 10.0.8.8", "",
	  "WARNING: pinging broadcast address\nping: connect: Permission denied\n", 2 },
	{ "ip netns exec r ping -c1 10.0.9.9", "", "ping: connect: Invalid argument\n", 2 },
	{ "ip netns exec r traceroute -n 10.0.7.7",
	  "traceroute to 10.0.7.7 (10.0.7.7), 30 hops max, 60 byte packets",
	  "\nconnect: No route to host\n", 1 },
	{ "ip netns exec r traceroute -n 10.0.8.8",
	  "traceroute to 10.0.8.8 (10.0.8.8), 30 hops max, 60 byte packets",
	  "\nconnect: Permission denied\n", 1 },
	{ "ip netns exec r traceroute -n 10.0.9.9",
	  "traceroute to 10.0.9.9 (10.0.9.9), 30 hops max, 60 byte packets",
	  "\nconnect: Invalid argument\n", 1 },
	{ "ip -n b route del default", "", "", 0 },
	{ "ip netns exec b ping -c1 10.0.1.2", "", "ping: connect: Network is unreachable\n", 2 },
	{ "ip netns exec b ping -c1 -t 0 10.0.1.2", "", "ping: connect: Network is unreachable\n", 2 },
};

static void test_ping(void **state)
{
	STEPS(*state, ping_steps);
}

#define PING_USAGE \
	"\n" \
	"Usage\n" \
	"  ping [options] <destination>\n" \
	"\n" \
	"Options:\n" \
	"  <destination>      dns name or ip address\n" \
	"  -a                 use audible ping\n" \
	"  -A                 use adaptive ping\n" \
	"  -B                 sticky source address\n" \
	"  -c <count>         stop after <count> replies\n" \
	"  -C                 call connect() syscall on socket creation\n" \
	"  -D                 print timestamps\n" \
	"  -d                 use SO_DEBUG socket option\n" \
	"  -e <identifier>    define identifier for ping session, default is random for\n" \
	"                     SOCK_RAW and kernel defined for SOCK_DGRAM\n" \
	"                     Imply using SOCK_RAW (for IPv4 only for identifier 0)\n" \
	"  -f                 flood ping\n" \
	"  -h                 print help and exit\n" \
	"  -I <interface>     either interface name or address\n" \
	"  -i <interval>      seconds between sending each packet\n" \
	"  -L                 suppress loopback of multicast packets\n" \
	"  -l <preload>       send <preload> number of packages while waiting replies\n" \
	"  -m <mark>          tag the packets going out\n" \
	"  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>\n" \
	"  -n                 no dns name resolution\n" \
	"  -O                 report outstanding replies\n" \
	"  -p <pattern>       contents of padding byte\n" \
	"  -q                 quiet output\n" \
	"  -Q <tclass>        use quality of service <tclass> bits\n" \
	"  -s <size>          use <size> as number of data bytes to be sent\n" \
	"  -S <size>          use <size> as SO_SNDBUF socket option value\n" \
	"  -t <ttl>           define time to live\n" \
	"  -U                 print user-to-user latency\n" \
	"  -v                 verbose output\n" \
	"  -V                 print version and exit\n" \
	"  -w <deadline>      reply wait <deadline> in seconds\n" \
	"  -W <timeout>       time to wait for response\n" \
	"\n" \
	"IPv4 options:\n" \
	"  -4                 use IPv4\n" \
	"  -b                 allow pinging broadcast\n" \
	"  -R                 record route\n" \
	"  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>\n" \
	"\n" \
	"IPv6 options:\n" \
	"  -6                 use IPv6\n" \
	"  -F <flowlabel>     define flow label, default is random\n" \
	"  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument\n" \
	"\n" \
	"For more details see ping(8).\n"

static const struct step ping_error_steps[] = {
	{ "ping", "", "ping: usage error: Destination address required\n", 1 },
	{ "ping -c", "", "ping: option requires an argument -- 'c'\n" PING_USAGE, 2 },
	{ "ping -h", "", PING_USAGE, 2 },
	{ "ping -Z 10.0.2.10", "", "ping: invalid option -- 'Z'\n" PING_USAGE, 2 },
	{ "ping --bogus 10.0.2.10", "", "ping: invalid option -- '-'\n" PING_USAGE, 2 },
	{ "ping -c x 10.0.2.10", "", "ping: invalid argument: 'x'\n", 1 },
	{ "ping -c 0 10.0.2.10", "",
	  "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n", 1 },
	{ "ping -c -1 10.0.2.10", "",
	  "ping: invalid argument: '-1': out of range: 1 <= value <= 9223372036854775807\n", 1 },
	{ "ping -c 1.5 10.0.2.10", "", "ping: invalid argument: '1.5'\n", 1 },
	{ "ping -c 1x 10.0.2.10", "", "ping: invalid argument: '1x'\n", 1 },
	{ "ping -c 99999999999999999999 10.0.2.10", "",
	  "ping: invalid argument: '99999999999999999999': Numerical result out of range\n", 1 },
	{ "ping -w x 10.0.2.10", "", "ping: invalid argument: 'x'\n", 1 },
	{ "ping -w -1 10.0.2.10", "",
	  "ping: invalid argument: '-1': out of range: 0 <= value <= 2147483647\n", 1 },
	{ "ping -t 256 10.0.2.10", "",
	  "ping: invalid argument: '256': out of range: 0 <= value <= 255\n", 1 },
	{ "ping -t x 10.0.2.10", "", "ping: invalid argument: 'x'\n", 1 },
	{ "ping -s x 10.0.2.10", "", "ping: invalid argument: 'x'\n", 1 },
	{ "ping -s -1 10.0.2.10", "",
	  "ping: invalid argument: '-1': out of range: 0 <= value <= 2147483647\n", 1 },
	{ "ping -W -1 10.0.2.10", "", "ping: bad linger time: -1\n", 2 },
	{ "ping -c1 -W 3000000 10.0.2.10", "", "ping: bad linger time: 3000000\n", 2 },
	{ "ping -c1 -i 3000000 10.0.2.10", "", "ping: bad timing interval: 3000000\n", 2 },
	{ "ping -V", "ping from iputils 20221126\n"
		     "libcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n",
	  "", 0 },
};

static void test_ping_errors(void **state)
{
	STEPS(*state, ping_error_steps);
}

static const struct step ping_warn_steps[] = {
	/* -t 0 fails only once the route is known */
	{ "ip netns exec a ping -c1 -t 0 10.0.2.10", "",
	  "ping: cannot set unicast time-to-live: Invalid argument\n", 2 },
	/* iputils 20221126 only warns about garbage after -W and -i numbers */
	{ "ip netns exec a ping -c1 -W 1x 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "64 bytes from 10.0.2.10: icmp_seq=1 ttl=63 time=0.000 ms\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n",
	  "ping: option argument contains garbage: x\n"
	  "ping: this will become fatal error in the future\n", 0 },
	{ "ip netns exec a ping -c1 -i 1x -q 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n",
	  "ping: option argument contains garbage: x\n"
	  "ping: this will become fatal error in the future\n", 0 },
};

static void test_ping_warnings(void **state)
{
	STEPS(*state, ping_warn_steps);
}

/* A rule that drops ping's request in OUTPUT (or POSTROUTING) makes
 * sendto() fail with EPERM; iputils 20221126 then finds nothing in the
 * socket's error queue and says nothing: the request counts as sent and
 * lost, and ping lingers 10 s for replies (real: 12.07 s in all, "time
 * 2035ms").  A REJECT's ICMP error is in the queue when sendto() returns:
 * ping prints it, then "sendmsg: Operation not permitted", counts it as
 * an error and does not linger.  A REJECT of every ICMP packet rejects
 * its own error too: silence again.  All captured on Linux 6.x with
 * iptables-nft 1.8.9. */
static const struct step ping_output_rule_steps[] = {
	{ "ip netns exec a iptables -A OUTPUT -p icmp -j DROP", "", "", 0 },
	{ "ip netns exec a ping -c 3 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "3 packets transmitted, 0 received, 100% packet loss, time 2000ms\n"
	  "\n", "", 1 },
	{ "ip netns exec a iptables -F OUTPUT", "", "", 0 },
	{ "ip netns exec a iptables -t mangle -A POSTROUTING -p icmp -j DROP", "", "", 0 },
	{ "ip netns exec a ping -c 1 -W 2 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 0 received, 100% packet loss, time 0ms\n"
	  "\n", "", 1 },
	{ "ip netns exec a iptables -t mangle -F", "", "", 0 },
	{ "ip netns exec a iptables -A OUTPUT -p icmp --icmp-type echo-request -j REJECT "
	  "--reject-with icmp-port-unreachable", "", "", 0 },
	{ "ip netns exec a ping -c 2 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "From 10.0.1.2 icmp_seq=1 Destination Port Unreachable\n"
	  "From 10.0.1.2 icmp_seq=2 Destination Port Unreachable\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1000ms\n"
	  "\n",
	  "ping: sendmsg: Operation not permitted\n"
	  "ping: sendmsg: Operation not permitted\n", 1 },
	{ "ip netns exec a iptables -F OUTPUT", "", "", 0 },
	{ "ip netns exec a iptables -A OUTPUT -p icmp -j REJECT", "", "", 0 },
	{ "ip netns exec a ping -c 1 -W 1 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 0 received, 100% packet loss, time 0ms\n"
	  "\n", "", 1 },
};

static void test_ping_output_rules(void **state)
{
	struct fx *f = *state;
	int64_t t0 = f->w->now_ns;
	STEPS(f, ping_output_rule_steps);
	/* 2 s of requests and a 10 s linger; 2 s; 1 s; 1 s. */
	assert_int_equal(f->w->now_ns - t0, 16 * NS_PER_S);
}

/* A router's REJECT words its error with the ICMP code iptables was given;
 * ping names each code as iputils' pr_icmph() does (texts as the real ping
 * printed them behind iptables-nft 1.8.9 REJECT rules in namespaces). */
static const struct step ping_reject_code_steps[] = {
	{ "ip netns exec r iptables -A FORWARD -p icmp -j REJECT --reject-with icmp-host-prohibited",
	  "", "", 0 },
	{ "ip netns exec a ping -c 1 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "From 10.0.1.1 icmp_seq=1 Destination Host Prohibited\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n"
	  "\n", "", 1 },
	{ "ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-net-prohibited",
	  "", "", 0 },
	{ "ip netns exec a ping -c 1 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "From 10.0.1.1 icmp_seq=1 Destination Net Prohibited\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n"
	  "\n", "", 1 },
	{ "ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-admin-prohibited",
	  "", "", 0 },
	{ "ip netns exec a ping -c 1 10.0.2.10",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "From 10.0.1.1 icmp_seq=1 Packet filtered\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n"
	  "\n", "", 1 },
};

static void test_ping_reject_codes(void **state)
{
	STEPS((struct fx *)*state, ping_reject_code_steps);
}

/* `2>&1` shows both streams in the order ping wrote them, as a terminal
 * does (captured: each From line, then its sendmsg line). */
static const struct step ping_mixed_streams_steps[] = {
	{ "ip netns exec a iptables -A OUTPUT -p icmp --icmp-type echo-request -j REJECT", "", "", 0 },
	{ "ip netns exec a ping -c 2 10.0.2.10 2>&1",
	  "PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
	  "From 10.0.1.2 icmp_seq=1 Destination Port Unreachable\n"
	  "ping: sendmsg: Operation not permitted\n"
	  "From 10.0.1.2 icmp_seq=2 Destination Port Unreachable\n"
	  "ping: sendmsg: Operation not permitted\n"
	  "\n"
	  "--- 10.0.2.10 ping statistics ---\n"
	  "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1000ms\n"
	  "\n", "", 1 },
};

static void test_ping_mixed_streams(void **state)
{
	STEPS((struct fx *)*state, ping_mixed_streams_steps);
}

/* Without -n, ping NAME looks every reply's source up (getnameinfo: here
 * in /etc/hosts), as Linux prints it; with -n, or a number, it does not. */
static void test_ping_divergences(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "ip netns exec a ping -c1 hostb"), 0);
	assert_non_null(strstr(f->out, "64 bytes from hostb.lab (10.0.2.10): icmp_seq=1"));
	assert_int_equal(run(f, "ip netns exec a ping -c1 10.0.2.10"), 0);
	assert_non_null(strstr(f->out, "64 bytes from 10.0.2.10: icmp_seq=1"));
}

/* With -s below 16 there is no room for the timestamp: no time=, no rtt
 * line (iputils' "timing" is off), exactly as Linux prints it. */
static void test_ping_small_payload_has_no_timing(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "ip netns exec a ping -c1 -s 0 10.0.2.10"), 0);
	assert_non_null(strstr(f->out, "8 bytes from 10.0.2.10: icmp_seq=1 ttl=63\n"));
	assert_null(strstr(f->out, "time="));
	assert_null(strstr(f->out, "rtt "));
}

/* ---- traceroute -------------------------------------------------------------- */

static void check(struct fx *f, const char *line, const char *out, const char *err, int rc)
{
	const struct step s[] = { { line, out, err, rc } };
	STEPS(f, s);
}

static void test_traceroute_two_hops(void **state)
{
	check(*state, "ip netns exec a traceroute -n 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms\n"
	      " 2  10.0.2.10  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
}

static void test_traceroute_names(void **state)
{
	check(*state, "ip netns exec a traceroute 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.1 (10.0.1.1)  0.000 ms  0.000 ms  0.000 ms\n"
	      " 2  hostb.lab (10.0.2.10)  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
}

static void test_traceroute_host_as_typed(void **state)
{
	check(*state, "ip netns exec a traceroute -w 1 -m 2 hostb",
	      "traceroute to hostb (10.0.2.10), 2 hops max, 60 byte packets\n"
	      " 1  10.0.1.1 (10.0.1.1)  0.000 ms  0.000 ms  0.000 ms\n"
	      " 2  hostb.lab (10.0.2.10)  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
}

static void test_traceroute_first_hop_is_target(void **state)
{
	check(*state, "ip netns exec a traceroute -n 10.0.1.1",
	      "traceroute to 10.0.1.1 (10.0.1.1), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
}

static void test_traceroute_self(void **state)
{
	check(*state, "ip netns exec a traceroute -n 10.0.1.2",
	      "traceroute to 10.0.1.2 (10.0.1.2), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.2  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
}

/* No route at r: ip_error() answers net unreachable, at most two in a
 * burst (its own limiter and icmp_send()'s share one bucket), so the third
 * probe of the hop gets no answer. */
static void test_traceroute_net_unreachable(void **state)
{
	check(*state, "ip netns exec a traceroute -n 10.9.9.9",
	      "traceroute to 10.9.9.9 (10.9.9.9), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms !N  0.000 ms !N *\n", "", 0);
}

/* r cannot resolve 10.0.2.99: after three ARP requests it answers host
 * unreachable for every queued probe (hop 1's were time-exceeded at once). */
static void test_traceroute_host_unreachable(void **state)
{
	check(*state, "ip netns exec a traceroute -n 10.0.2.99",
	      "traceroute to 10.0.2.99 (10.0.2.99), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms\n"
	      " 2  10.0.1.1  3000.000 ms !H  2999.975 ms !H  2999.950 ms !H\n", "", 0);
}

/* a itself cannot resolve a neighbour: the error comes from its own
 * address. */
static void test_traceroute_local_arp_failure(void **state)
{
	check(*state, "ip netns exec a traceroute -n 10.0.1.99",
	      "traceroute to 10.0.1.99 (10.0.1.99), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.2  3000.000 ms !H  2999.975 ms !H  2999.950 ms !H\n", "", 0);
}

static void test_traceroute_options(void **state)
{
	struct fx *f = *state;
	check(f, "ip netns exec a traceroute -n -q 1 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms\n"
	      " 2  10.0.2.10  0.000 ms\n", "", 0);
	check(f, "sleep 7", "", "", 0);
	check(f, "ip netns exec a traceroute -n -f 2 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 30 hops max, 60 byte packets\n"
	      " 2  10.0.2.10  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
	check(f, "sleep 7", "", "", 0);
	check(f, "ip netns exec a traceroute -n -q 5 -N 3 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms  0.000 ms  0.000 ms\n"
	      " 2  10.0.2.10  0.000 ms  0.000 ms  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
	check(f, "sleep 7", "", "", 0);
	check(f, "ip netns exec a traceroute -n -p 40000 -m 1 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 1 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
	check(f, "sleep 7", "", "", 0);
	check(f, "ip netns exec a traceroute -n -m1 --wait=2 10.0.2.10 100",
	      "traceroute to 10.0.2.10 (10.0.2.10), 1 hops max, 100 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
	check(f, "sleep 7", "", "", 0);
	check(f, "ip netns exec a traceroute -n -m 1 -- 10.0.2.10 10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 1 hops max, 28 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
	check(f, "sleep 7", "", "", 0);
	check(f, "ip netns exec a traceroute -n --max-hops=1 -p domain 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 1 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
}

/* r drops silently (ip_forward=0): nothing answers; -w 1 waits a second. */
static void test_traceroute_silence(void **state)
{
	struct fx *f = *state;
	check(f, "ip netns exec r sysctl -qw net.ipv4.ip_forward=0", "", "", 0);
	int64_t t0 = f->w->now_ns;
	check(f, "ip netns exec a traceroute -n -m 3 -w 1 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 3 hops max, 60 byte packets\n"
	      " 1  * * *\n"
	      " 2  * * *\n"
	      " 3  * * *\n", "", 0);
	/* the nine probes leave 25 us apart and expire a second after each */
	assert_int_equal(f->w->now_ns - t0, 1000000000LL + 8 * 25000LL);
}

static void test_traceroute_no_route(void **state)
{
	struct fx *f = *state;
	check(f, "ip -n b route del default", "", "", 0);
	/* the header is printed, without its newline, before connect() fails */
	check(f, "ip netns exec b traceroute -n 10.0.1.2",
	      "traceroute to 10.0.1.2 (10.0.1.2), 30 hops max, 60 byte packets",
	      "\nconnect: Network is unreachable\n", 1);
}

/* What goes on the wire: one socket (source port) per probe, destination
 * ports 33434 and up, TTL 1, 1, 1, 2, ..., DF clear, 32 bytes "@ABC...". */
struct probe_log {
	int n;
	uint16_t sport[32], dport[32];
	uint8_t ttl[32];
	uint16_t frag[32];
	uint32_t len[32];
	char data[33];
};

static void on_tx(void *ctx, const struct trace_rec *r)
{
	struct probe_log *pl = ctx;
	if (r->kind != TR_TX || strcmp(r->node->name, "a") != 0 || r->layer != TL_ETH || r->len < 14 + 28)
		return;
	const uint8_t *ip = r->bytes + 14;
	if (ip[9] != IP_PROTO_UDP || pl->n >= 32)
		return;
	const uint8_t *udp = ip + (ip[0] & 0x0f) * 4;
	pl->sport[pl->n] = (uint16_t)(udp[0] << 8 | udp[1]);
	pl->dport[pl->n] = (uint16_t)(udp[2] << 8 | udp[3]);
	pl->ttl[pl->n] = ip[8];
	pl->frag[pl->n] = (uint16_t)(ip[6] << 8 | ip[7]);
	pl->len[pl->n] = (uint32_t)(ip[2] << 8 | ip[3]);
	memcpy(pl->data, udp + 8, 32);
	pl->n++;
}

static void test_traceroute_probes(void **state)
{
	struct fx *f = *state;
	struct probe_log pl = { 0 };
	int h = trace_subscribe(f->w, TR_MASK(TR_TX), on_tx, &pl);
	check(f, "ip netns exec a traceroute -n -m 2 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 2 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms\n"
	      " 2  10.0.2.10  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
	trace_unsubscribe(f->w, h);
	assert_int_equal(pl.n, 6);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(pl.dport[i], 33434 + i);
		assert_int_equal(pl.ttl[i], i / 3 + 1);
		assert_int_equal(pl.frag[i] & IPV4_DF, 0);
		assert_int_equal(pl.len[i], 60);
		for (int k = 0; k < i; k++)
			assert_int_not_equal(pl.sport[i], pl.sport[k]);
	}
	assert_memory_equal(pl.data, "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_", 32);
}

/* Something answers on the probe's port: a UDP reply ends the trace too. */
static void test_traceroute_udp_answer(void **state)
{
	struct fx *f = *state;
	/* the first probe of hop 2 goes to port 33437 */
	udp_echo_server_start(world_node(f->w, "b"), 33437);
	check(f, "ip netns exec a traceroute -n 10.0.2.10",
	      "traceroute to 10.0.2.10 (10.0.2.10), 30 hops max, 60 byte packets\n"
	      " 1  10.0.1.1  0.000 ms  0.000 ms  0.000 ms\n"
	      " 2  10.0.2.10  0.000 ms  0.000 ms  0.000 ms\n", "", 0);
}

#define TR_HELP_HEAD \
	"Usage:\n" \
	"  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] " \
	"[ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] " \
	"[ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]\n" \
	"Options:\n"

static const struct step tr_error_steps[] = {
	{ "traceroute -m x 10.0.2.10", "", "Cannot handle `-m' option with arg `x' (argc 2)\n", 2 },
	{ "traceroute -m 0 10.0.2.10", "", "first hop out of range\n", 2 },
	{ "traceroute -m 256 10.0.2.10", "", "max hops cannot be more than 255\n", 2 },
	{ "traceroute -m -1 10.0.2.10", "", "max hops cannot be more than 255\n", 2 },
	{ "traceroute -m", "", "Option `-m' (argc 1) requires an argument: `-m max_ttl'\n", 2 },
	{ "traceroute -q 0 10.0.2.10", "", "no more than 10 probes per hop\n", 2 },
	{ "traceroute -q 11 10.0.2.10", "", "no more than 10 probes per hop\n", 2 },
	{ "traceroute -q -1 10.0.2.10", "", "no more than 10 probes per hop\n", 2 },
	{ "traceroute -f 0 10.0.2.10", "", "first hop out of range\n", 2 },
	{ "traceroute -f 5 -m 3 10.0.2.10", "", "first hop out of range\n", 2 },
	{ "traceroute -w x 10.0.2.10", "", "Cannot handle `-w' option with arg `x' (argc 2)\n", 2 },
	{ "traceroute -w -1 10.0.2.10", "", "bad wait specifications `-1,0,0' used\n", 2 },
	{ "traceroute -n -m1 -w 2,1,0,1 10.0.2.10", "",
	  "Cannot handle `-w' option with arg `2,1,0,1' (argc 4)\n", 2 },
	{ "traceroute -n -m 1 -w 1.5x 10.0.2.10", "",
	  "Cannot handle `-w' option with arg `1.5x' (argc 5)\n", 2 },
	{ "traceroute -p x 10.0.2.10", "", "Cannot handle `-p' option with arg `x' (argc 2)\n", 2 },
	{ "traceroute -z -1 10.0.2.10", "", "bad sendtime `-1' specified\n", 2 },
	{ "traceroute 10.0.2.10 x", "", "Cannot handle \"packetlen\" cmdline arg `x' on position 2 (argc 2)\n",
	  2 },
	{ "traceroute 10.0.2.10 70000", "", "too big packetlen 70000 specified\n", 2 },
	{ "traceroute 10.0.2.10 60 70", "", "Extra arg `70' (position 3, argc 3)\n", 2 },
	{ "traceroute -Z 10.0.2.10", "", "Bad option `-Z' (argc 1)\n", 2 },
	{ "traceroute -nZ 10.0.2.10", "", "Bad option `-Z' (argc 1)\n", 2 },
	{ "traceroute -Zn 10.0.2.10", "", "Bad option `-Z' (argc 1)\n", 2 },
	{ "traceroute --bogus 10.0.2.10", "", "Bad option `--bogus' (argc 1)\n", 2 },
	{ "traceroute -n --mx 1 10.0.2.10", "", "Bad option `--mx' (argc 2)\n", 2 },
	{ "traceroute -m5x 10.0.2.10", "", "Cannot handle `-m' option with arg `5x' (argc 1)\n", 2 },
	{ "traceroute -nm1 10.0.2.10", "", "Option `-m' (argc 1) requires an argument: `-m max_ttl'\n", 2 },
	{ "traceroute --max-hops 1 -n 10.0.2.10", "",
	  "Option `--max-hops' (argc 1) requires an argument: `--max-hops=max_ttl'\n", 2 },
	{ "traceroute -n", "", "Specify \"host\" missing argument.\n", 2 },
	{ "traceroute nosuchhost", "",
	  "nosuchhost: Temporary failure in name resolution\n"
	  "Cannot handle \"host\" cmdline arg `nosuchhost' on position 1 (argc 1)\n", 2 },
	{ "traceroute -n 10.0.2.300", "",
	  "10.0.2.300: Temporary failure in name resolution\n"
	  "Cannot handle \"host\" cmdline arg `10.0.2.300' on position 1 (argc 2)\n", 2 },
	{ "traceroute -V", "",
	  "Modern traceroute for Linux, version 2.1.2\n"
	  "Copyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n", 0 },
	{ "traceroute -nV", "",
	  "Modern traceroute for Linux, version 2.1.2\n"
	  "Copyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n", 0 },
};

static void test_traceroute_errors(void **state)
{
	struct fx *f = *state;
	STEPS(f, tr_error_steps);
	/* the help, on stderr, exit 0: with no arguments and with --help */
	assert_int_equal(run(f, "traceroute"), 0);
	assert_string_equal(f->out, "");
	assert_memory_equal(f->err, TR_HELP_HEAD, strlen(TR_HELP_HEAD));
	assert_non_null(strstr(f->err, "      packetlen     The full packet length (default is the length of an IP\n"));
	size_t len = strlen(f->err);
	assert_int_equal(len, 5438);
	assert_int_equal(run(f, "traceroute --help"), 0);
	assert_int_equal(strlen(f->err), 5438);
	/* methods wirelab does not have say so */
	assert_int_equal(run(f, "traceroute -I 10.0.2.10"), 2);
	assert_string_equal(f->err, "wirelab: traceroute -I is not supported (wirelab traces with UDP "
				    "probes: -n -m -q -w -p -f -N -t -z work)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_output_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_reject_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_mixed_streams, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_divergences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_small_payload_has_no_timing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_two_hops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_host_as_typed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_first_hop_is_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_self, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_net_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_host_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_local_arp_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_silence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_no_route, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_probes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_udp_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traceroute_errors, setup, teardown),
	};
	return cmocka_run_group_tests_name("cmd_ping", tests, NULL, NULL);
}
