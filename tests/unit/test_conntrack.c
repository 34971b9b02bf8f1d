/* test_conntrack.c — connection tracking and NAT through a router
 * (net/conntrack.h, net/nf.h): MASQUERADE of ping (echo id kept) and UDP
 * (source port kept; a clash reallocated), a TCP port forward with DNAT
 * and its replies translated back, an ICMP error about a NATed flow
 * translated, conntrack -L lines and TCP states, the kernel's timeouts,
 * and br_netfilter on a bridge.  Every packet sent must carry good
 * checksums.  With WL_NF_PCAP_DIR set, traces are written there
 * (tests/trace/test-nf-pcap.sh reads them with tshark). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nf_fixture.h"
#include "net/sysctl.h"
#include "proc/restart.h"
#include "tcp_fixture.h"

/* TR_TABLE "conntrack" records with this `what`. */
static size_t ct_what_count(const struct fx_trace *tr, const char *what)
{
	size_t k = 0;
	for (size_t i = 0; i < tr->n; i++)
		if (tr->v[i].kind == TR_TABLE && strcmp(tr->v[i].table, "conntrack") == 0 &&
		    strcmp(tr->v[i].what, what) == 0)
			k++;
	return k;
}

static void assert_clean(struct nfw *t)
{
	size_t checked = 0;
	assert_int_equal(nf_bad_checksums(&t->tr, &checked), 0);
	assert_true(checked > 0);
}

/* ---- ping through MASQUERADE ---------------------------------------------- */

struct pinger {
	int replies;
	uint32_t from;
	uint16_t seq;
	int errors;
	uint8_t err_type, err_code;
};

static void on_echo_reply(void *ctx, uint32_t from, uint16_t seq, uint8_t ttl,
			  const uint8_t *data, uint32_t len)
{
	(void)ttl, (void)data, (void)len;
	struct pinger *p = ctx;
	p->replies++;
	p->from = from;
	p->seq = seq;
}

static void on_echo_error(void *ctx, uint32_t from, uint8_t type, uint8_t code, uint16_t seq,
			  uint16_t mtu)
{
	(void)from, (void)seq, (void)mtu;
	struct pinger *p = ctx;
	p->errors++;
	p->err_type = type;
	p->err_code = code;
}

static void test_masquerade_ping_keeps_echo_id(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 1);
	nfw_pcap(&t, "masq-ping");
	assert_int_equal(nf_masquerade(t.r, "eth1"), 0);
	struct pinger pg = { 0 };
	struct icmp_sock *s = icmp_open(t.a);
	s->on_reply = on_echo_reply;
	s->on_error = on_echo_error;
	s->ctx = &pg;
	uint8_t payload[56] = { 0 };
	assert_int_equal(icmp_send_echo(s, fx_ip("10.0.2.2"), 1, 0, payload, sizeof payload), 0);
	nfw_run(&t, 1);
	assert_int_equal(pg.replies, 1);
	assert_int_equal(pg.from, fx_ip("10.0.2.2"));
	/* b saw the router's address, and the identifier a chose. */
	struct ipv4_repr ip;
	const uint8_t *l4 = NULL;
	assert_true(nf_rx_ip(&t.tr, "b", "eth0", IP_PROTO_ICMP, 0, &ip, &l4));
	assert_int_equal(ip.src, fx_ip("10.0.2.1"));
	assert_int_equal(l4[0], ICMP_ECHO);
	assert_int_equal((l4[4] << 8) | l4[5], s->id);
	/* a got the reply back to its own address. */
	assert_true(nf_rx_ip(&t.tr, "a", "eth0", IP_PROTO_ICMP, 0, &ip, &l4));
	assert_int_equal(ip.dst, fx_ip("10.0.1.2"));
	assert_int_equal(ip.src, fx_ip("10.0.2.2"));
	/* conntrack -L on r */
	assert_int_equal(ct_count(t.r), 1);
	char want[256], got[1024];
	snprintf(want, sizeof want,
		 "icmp     1 29 src=10.0.1.2 dst=10.0.2.2 type=8 code=0 id=%u src=10.0.2.2 "
		 "dst=10.0.2.1 type=0 code=0 id=%u mark=0 use=1\n", s->id, s->id);
	assert_string_equal(nf_ct_list(t.r, got, sizeof got), want);
	assert_true(nf_trace_has(&t.tr, TR_DECISION, "r", "nat POSTROUTING rule 1: MASQUERADE: source 10.0.1.2:"));
	assert_true(nf_trace_has(&t.tr, TR_TABLE, "r", "icmp     1 30 src=10.0.1.2"));
	/* The entry lives 30 s after the last packet (the reply), then expires. */
	const struct ct_entry *e = ct_first(t.r);
	int64_t last = e->expires_ns - 30 * NS_PER_S;
	world_run(t.w, last + 30 * NS_PER_S - 1, 0);
	assert_int_equal(ct_count(t.r), 1);
	world_run(t.w, last + 30 * NS_PER_S, 0);
	assert_int_equal(ct_count(t.r), 0);
	/* created by the request, confirmed as it left, updated by the
	 * reply, expired */
	assert_int_equal(ct_what_count(&t.tr, "new"), 1);
	assert_int_equal(ct_what_count(&t.tr, "confirmed"), 1);
	assert_int_equal(ct_what_count(&t.tr, "update"), 1);
	assert_int_equal(ct_what_count(&t.tr, "expired"), 1);
	assert_clean(&t);
	icmp_close(s);
	nfw_free(&t);
}

/* ---- UDP through MASQUERADE: port kept, clash reallocated ----------------- */

struct echo {
	struct udp_sock *s;
	int got;
	uint32_t from[4];
	uint16_t sport[4];
};

static void on_echo_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport,
			 const uint8_t *data, uint32_t len)
{
	struct echo *e = ctx;
	if (e->got < 4) {
		e->from[e->got] = src;
		e->sport[e->got] = sport;
	}
	e->got++;
	udp_sendto(s, src, sport, data, len);
}

struct client {
	int got;
	uint32_t from;
	uint16_t sport;
	int errors;
	uint32_t err_from;
	uint8_t err_type, err_code;
};

static void on_client_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport,
			   const uint8_t *data, uint32_t len)
{
	(void)s, (void)data, (void)len;
	struct client *c = ctx;
	c->got++;
	c->from = src;
	c->sport = sport;
}

static void on_client_err(void *ctx, struct udp_sock *s, uint32_t from, uint8_t type, uint8_t code)
{
	(void)s;
	struct client *c = ctx;
	c->errors++;
	c->err_from = from;
	c->err_type = type;
	c->err_code = code;
}

static void test_masquerade_udp_port_kept_then_reallocated(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 2);
	nfw_pcap(&t, "masq-udp");
	assert_int_equal(nf_masquerade(t.r, "eth1"), 0);
	struct echo srv = { 0 };
	srv.s = udp_bind(t.b, 0, 7000, on_echo_recv, NULL, &srv);
	struct client c1 = { 0 }, c2 = { 0 };
	struct udp_sock *s1 = udp_bind(t.a, 0, 5000, on_client_recv, on_client_err, &c1);
	struct udp_sock *s2 = udp_bind(t.a2, 0, 5000, on_client_recv, on_client_err, &c2);
	assert_int_equal(udp_sendto(s1, fx_ip("10.0.2.2"), 7000, "one", 3), 0);
	nfw_run(&t, 1);
	assert_int_equal(udp_sendto(s2, fx_ip("10.0.2.2"), 7000, "two", 3), 0);
	nfw_run(&t, 1);
	assert_int_equal(srv.got, 2);
	assert_int_equal(srv.from[0], fx_ip("10.0.2.1"));
	assert_int_equal(srv.sport[0], 5000);          /* kept */
	assert_int_equal(srv.from[1], fx_ip("10.0.2.1"));
	assert_int_not_equal(srv.sport[1], 5000);      /* the tuple would clash */
	assert_true(srv.sport[1] >= 1024);
	/* Each reply went back to its own client, from the server's address. */
	assert_int_equal(c1.got, 1);
	assert_int_equal(c2.got, 1);
	assert_int_equal(c1.from, fx_ip("10.0.2.2"));
	assert_int_equal(c1.sport, 7000);
	assert_int_equal(c2.sport, 7000);
	char want[512], got[1024];
	/* The first one is a second older: 28 s left. */
	snprintf(want, sizeof want,
		 "udp      17 28 src=10.0.1.2 dst=10.0.2.2 sport=5000 dport=7000 src=10.0.2.2 "
		 "dst=10.0.2.1 sport=7000 dport=5000 mark=0 use=1\n"
		 "udp      17 29 src=10.0.1.3 dst=10.0.2.2 sport=5000 dport=7000 src=10.0.2.2 "
		 "dst=10.0.2.1 sport=7000 dport=%u mark=0 use=1\n", srv.sport[1]);
	assert_string_equal(nf_ct_list(t.r, got, sizeof got), want);
	for (const struct ct_entry *e = ct_first(t.r); e; e = ct_next(e))
		assert_true(e->status & CT_SRC_NAT);
	assert_clean(&t);
	udp_close(s1);
	udp_close(s2);
	udp_close(srv.s);
	nfw_free(&t);
}

/* The router's own traffic through MASQUERADE keeps its address: no SNAT
 * bit (the tuple did not change). */
static void test_masquerade_own_traffic_unchanged(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 3);
	assert_int_equal(nf_masquerade(t.r, "eth1"), 0);
	struct echo srv = { 0 };
	srv.s = udp_bind(t.b, 0, 53, on_echo_recv, NULL, &srv);
	struct client c = { 0 };
	struct udp_sock *s = udp_bind(t.r, 0, 6000, on_client_recv, on_client_err, &c);
	assert_int_equal(udp_sendto(s, fx_ip("10.0.2.2"), 53, "x", 1), 0);
	nfw_run(&t, 1);
	assert_int_equal(c.got, 1);
	const struct ct_entry *e = ct_first(t.r);
	assert_non_null(e);
	assert_false(e->status & (CT_SRC_NAT | CT_DST_NAT));
	assert_true(nf_trace_has(&t.tr, TR_DECISION, "r", "(unchanged)"));
	udp_close(s);
	udp_close(srv.s);
	nfw_free(&t);
}

/* -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT */
static struct nf_rule verdict_accept_ctstate(void)
{
	struct nf_rule r = nf_r();
	r.target.kind = NF_T_ACCEPT;
	struct nf_match mt;
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_CONNTRACK;
	mt.u.conntrack.states = NF_CT_RELATED | NF_CT_ESTABLISHED;
	nf_rule_add_match(&r, &mt);
	return r;
}

/* ---- TCP port forward ---------------------------------------------------- */

static void test_dnat_tcp_port_forward(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 4);
	nfw_pcap(&t, "dnat-tcp");
	/* iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80 */
	struct nf_rule r = nf_r();
	snprintf(r.in_if, sizeof r.in_if, "eth0");
	nf_r_proto_dport(&r, IP_PROTO_TCP, 8080);
	nf_target_dnat(&r, "10.0.2.2", 80);
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "PREROUTING", &r), 0);
	struct tapp srv, cli;
	tapp_init(&srv);
	tapp_init(&cli);
	static const char req[] = "GET / HTTP/1.0\r\n\r\n", resp[] = "HTTP/1.0 200 OK\r\n\r\nhi";
	srv.tx = (const uint8_t *)resp;
	srv.tx_len = sizeof resp - 1;
	srv.close_on_eof = true;
	cli.tx = (const uint8_t *)req;
	cli.tx_len = sizeof req - 1;
	cli.shutdown_after_tx = true;
	cli.close_on_eof = true;
	srv.listener = tcp_listen(t.b, 0, 80, 8, &tapp_cb, &srv);
	assert_non_null(srv.listener);
	cli.s = tcp_connect(t.a, fx_ip("10.0.1.1"), 8080, &tapp_cb, &cli);
	assert_non_null(cli.s);
	nfw_run(&t, 0.5);
	assert_int_equal(cli.connected, 1);
	assert_int_equal(srv.accepted, 1);
	assert_int_equal(srv.rx_len, sizeof req - 1);
	assert_int_equal(cli.rx_len, sizeof resp - 1);
	/* The server saw the client's own address and port (no SNAT). */
	struct ipv4_repr ip;
	const uint8_t *l4 = NULL;
	assert_true(nf_rx_ip(&t.tr, "b", "eth0", IP_PROTO_TCP, 0, &ip, &l4));
	assert_int_equal(ip.src, fx_ip("10.0.1.2"));
	assert_int_equal(ip.dst, fx_ip("10.0.2.2"));
	assert_int_equal((l4[2] << 8) | l4[3], 80);
	struct tcp_repr syn;
	assert_true(fx_tcp_tx(&t.tr, "a", 0, &syn, NULL));
	uint16_t clp = syn.sport;
	assert_int_equal((l4[0] << 8) | l4[1], clp);
	/* and a heard from the address it called */
	assert_true(nf_rx_ip(&t.tr, "a", "eth0", IP_PROTO_TCP, 0, &ip, &l4));
	assert_int_equal(ip.src, fx_ip("10.0.1.1"));
	assert_int_equal((l4[0] << 8) | l4[1], 8080);
	/* Both closed: FIN from the client (FIN_WAIT), ACK (CLOSE_WAIT), the
	 * server's FIN (LAST_ACK), the last ACK: TIME_WAIT, 120 s. */
	const struct ct_entry *e = ct_first(t.r);
	assert_non_null(e);
	assert_int_equal(e->tcp_state, CT_TCP_TIME_WAIT);
	assert_true(e->status & CT_ASSURED);
	assert_true(e->status & CT_DST_NAT);
	char want[512], got[1024];
	snprintf(want, sizeof want,
		 "tcp      6 119 TIME_WAIT src=10.0.1.2 dst=10.0.1.1 sport=%u dport=8080 "
		 "src=10.0.2.2 dst=10.0.1.2 sport=80 dport=%u [ASSURED] mark=0 use=1\n", clp, clp);
	assert_string_equal(nf_ct_list(t.r, got, sizeof got), want);
	/* The trace explains the decision and the states. */
	assert_true(nf_trace_has(&t.tr, TR_DECISION, "r",
				 "nat PREROUTING rule 1: DNAT to 10.0.2.2:80: destination 10.0.1.1:8080 -> 10.0.2.2:80"));
	assert_true(nf_trace_has(&t.tr, TR_TABLE, "r", "SYN_SENT src=10.0.1.2"));
	assert_true(nf_trace_has(&t.tr, TR_TABLE, "r", "ESTABLISHED src=10.0.1.2"));
	assert_true(nf_trace_has(&t.tr, TR_DECISION, "r", "reply: translated back"));
	/* The rule counted the first packet only (nat sees NEW packets). */
	struct nf_chain *c = nf_chain_find(t.r, NF_TABLE_NAT, "PREROUTING");
	assert_int_equal(c->rules[0].pkts, 1);
	assert_int_equal(c->rules[0].bytes, 60);
	/* TIME_WAIT lasts 120 s. */
	nfw_run(&t, 119);
	assert_int_equal(ct_count(t.r), 1);
	nfw_run(&t, 1.5);
	assert_int_equal(ct_count(t.r), 0);
	assert_clean(&t);
	tapp_free(&srv);
	tapp_free(&cli);
	nfw_free(&t);
}

/* A port forward to a closed port: the server's RST is the only answer,
 * and the kernel deletes such an entry at once ("If only reply is a RST");
 * the RST is still translated back (the client hears "connection refused"
 * from the address it called). */
static void test_rst_only_reply_deletes_entry(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 51);
	struct nf_rule r = nf_r();
	nf_r_proto_dport(&r, IP_PROTO_TCP, 8081);
	nf_target_dnat(&r, "10.0.2.2", 81);
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "PREROUTING", &r), 0);
	struct tapp cli;
	tapp_init(&cli);
	cli.s = tcp_connect(t.a, fx_ip("10.0.1.1"), 8081, &tapp_cb, &cli);
	nfw_run(&t, 0.5);
	assert_int_equal(cli.errors, 1);
	assert_int_equal(cli.err, -ECONNREFUSED);
	struct ipv4_repr ip;
	const uint8_t *l4 = NULL;
	assert_true(nf_rx_ip(&t.tr, "a", "eth0", IP_PROTO_TCP, 0, &ip, &l4));
	assert_int_equal(ip.src, fx_ip("10.0.1.1"));
	assert_int_equal((l4[0] << 8) | l4[1], 8081);
	assert_true(l4[13] & TCP_FLAG_RST);
	assert_int_equal(ct_count(t.r), 0);
	assert_int_equal(ct_what_count(&t.tr, "destroyed"), 1);
	assert_clean(&t);
	tcp_close(cli.s);
	tapp_free(&cli);
	nfw_free(&t);
}

/* A SYN that gets no answer: SYN_SENT [UNREPLIED], 120 s. */
static void test_tcp_syn_sent_timeout(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 5);
	struct nf_rule r = nf_r();
	nf_r_proto_dport(&r, IP_PROTO_TCP, 8080);
	nf_target_dnat(&r, "10.0.2.99", 80);           /* nobody there */
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "PREROUTING", &r), 0);
	struct tapp cli;
	tapp_init(&cli);
	cli.s = tcp_connect(t.a, fx_ip("10.0.1.1"), 8080, &tapp_cb, &cli);
	nfw_run(&t, 0.1);
	const struct ct_entry *e = ct_first(t.r);
	assert_non_null(e);
	assert_int_equal(e->tcp_state, CT_TCP_SYN_SENT);
	char got[1024];
	nf_ct_list(t.r, got, sizeof got);
	assert_non_null(strstr(got, "tcp      6 119 SYN_SENT src=10.0.1.2 dst=10.0.1.1 sport="));
	assert_non_null(strstr(got, "dport=8080 [UNREPLIED] src=10.0.2.99 dst=10.0.1.2 sport=80 dport="));
	tcp_abort(cli.s);
	tapp_free(&cli);
	nfw_free(&t);
}

/* ---- ICMP error about a NATed flow ---------------------------------------- */

static void test_icmp_error_translated(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 6);
	nfw_pcap(&t, "icmp-error");
	/* UDP to r:40001 goes to b:40002, where nobody listens. */
	struct nf_rule r = nf_r();
	nf_r_proto_dport(&r, IP_PROTO_UDP, 40001);
	nf_target_dnat(&r, "10.0.2.2", 40002);
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "PREROUTING", &r), 0);
	assert_int_equal(nf_masquerade(t.r, "eth1"), 0);
	struct client c = { 0 };
	struct udp_sock *s = udp_bind(t.a, 0, 41000, on_client_recv, on_client_err, &c);
	assert_int_equal(udp_sendto(s, fx_ip("10.0.1.1"), 40001, "q", 1), 0);
	nfw_run(&t, 1);
	/* b answered port unreachable to the router's address; r turned it
	 * round: outer source the address a wrote to, the quote a's own
	 * datagram, so a's socket hears of it. */
	assert_int_equal(c.errors, 1);
	assert_int_equal(c.err_type, ICMP_DEST_UNREACH);
	assert_int_equal(c.err_code, ICMP_PORT_UNREACH);
	assert_int_equal(c.err_from, fx_ip("10.0.1.1"));
	struct ipv4_repr ip;
	const uint8_t *l4 = NULL;
	assert_true(nf_rx_ip(&t.tr, "a", "eth0", IP_PROTO_ICMP, 0, &ip, &l4));
	assert_int_equal(ip.dst, fx_ip("10.0.1.2"));
	const uint8_t *q = l4 + 8;
	struct ipv4_repr qi;
	assert_int_equal(ipv4_parse(q, 29, &qi), 0);
	assert_int_equal(qi.src, fx_ip("10.0.1.2"));
	assert_int_equal(qi.dst, fx_ip("10.0.1.1"));
	assert_int_equal((q[20] << 8) | q[21], 41000);
	assert_int_equal((q[22] << 8) | q[23], 40001);
	/* The error does not make the flow answered. */
	const struct ct_entry *e = ct_first(t.r);
	assert_false(e->status & CT_SEEN_REPLY);
	assert_clean(&t);
	udp_close(s);
	nfw_free(&t);
}

/* A REJECT after DNAT, on the flow's first packet (its connection not yet
 * confirmed): the error still quotes the packet as the client sent it, and
 * comes from the address the client called (as captured on Linux 6.x:
 * "10.0.0.1 > 10.0.0.2: ICMP 10.0.0.1 udp port 40003 unreachable"). */
static void test_reject_after_dnat_quotes_original(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 61);
	struct nf_rule r = nf_r();
	nf_r_proto_dport(&r, IP_PROTO_UDP, 40003);
	nf_target_dnat(&r, "10.0.2.2", 40004);
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "PREROUTING", &r), 0);
	assert_int_equal(nf_masquerade(t.r, "eth1"), 0);
	r = nf_r();
	nf_r_proto_dport(&r, IP_PROTO_UDP, 40004);
	r.target.kind = NF_T_REJECT;
	r.target.u.reject = NF_REJ_ICMP_PORT_UNREACHABLE;
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	struct client c = { 0 };
	struct udp_sock *s = udp_bind(t.a, 0, 41000, on_client_recv, on_client_err, &c);
	assert_int_equal(udp_sendto(s, fx_ip("10.0.1.1"), 40003, "r", 1), 0);
	nfw_run(&t, 1);
	assert_int_equal(c.errors, 1);
	assert_int_equal(c.err_from, fx_ip("10.0.1.1"));
	struct ipv4_repr ip;
	const uint8_t *l4 = NULL;
	assert_true(nf_rx_ip(&t.tr, "a", "eth0", IP_PROTO_ICMP, 0, &ip, &l4));
	const uint8_t *q = l4 + 8;
	struct ipv4_repr qi;
	assert_int_equal(ipv4_parse(q, 29, &qi), 0);
	assert_int_equal(qi.dst, fx_ip("10.0.1.1"));
	assert_int_equal((q[22] << 8) | q[23], 40003);
	/* The rejected packet left no connection behind. */
	assert_int_equal(ct_count(t.r), 0);
	assert_clean(&t);
	udp_close(s);
	nfw_free(&t);
}

/* Fragments: conntrack needs whole datagrams, so the router puts a
 * fragmented ping together before NAT (nf_defrag_ipv4) and fragments it
 * again on the way out; the reply, fragmented by b, too. */
static void test_fragmented_ping_through_masquerade(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 62);
	nfw_pcap(&t, "masq-frag");
	assert_int_equal(nf_masquerade(t.r, "eth1"), 0);
	struct pinger pg = { 0 };
	struct icmp_sock *s = icmp_open(t.a);
	s->on_reply = on_echo_reply;
	s->ctx = &pg;
	static uint8_t payload[3000];
	for (size_t i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)i;
	assert_int_equal(icmp_send_echo(s, fx_ip("10.0.2.2"), 1, 0, payload, sizeof payload), 0);
	nfw_run(&t, 1);
	assert_int_equal(pg.replies, 1);
	/* b got fragments from the router's address. */
	size_t frags = 0;
	for (size_t i = 0; i < t.tr.n; i++) {
		const struct fx_rec *rec = &t.tr.v[i];
		struct ipv4_repr ip;
		if (!fx_rec_match(rec, TR_RX, "b", "eth0") || fx_ethertype(rec) != ETH_P_IP ||
		    ipv4_parse(rec->bytes + ETH_HLEN, rec->len - ETH_HLEN, &ip) != 0 ||
		    ip.proto != IP_PROTO_ICMP)
			continue;
		assert_int_equal(ip.src, fx_ip("10.0.2.1"));
		frags++;
	}
	assert_true(frags >= 3);
	assert_int_equal(ct_count(t.r), 1);
	assert_true(ct_first(t.r)->status & CT_SEEN_REPLY);
	assert_clean(&t);
	icmp_close(s);
	nfw_free(&t);
}

/* ---- UDP timeouts --------------------------------------------------------- */

static void test_udp_timeouts(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 7);
	assert_int_equal(nf_masquerade(t.r, "eth1"), 0);
	struct echo srv = { 0 };
	srv.s = udp_bind(t.b, 0, 53, on_echo_recv, NULL, &srv);
	struct client c = { 0 };
	struct udp_sock *s = udp_bind(t.a, 0, 5000, on_client_recv, on_client_err, &c);
	udp_sendto(s, fx_ip("10.0.2.2"), 53, "1", 1);
	nfw_run(&t, 0.5);
	const struct ct_entry *e = ct_first(t.r);
	assert_non_null(e);
	assert_true(e->status & CT_SEEN_REPLY);
	assert_false(e->status & CT_ASSURED);
	assert_int_equal(ct_timeout_left_s(t.r, e), 29);
	/* Still talking after 2 s: a stream, 120 s, ASSURED. */
	nfw_run(&t, 2.5);
	udp_sendto(s, fx_ip("10.0.2.2"), 53, "2", 1);
	nfw_run(&t, 0.5);
	e = ct_first(t.r);
	assert_true(e->status & CT_ASSURED);
	assert_int_equal(ct_timeout_left_s(t.r, e), 119);
	/* nf_conntrack_udp_timeout_stream is a sysctl. */
	assert_int_equal(sysctl_set(t.r, "net.netfilter.nf_conntrack_udp_timeout_stream", 60), 0);
	udp_sendto(s, fx_ip("10.0.2.2"), 53, "3", 1);
	nfw_run(&t, 0.5);
	assert_int_equal(ct_timeout_left_s(t.r, ct_first(t.r)), 59);
	nfw_run(&t, 61);
	assert_int_equal(ct_count(t.r), 0);
	/* Unanswered: 30 s. */
	udp_sendto(s, fx_ip("10.0.2.2"), 9, "x", 1);
	nfw_run(&t, 29.5);
	assert_int_equal(ct_count(t.r), 1);
	nfw_run(&t, 1);
	assert_int_equal(ct_count(t.r), 0);
	udp_close(s);
	udp_close(srv.s);
	nfw_free(&t);
}

/* conntrack -D and -F, and a reboot, empty the table. */
static void test_delete_flush_reboot(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 8);
	assert_int_equal(nf_masquerade(t.r, "eth1"), 0);
	struct client c = { 0 };
	struct udp_sock *s = udp_bind(t.a, 0, 5000, on_client_recv, on_client_err, &c);
	udp_sendto(s, fx_ip("10.0.2.2"), 9, "x", 1);
	udp_sendto(s, fx_ip("10.0.2.2"), 10, "x", 1);
	udp_sendto(s, fx_ip("10.0.2.2"), 11, "x", 1);
	nfw_run(&t, 0.5);
	assert_int_equal(ct_count(t.r), 3);
	assert_int_equal(ct_delete(t.r, ct_first(t.r)), 0);
	assert_int_equal(ct_count(t.r), 2);
	assert_int_equal(ct_flush(t.r), 2);
	assert_int_equal(ct_count(t.r), 0);
	assert_true(nf_trace_has(&t.tr, TR_TABLE, "r", "deleted (conntrack -D)"));
	udp_sendto(s, fx_ip("10.0.2.2"), 12, "x", 1);
	nfw_run(&t, 0.5);
	assert_int_equal(ct_count(t.r), 1);
	node_restart(t.r);
	assert_null(t.r->nf);
	assert_int_equal(ct_count(t.r), 0);
	udp_close(s);
	nfw_free(&t);
}

/* ---- br_netfilter ---------------------------------------------------------- */

static void test_bridge_nf_call_iptables(void **state)
{
	(void)state;
	struct world *w = world_new(9);
	struct node *sw = fx_switch(w, "sw");
	struct node *a = fx_host(w, "a", NODE_HOST), *b = fx_host(w, "b", NODE_HOST);
	fx_link(w, sw, a, NULL);
	fx_link(w, sw, b, NULL);
	fx_addr(a, "eth0", "10.0.0.1/24");
	fx_addr(b, "eth0", "10.0.0.2/24");
	/* iptables -A FORWARD -i br0 -o br0 -p icmp -j DROP on the switch */
	struct nf_rule r = nf_r();
	snprintf(r.in_if, sizeof r.in_if, "br0");
	snprintf(r.out_if, sizeof r.out_if, "br0");
	r.proto = IP_PROTO_ICMP;
	r.target.kind = NF_T_DROP;
	assert_int_equal(nf_add(sw, NF_TABLE_FILTER, "FORWARD", &r), 0);
	struct pinger pg = { 0 };
	struct icmp_sock *s = icmp_open(a);
	s->on_reply = on_echo_reply;
	s->ctx = &pg;
	/* bridge-nf-call-iptables = 0: bridged frames skip iptables. */
	icmp_send_echo(s, fx_ip("10.0.0.2"), 1, 0, NULL, 0);
	world_run(w, w->now_ns + NS_PER_S, 0);
	assert_int_equal(pg.replies, 1);
	struct nf_chain *fwd = nf_chain_find(sw, NF_TABLE_FILTER, "FORWARD");
	assert_int_equal(fwd->rules[0].pkts, 0);
	/* = 1 (br_netfilter, as on Docker and Kubernetes hosts): they do. */
	assert_int_equal(sysctl_set(sw, "net.bridge.bridge-nf-call-iptables", 1), 0);
	icmp_send_echo(s, fx_ip("10.0.0.2"), 2, 0, NULL, 0);
	world_run(w, w->now_ns + NS_PER_S, 0);
	assert_int_equal(pg.replies, 1);
	assert_int_equal(fwd->rules[0].pkts, 1);
	assert_int_equal(w->stats.drops[DROP_NF_DROP], 1);
	icmp_close(s);
	world_free(w);
}

/* Bridged replies are translated back (same-bridge Service in kube-proxy):
 * a client on the bridge reaches a DNAT address served by another host on
 * the same bridge; the reply, bridged directly, gets its source turned
 * back only with bridge-nf-call-iptables = 1. */
static void test_bridge_nf_undnat_reply(void **state)
{
	(void)state;
	struct world *w = world_new(10);
	struct node *sw = fx_switch(w, "sw");
	struct node *a = fx_host(w, "a", NODE_HOST), *b = fx_host(w, "b", NODE_HOST);
	fx_link(w, sw, a, NULL);
	fx_link(w, sw, b, NULL);
	fx_addr(sw, "br0", "10.0.0.254/24");
	fx_addr(a, "eth0", "10.0.0.1/24");
	fx_addr(b, "eth0", "10.0.0.2/24");
	fx_route(a, "default", "10.0.0.254");
	fx_route(b, "default", "10.0.0.254");
	sw->sysctl.ip_forward = 1;
	assert_int_equal(sysctl_set(sw, "net.bridge.bridge-nf-call-iptables", 1), 0);
	/* A "service" address 10.96.0.10:53 -> b:53 */
	struct nf_rule r = nf_r();
	r.dst = fx_ip("10.96.0.10");
	r.dst_mask = 0xffffffffu;
	nf_r_proto_dport(&r, IP_PROTO_UDP, 53);
	nf_target_dnat(&r, "10.0.0.2", 53);
	assert_int_equal(nf_add(sw, NF_TABLE_NAT, "PREROUTING", &r), 0);
	struct echo srv = { 0 };
	srv.s = udp_bind(b, 0, 53, on_echo_recv, NULL, &srv);
	struct client c = { 0 };
	struct udp_sock *s = udp_bind(a, 0, 4444, on_client_recv, on_client_err, &c);
	udp_sendto(s, fx_ip("10.96.0.10"), 53, "q", 1);
	world_run(w, w->now_ns + NS_PER_S, 0);
	assert_int_equal(srv.got, 1);
	assert_int_equal(srv.from[0], fx_ip("10.0.0.1"));
	assert_int_equal(c.got, 1);
	assert_int_equal(c.from, fx_ip("10.96.0.10"));
	assert_int_equal(c.sport, 53);
	udp_close(s);
	udp_close(srv.s);
	world_free(w);
}

/* DNAT in OUTPUT to one of the node's own addresses: the packet goes
 * over lo, keeps its connection there, and the reply (over lo too) comes
 * back from the address the client asked for. */
static void test_output_dnat_to_local_over_lo(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 64);
	struct nf_rule r = nf_r();
	r.dst = fx_ip("10.9.9.9");
	r.dst_mask = 0xffffffffu;
	nf_r_proto_dport(&r, IP_PROTO_UDP, 53);
	/* To the address the client sends from: an unconnected UDP socket
	 * answers from the address the route to the client gives, which for
	 * a local peer is the peer's address itself (as in Linux). */
	nf_target_dnat(&r, "10.0.2.1", 5353);
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "OUTPUT", &r), 0);
	fx_route(t.r, "10.9.9.0/24", "10.0.2.2");
	struct echo srv = { 0 };
	srv.s = udp_bind(t.r, 0, 5353, on_echo_recv, NULL, &srv);
	struct client c = { 0 };
	struct udp_sock *s = udp_bind(t.r, 0, 6000, on_client_recv, on_client_err, &c);
	assert_int_equal(udp_sendto(s, fx_ip("10.9.9.9"), 53, "q", 1), 0);
	nfw_run(&t, 0.5);
	assert_int_equal(srv.got, 1);
	assert_int_equal(c.got, 1);
	assert_int_equal(c.from, fx_ip("10.9.9.9"));
	assert_int_equal(c.sport, 53);
	assert_int_equal(ct_count(t.r), 1);
	const struct ct_entry *e = ct_first(t.r);
	assert_true(e->status & CT_DST_NAT);
	assert_true(e->status & CT_SEEN_REPLY);
	assert_int_equal(e->pkts[0], 1);          /* counted once, not again over lo */
	/* nothing left the node */
	assert_int_equal(fx_count(&t.tr, TR_TX, "r", "eth1"), 0);
	udp_close(s);
	udp_close(srv.s);
	nfw_free(&t);
}

/* ping 127.0.0.2 with conntrack on (a -m conntrack rule): from 127.0.0.1,
 * answered from 127.0.0.2, one entry — as captured on Linux 6.x:
 * "icmp 1 29 src=127.0.0.1 dst=127.0.0.2 type=8 code=0 id=N src=127.0.0.2
 * dst=127.0.0.1 type=0 code=0 id=N mark=0 use=1". */
static void test_ping_loopback_range(void **state)
{
	(void)state;
	struct world *w = world_new(65);
	struct node *n = fx_host(w, "n", NODE_HOST);
	struct nf_rule r = nf_r();
	struct nf_match mt;
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_CONNTRACK;
	mt.u.conntrack.states = NF_CT_NEW;
	nf_rule_add_match(&r, &mt);
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &r), 0);
	struct pinger pg = { 0 };
	struct icmp_sock *s = icmp_open(n);
	s->on_reply = on_echo_reply;
	s->ctx = &pg;
	uint8_t payload[56] = { 0 };
	assert_int_equal(icmp_send_echo(s, fx_ip("127.0.0.2"), 1, 0, payload, sizeof payload), 0);
	world_run(w, w->now_ns + NS_PER_S / 10, 0);
	assert_int_equal(pg.replies, 1);
	assert_int_equal(pg.from, fx_ip("127.0.0.2"));
	char want[256], got[512];
	snprintf(want, sizeof want,
		 "icmp     1 29 src=127.0.0.1 dst=127.0.0.2 type=8 code=0 id=%u src=127.0.0.2 "
		 "dst=127.0.0.1 type=0 code=0 id=%u mark=0 use=1\n", s->id, s->id);
	assert_string_equal(nf_ct_list(n, got, sizeof got), want);
	icmp_close(s);
	world_free(w);
}

/* Untrusted packets: frames built from random bytes around valid headers
 * (truncated transport headers, ICMP errors quoting garbage, fragments,
 * bad lengths) reach a router with NAT, LOG and conntrack.  Nothing may
 * crash or leak (run under ASan), and the world tears down cleanly. */
static void test_random_packets_through_nat(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 63);
	assert_int_equal(nf_masquerade(t.r, "eth1"), 0);
	struct nf_rule r = nf_r();
	r.target.kind = NF_T_LOG;
	assert_int_equal(nf_add(t.r, NF_TABLE_MANGLE, "FORWARD", &r), 0);
	r = nf_r();
	nf_target_dnat(&r, "10.0.2.2", 0);
	r.dst = fx_ip("10.0.1.1");
	r.dst_mask = 0xffffffffu;
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "PREROUTING", &r), 0);
	r = verdict_accept_ctstate();
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	struct netdev *in = fx_dev(t.r, "eth0");
	struct rng g;
	rng_seed(&g, 99);
	static const uint8_t protos[] = { IP_PROTO_ICMP, IP_PROTO_TCP, IP_PROTO_UDP, 47 };
	for (int i = 0; i < 3000; i++) {
		uint8_t l4[120];
		uint32_t l4len = (uint32_t)rng_below(&g, sizeof l4);
		for (uint32_t k = 0; k < l4len; k++)
			l4[k] = (uint8_t)rng_u64(&g);
		uint8_t proto = protos[rng_below(&g, 4)];
		if (proto == IP_PROTO_ICMP && l4len >= 36 && rng_below(&g, 2)) {
			/* an error quoting a (maybe broken) IPv4 header */
			l4[0] = rng_below(&g, 2) ? ICMP_DEST_UNREACH : ICMP_TIME_EXCEEDED;
			l4[8] = 0x45;
			l4[17] = protos[rng_below(&g, 3)];
		}
		struct ipv4_repr ip = { .ttl = (uint8_t)(1 + rng_below(&g, 64)), .proto = proto,
					.id = (uint16_t)i,
					.src = rng_below(&g, 2) ? fx_ip("10.0.1.2") : fx_ip("10.0.2.2"),
					.dst = rng_below(&g, 2) ? fx_ip("10.0.1.1") : fx_ip("10.0.2.2") };
		if (rng_below(&g, 8) == 0)
			ip.frag = (uint16_t)(rng_below(&g, 2) ? IPV4_MF : rng_below(&g, 16));
		struct pkt *p = fx_ip_frame(t.w, in->mac, fx_dev(t.a, "eth0")->mac, &ip, l4, l4len);
		netdev_receive(in, p);
		if (i % 100 == 0)
			nfw_run(&t, 0.01);
	}
	assert_true(fx_count(&t.tr, TR_LOG, "r", NULL) > 100);
	assert_true(ct_what_count(&t.tr, "confirmed") > 0);
	nfw_run(&t, 40);
	assert_true(ct_what_count(&t.tr, "expired") > 0);
	nfw_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masquerade_ping_keeps_echo_id),
		cmocka_unit_test(test_masquerade_udp_port_kept_then_reallocated),
		cmocka_unit_test(test_masquerade_own_traffic_unchanged),
		cmocka_unit_test(test_dnat_tcp_port_forward),
		cmocka_unit_test(test_tcp_syn_sent_timeout),
		cmocka_unit_test(test_rst_only_reply_deletes_entry),
		cmocka_unit_test(test_icmp_error_translated),
		cmocka_unit_test(test_reject_after_dnat_quotes_original),
		cmocka_unit_test(test_fragmented_ping_through_masquerade),
		cmocka_unit_test(test_udp_timeouts),
		cmocka_unit_test(test_delete_flush_reboot),
		cmocka_unit_test(test_bridge_nf_call_iptables),
		cmocka_unit_test(test_bridge_nf_undnat_reply),
		cmocka_unit_test(test_output_dnat_to_local_over_lo),
		cmocka_unit_test(test_ping_loopback_range),
		cmocka_unit_test(test_random_packets_through_nat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
