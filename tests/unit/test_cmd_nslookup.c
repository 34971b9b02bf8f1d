/* test_cmd_nslookup.c — nslookup (BIND 9.18.49) against the real one on
 * Debian 12, on the topology and answers of dnsq_fixture.h.  Expected
 * texts are what the real nslookup printed (stdout and stderr apart, with
 * its exit status; tabs as it prints them).
 *
 * What the captures showed, and these check: nslookup sends no EDNS, RD
 * only; it asks A, then AAAA for the name the CNAMEs lead to; the search
 * list applies to a name with fewer dots than ndots (then the name as
 * typed is tried last), and a name with enough dots is asked as typed
 * only; a PTR lookup for an address prints no "Server:" block; every
 * output ends with a blank line; exit 1 for an error rcode or no server. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dnsq_fixture.h"

/* What nslookup prints for www.example.com when the server answers SERVFAIL. */
static const char www_servfail[] =
	";; Got SERVFAIL reply from 10.0.0.53\n"
	"Server:\t\t10.0.0.53\n"
	"Address:\t10.0.0.53#53\n"
	"\n"
	"** server can't find www.example.com: SERVFAIL\n"
	"\n";

/* nslookup's answer for www.example.com from the test's server, 10.0.0.53. */
static const char www_answer[] =
	"Server:\t\t10.0.0.53\n"
	"Address:\t10.0.0.53#53\n"
	"\n"
	"Name:\twww.example.com\n"
	"Address: 10.0.0.80\n"
	"\n";

static const struct dstep ns_steps[] = {
	{ "ip netns exec dB nslookup www.example.com",
	  www_answer,
	  "", 0 },
	{ "ip netns exec dB nslookup www",
	  www_answer,
	  "", 0 },
	{ "ip netns exec dB nslookup alias.example.com",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "alias.example.com\tcanonical name = www.example.com.\n"
	  "Name:\twww.example.com\n"
	  "Address: 10.0.0.80\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB nslookup nope.example.com",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "** server can't find nope.example.com: NXDOMAIN\n"
	  "\n",
	  "", 1 },
	{ "ip netns exec dB nslookup www.example.com 10.0.0.53",
	  www_answer,
	  "", 0 },
	{ "ip netns exec dB nslookup -type=MX example.com",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "example.com\tmail exchanger = 10 mail.example.com.\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB nslookup -query=TXT example.com",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "example.com\ttext = \"hello world\"\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB nslookup 10.0.0.80",
	  "80.0.0.10.in-addr.arpa\tname = www.example.com.\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB nslookup www.example.com 10.0.0.2",
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; no servers could be reached\n"
	  "\n",
	  "", 1 },
	{ "ip netns exec dB nslookup -type=AAAA www.example.com",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "Non-authoritative answer:\n"
	  "*** Can't find www.example.com: No answer\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB nslookup mail.example.com",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "Name:\tmail.example.com\n"
	  "Address: 10.0.0.25\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB nslookup nope",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "** server can't find nope: REFUSED\n"
	  "\n",
	  "", 1 },
	{ "ip netns exec dB nslookup nope.example",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "** server can't find nope.example: REFUSED\n"
	  "\n",
	  "", 1 },
	{ "ip netns exec dB nslookup www.example.com 10.9.9.9",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; no servers could be reached\n"
	  "\n",
	  "", 1 },
	{ "ip netns exec dB nslookup -bogus www.example.com",
	  "*** Invalid option: bogus\n"
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "Name:\twww.example.com\n"
	  "Address: 10.0.0.80\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB nslookup -type=BOGUS www.example.com",
	  "unknown query type: BOGUS\n"
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "Name:\twww.example.com\n"
	  "Address: 10.0.0.80\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB nslookup -port=5353 www.example.com",
	  ";; communications error to 10.0.0.53#5353: connection refused\n"
	  ";; communications error to 10.0.0.53#5353: connection refused\n"
	  ";; communications error to 10.0.0.53#5353: connection refused\n"
	  ";; no servers could be reached\n"
	  "\n",
	  "", 1 },
};

static void test_nslookup(void **state)
{
	DSTEPS((struct dfx *)*state, ns_steps);
}

/* options ndots:3: www.example.com (2 dots) goes under the search list
 * first (www.example.com.example.com: NXDOMAIN), then as typed. */
static const struct dstep ndots_steps[] = {
	{ "echo 'options ndots:3' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB nslookup www.example.com",
	  www_answer,
	  "", 0 },
};

static void test_nslookup_ndots(void **state)
{
	DSTEPS((struct dfx *)*state, ndots_steps);
}

/* options timeout:1 attempts:1 are nslookup's -timeout=1 -retry=1; a
 * name with fewer dots than ndots:3 goes under the search list first. */
static const struct dstep opts_steps[] = {
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'search example.com' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'options timeout:1 attempts:1 ndots:3' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB nslookup www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; no servers could be reached\n"
	  "\n",
	  "", 1 },
};

static void test_nslookup_resolv_options(void **state)
{
	struct dfx *f = *state;
	int64_t t0 = f->w->now_ns;
	DSTEPS(f, opts_steps);
	/* one attempt of one second */
	assert_true(f->w->now_ns - t0 >= NS_PER_S && f->w->now_ns - t0 < 2 * NS_PER_S);
}

/* A server that does not offer recursion (RA clear; captured against
 * dnsmasq in auth mode): said for every answer from a resolv.conf server,
 * and with a next server in resolv.conf that one is asked instead; never
 * for a server named on the command line. */
static const struct dstep no_ra_steps[] = {
	{ "ip netns exec dB nslookup www.example.com 10.0.0.53",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "Name:\twww.example.com\n"
	  "Address: 10.0.0.80\n"
	  "\n", "", 0 },
	{ "ip netns exec dB nslookup www.example.com",
	  ";; Got recursion not available from 10.0.0.53\n"
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "Name:\twww.example.com\n"
	  "Address: 10.0.0.80\n"
	  ";; Got recursion not available from 10.0.0.53\n"
	  "\n", "", 0 },
	{ "echo 'nameserver 10.0.0.53' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB nslookup www.example.com",
	  ";; Got recursion not available from 10.0.0.53, trying next server\n"
	  ";; Got recursion not available from 10.0.0.53\n"
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "Name:\twww.example.com\n"
	  "Address: 10.0.0.80\n"
	  ";; Got recursion not available from 10.0.0.53, trying next server\n"
	  ";; Got recursion not available from 10.0.0.53\n"
	  "\n", "", 0 },
	/* host says nothing of it */
	{ "ip netns exec dB host www.example.com", "www.example.com has address 10.0.0.80\n", "", 0 },
};

static void test_nslookup_no_recursion(void **state)
{
	struct dfx *f = *state;
	f->clear_ra = true;
	DSTEPS(f, no_ra_steps);
}

/* A name that cannot go on the wire ends the run (dighost's fatal()). */
static const struct dstep bad_name_steps[] = {
	{ "ip netns exec dB nslookup a..b", "", "nslookup: 'a..b' is not a legal name (empty label)\n", 10 },
};

static void test_nslookup_bad_name(void **state)
{
	DSTEPS((struct dfx *)*state, bad_name_steps);
}

/* Three attempts, 5 s apart: the run lasts 15 s. */
static void test_nslookup_timeout_timing(void **state)
{
	struct dfx *f = *state;
	int64_t t0 = f->w->now_ns;
	assert_int_equal(dfx_run(f, "ip netns exec dB nslookup www.example.com 10.9.9.9"), 1);
	assert_true(f->w->now_ns - t0 >= 15 * NS_PER_S && f->w->now_ns - t0 < 16 * NS_PER_S);
}

/* Two nameservers, the first silent: each lookup asks the first one
 * `tries` times (5 s apart), then the second; every lookup starts again
 * with the first. */
static const struct dstep two_ns_steps[] = {
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.0.0.53' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'search example.com' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB nslookup www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "Name:\twww.example.com\n"
	  "Address: 10.0.0.80\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  "\n",
	  "", 0 },
};

static void test_nslookup_two_nameservers(void **state)
{
	DSTEPS((struct dfx *)*state, two_ns_steps);
}

/* A server answering SERVFAIL (captured against a test server that does
 * only that): nslookup says so for every answer, from a command-line
 * server too, tries the next resolv.conf server, and stops the search
 * walk there (www: www.example.com, no "www."); host and dig say nothing
 * more than the rcode. */
static const struct dstep servfail_steps[] = {
	{ "ip netns exec dB nslookup www.example.com",
	  www_servfail, "", 1 },
	{ "ip netns exec dB nslookup www",
	  www_servfail, "", 1 },
	{ "ip netns exec dB nslookup www.example.com 10.0.0.53",
	  www_servfail, "", 1 },
	{ "ip netns exec dB host www.example.com", "Host www.example.com not found: 2(SERVFAIL)\n", "", 1 },
	{ "ip netns exec dB dig +short www.example.com", "", "", 0 },
	{ "echo 'nameserver 10.0.0.53' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB nslookup www.example.com",
	  ";; Got SERVFAIL reply from 10.0.0.53, trying next server\n"
	  ";; Got SERVFAIL reply from 10.0.0.53\n"
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "** server can't find www.example.com: SERVFAIL\n"
	  "\n", "", 1 },
	{ "ip netns exec dB host www.example.com", "Host www.example.com not found: 2(SERVFAIL)\n", "", 1 },
	{ "ip netns exec dB dig +noall +comments www.example.com",
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n", "", 0 },
};

static void test_servfail(void **state)
{
	struct dfx *f = *state;
	f->servfail = true;
	DSTEPS(f, servfail_steps);
}

/* The server list as BIND's tools walk it (captured): the first server
 * gets every attempt, each one after it a single attempt; no nameserver
 * line means ::1 then 127.0.0.1, and an IPv6 server fails at connect()
 * ("address not available", as with IPv6 off), the line "no servers could
 * be reached" left out when another server follows. */
static const struct dstep server_list_steps[] = {
	/* no route to the server: connect() fails, both lines each attempt
	 * and nothing more (captured) */
	{ "ip netns exec dB nslookup www.example.com 10.99.99.99",
	  ";; UDP setup with 10.99.99.99#53(10.99.99.99) for www.example.com failed: network unreachable.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with 10.99.99.99#53(10.99.99.99) for www.example.com failed: network unreachable.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with 10.99.99.99#53(10.99.99.99) for www.example.com failed: network unreachable.\n"
	  ";; no servers could be reached\n"
	  "\n",
	  "", 1 },
	{ "echo '# no nameserver line' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB nslookup www.example.com",
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; communications error to 127.0.0.1#53: connection refused\n"
	  ";; no servers could be reached\n"
	  "\n",
	  "", 1 },
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.9.9.8' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'options timeout:1' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB nslookup www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.8#53: timed out\n"
	  ";; no servers could be reached\n"
	  "\n",
	  "", 1 },
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.0.0.2' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'options timeout:1' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB nslookup www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; no servers could be reached\n"
	  "\n",
	  "", 1 },
	/* a server on the command line replaces the defaults (::1 included) */
	{ "echo '# no nameserver line' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB nslookup mail.example.com 10.0.0.53",
	  "Server:\t\t10.0.0.53\n"
	  "Address:\t10.0.0.53#53\n"
	  "\n"
	  "Name:\tmail.example.com\n"
	  "Address: 10.0.0.25\n"
	  "\n", "", 0 },
};

static void test_nslookup_server_list(void **state)
{
	DSTEPS((struct dfx *)*state, server_list_steps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nslookup, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_nslookup_ndots, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_nslookup_resolv_options, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_nslookup_timeout_timing, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_nslookup_no_recursion, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_nslookup_bad_name, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_nslookup_two_nameservers, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_servfail, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_nslookup_server_list, dfx_setup, dfx_teardown),
	};
	return cmocka_run_group_tests_name("cmd_nslookup", tests, NULL, NULL);
}
