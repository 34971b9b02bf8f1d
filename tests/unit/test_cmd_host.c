/* test_cmd_host.c — host (BIND 9.18.49) against the real one on Debian 12,
 * on the topology and answers of dnsq_fixture.h.  Expected texts are what
 * the real host printed (stdout and stderr apart, with its exit status).
 *
 * What the captures showed, and these check: `host NAME` asks A, then
 * AAAA and MX for the name the CNAMEs lead to, each a fresh query without
 * EDNS; empty answers print nothing unless -t asked for that type; an
 * error rcode ends the run with "Host NAME not found: 3(NXDOMAIN)" and
 * status 1; a server given on the command line is announced once, before
 * the first answer; host makes two attempts (one retry), 5 s apart, and
 * takes resolv.conf's timeout but not its attempts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dnsq_fixture.h"

static const struct dstep host_steps[] = {
	{ "ip netns exec dB host www.example.com",
	  "www.example.com has address 10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB host alias.example.com",
	  "alias.example.com is an alias for www.example.com.\n"
	  "www.example.com has address 10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB host nope.example.com",
	  "Host nope.example.com not found: 3(NXDOMAIN)\n",
	  "", 1 },
	{ "ip netns exec dB host -t MX example.com",
	  "example.com mail is handled by 10 mail.example.com.\n",
	  "", 0 },
	{ "ip netns exec dB host 10.0.0.80",
	  "80.0.0.10.in-addr.arpa domain name pointer www.example.com.\n",
	  "", 0 },
	{ "ip netns exec dB host www",
	  "www.example.com has address 10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB host example.com",
	  "example.com mail is handled by 10 mail.example.com.\n",
	  "", 0 },
	{ "ip netns exec dB host www.example.com 10.0.0.53",
	  "Using domain server:\n"
	  "Name: 10.0.0.53\n"
	  "Address: 10.0.0.53#53\n"
	  "Aliases: \n"
	  "\n"
	  "www.example.com has address 10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB host www.example.com 10.0.0.2",
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; no servers could be reached\n",
	  "", 1 },
	{ "ip netns exec dB host -t A www.example.com",
	  "www.example.com has address 10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB host -t AAAA www.example.com",
	  "www.example.com has no AAAA record\n",
	  "", 0 },
	{ "ip netns exec dB host -t TXT example.com",
	  "example.com descriptive text \"hello world\"\n",
	  "", 0 },
	{ "ip netns exec dB host nope",
	  "Host nope not found: 5(REFUSED)\n",
	  "", 1 },
	{ "ip netns exec dB host www.example.com 10.9.9.9",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; no servers could be reached\n",
	  "", 1 },
	{ "ip netns exec dB host -t A www.example.com 10.9.9.9",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; no servers could be reached\n",
	  "", 1 },
	{ "ip netns exec dB host -t A alias.example.com",
	  "alias.example.com is an alias for www.example.com.\n"
	  "www.example.com has address 10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB host -t BOGUS www.example.com",
	  "",
	  "host: invalid type: BOGUS\n"
	  "\n", 2 },
	{ "ip netns exec dB host",
	  "",
	  "Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n"
	  "            [-R number] [-m flag] [-p port] hostname [server]\n"
	  "       -a is equivalent to -v -t ANY\n"
	  "       -A is like -a but omits RRSIG, NSEC, NSEC3\n"
	  "       -c specifies query class for non-IN data\n"
	  "       -C compares SOA records on authoritative nameservers\n"
	  "       -d is equivalent to -v\n"
	  "       -l lists all hosts in a domain, using AXFR\n"
	  "       -m set memory debugging flag (trace|record|usage)\n"
	  "       -N changes the number of dots allowed before root lookup is done\n"
	  "       -p specifies the port on the server to query\n"
	  "       -r disables recursive processing\n"
	  "       -R specifies number of retries for UDP packets\n"
	  "       -s a SERVFAIL response should stop query\n"
	  "       -t specifies the query type\n"
	  "       -T enables TCP/IP mode\n"
	  "       -U enables UDP mode\n"
	  "       -v enables verbose output\n"
	  "       -V print version number and exit\n"
	  "       -w specifies to wait forever for a reply\n"
	  "       -W specifies how long to wait for a reply\n"
	  "       -4 use IPv4 query transport only\n"
	  "       -6 use IPv6 query transport only\n", 1 },
	{ "ip netns exec dB host -h",
	  "",
	  "host: illegal option -- h\n"
	  "Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n"
	  "            [-R number] [-m flag] [-p port] hostname [server]\n"
	  "       -a is equivalent to -v -t ANY\n"
	  "       -A is like -a but omits RRSIG, NSEC, NSEC3\n"
	  "       -c specifies query class for non-IN data\n"
	  "       -C compares SOA records on authoritative nameservers\n"
	  "       -d is equivalent to -v\n"
	  "       -l lists all hosts in a domain, using AXFR\n"
	  "       -m set memory debugging flag (trace|record|usage)\n"
	  "       -N changes the number of dots allowed before root lookup is done\n"
	  "       -p specifies the port on the server to query\n"
	  "       -r disables recursive processing\n"
	  "       -R specifies number of retries for UDP packets\n"
	  "       -s a SERVFAIL response should stop query\n"
	  "       -t specifies the query type\n"
	  "       -T enables TCP/IP mode\n"
	  "       -U enables UDP mode\n"
	  "       -v enables verbose output\n"
	  "       -V print version number and exit\n"
	  "       -w specifies to wait forever for a reply\n"
	  "       -W specifies how long to wait for a reply\n"
	  "       -4 use IPv4 query transport only\n"
	  "       -6 use IPv6 query transport only\n", 1 },
	{ "ip netns exec dB host -V",
	  "",
	  "host 9.18.49-1~deb12u3-Debian\n", 0 },
};

static void test_host(void **state)
{
	DSTEPS((struct dfx *)*state, host_steps);
}

static const struct dstep ndots_steps[] = {
	{ "echo 'options ndots:3' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB host www.example.com",
	  "www.example.com has address 10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB dig +search www.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +search www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  "", 0 },
};

/* ndots:3: www.example.com goes under the search list first (dig only
 * with +search). */
static void test_host_ndots(void **state)
{
	DSTEPS((struct dfx *)*state, ndots_steps);
}

static const struct dstep opts_steps[] = {
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'search example.com' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'options timeout:1 attempts:1 ndots:3' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB host www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; no servers could be reached\n",
	  "", 1 },
	{ "ip netns exec dB dig www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; no servers could be reached\n",
	  "", 9 },
};

/* resolv.conf's timeout:1 attempts:1: dig takes both (one attempt), host
 * only the timeout (two attempts 1 s apart). */
static void test_host_resolv_options(void **state)
{
	DSTEPS((struct dfx *)*state, opts_steps);
}

/* A name that cannot go on the wire: status 1 for host. */
static const struct dstep bad_name_steps[] = {
	{ "ip netns exec dB host a..b", "", "host: 'a..b' is not a legal name (empty label)\n", 1 },
	{ "ip netns exec dB host aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com", "",
	  "host: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com' is not a legal name (label too long)\n", 1 },
};

static void test_host_bad_name(void **state)
{
	DSTEPS((struct dfx *)*state, bad_name_steps);
}

/* Two attempts 5 s apart: 10 s. */
static void test_host_timeout_timing(void **state)
{
	struct dfx *f = *state;
	int64_t t0 = f->w->now_ns;
	assert_int_equal(dfx_run(f, "ip netns exec dB host www.example.com 10.9.9.9"), 1);
	assert_true(f->w->now_ns - t0 >= 10 * NS_PER_S && f->w->now_ns - t0 < 11 * NS_PER_S);
}

/* Two nameservers, the first silent: each lookup asks the first one
 * `tries` times (5 s apart), then the second; every lookup starts again
 * with the first. */
static const struct dstep two_ns_steps[] = {
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.0.0.53' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'search example.com' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB host www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  "www.example.com has address 10.0.0.80\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n",
	  "", 0 },
};

static void test_host_two_nameservers(void **state)
{
	DSTEPS((struct dfx *)*state, two_ns_steps);
}

/* host -v: each name asked announced, each answer shown whole (dig's
 * layout, without its banner) and followed by where it came from. */
static const struct dstep verbose_steps[] = {
	{ "ip netns exec dB host -v www.example.com",
	  "Trying \"www.example.com\"\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID1@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  "Received 49 bytes from 10.0.0.53#53 in 0 ms\n"
	  "Trying \"www.example.com\"\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID2@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tAAAA\n"
	  "\n"
	  "Received 33 bytes from 10.0.0.53#53 in 0 ms\n"
	  "Trying \"www.example.com\"\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID3@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tMX\n"
	  "\n"
	  "Received 33 bytes from 10.0.0.53#53 in 0 ms\n",
	  "", 0 },
	{ "ip netns exec dB host -v nope",
	  "Trying \"nope.example.com\"\n"
	  "Trying \"nope\"\n"
	  "Host nope not found: 5(REFUSED)\n"
	  "Received 22 bytes from 10.0.0.53#53 in 0 ms\n",
	  "", 1 },
	{ "ip netns exec dB host -v -t MX example.com",
	  "Trying \"example.com\"\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID1@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";example.com.\t\t\tIN\tMX\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "example.com.\t\t300\tIN\tMX\t10 mail.example.com.\n"
	  "\n"
	  ";; ADDITIONAL SECTION:\n"
	  "mail.example.com.\t300\tIN\tA\t10.0.0.25\n"
	  "\n"
	  "Received 77 bytes from 10.0.0.53#53 in 0 ms\n",
	  "", 0 },
	{ "ip netns exec dB host -v -W 1 www.example.com 10.9.9.9",
	  "Trying \"www.example.com\"\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; no servers could be reached\n",
	  "", 1 },
	{ "ip netns exec dB host -v alias.example.com",
	  "Trying \"alias.example.com\"\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID1@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";alias.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "alias.example.com.\t300\tIN\tCNAME\twww.example.com.\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  "Received 80 bytes from 10.0.0.53#53 in 0 ms\n"
	  "Trying \"www.example.com\"\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID2@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tAAAA\n"
	  "\n"
	  "Received 33 bytes from 10.0.0.53#53 in 0 ms\n"
	  "Trying \"www.example.com\"\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID3@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tMX\n"
	  "\n"
	  "Received 33 bytes from 10.0.0.53#53 in 0 ms\n",
	  "", 0 },
	{ "ip netns exec dB host -v www.example.com 10.0.0.53",
	  "Trying \"www.example.com\"\n"
	  "Using domain server:\n"
	  "Name: 10.0.0.53\n"
	  "Address: 10.0.0.53#53\n"
	  "Aliases: \n"
	  "\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID1@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  "Received 49 bytes from 10.0.0.53#53 in 0 ms\n"
	  "Trying \"www.example.com\"\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID2@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tAAAA\n"
	  "\n"
	  "Received 33 bytes from 10.0.0.53#53 in 0 ms\n"
	  "Trying \"www.example.com\"\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID3@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tMX\n"
	  "\n"
	  "Received 33 bytes from 10.0.0.53#53 in 0 ms\n",
	  "", 0 },
};

static void test_host_verbose(void **state)
{
	DSTEPS((struct dfx *)*state, verbose_steps);
}

/* The server list as BIND's tools walk it (captured): the first server
 * gets every attempt, each one after it a single attempt; no nameserver
 * line means ::1 then 127.0.0.1, and an IPv6 server fails at connect()
 * ("address not available", as with IPv6 off), the line "no servers could
 * be reached" left out when another server follows. */
static const struct dstep server_list_steps[] = {
	/* no route to the server: connect() fails, both lines each attempt
	 * and nothing more (captured) */
	{ "ip netns exec dB host www.example.com 10.99.99.99",
	  ";; UDP setup with 10.99.99.99#53(10.99.99.99) for www.example.com failed: network unreachable.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with 10.99.99.99#53(10.99.99.99) for www.example.com failed: network unreachable.\n"
	  ";; no servers could be reached\n",
	  "", 1 },
	{ "echo '# no nameserver line' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB host www.example.com",
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; communications error to 127.0.0.1#53: connection refused\n"
	  ";; no servers could be reached\n",
	  "", 1 },
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.9.9.8' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'options timeout:1' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB host www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.8#53: timed out\n"
	  ";; no servers could be reached\n",
	  "", 1 },
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.0.0.2' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'options timeout:1' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB host www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; no servers could be reached\n",
	  "", 1 },
	{ "echo 'nameserver ::1' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 2001:db8::53' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.0.0.53' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB host -t A www.example.com",
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; UDP setup with 2001:db8::53#53(2001:db8::53) for www.example.com failed: address not available.\n"
	  "www.example.com has address 10.0.0.80\n",
	  "", 0 },
	/* a server on the command line replaces the defaults (::1 included) */
	{ "echo '# no nameserver line' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB host -t A www.example.com 10.0.0.53",
	  "Using domain server:\n"
	  "Name: 10.0.0.53\n"
	  "Address: 10.0.0.53#53\n"
	  "Aliases: \n"
	  "\n"
	  "www.example.com has address 10.0.0.80\n", "", 0 },
};

static void test_host_server_list(void **state)
{
	DSTEPS((struct dfx *)*state, server_list_steps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_host, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_host_ndots, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_host_resolv_options, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_host_timeout_timing, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_host_bad_name, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_host_two_nameservers, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_host_verbose, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_host_server_list, dfx_setup, dfx_teardown),
	};
	return cmocka_run_group_tests_name("cmd_host", tests, NULL, NULL);
}
