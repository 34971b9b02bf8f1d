/* test_tcp.c — TCP connections end to end between two hosts: the
 * handshake as Linux sends it, data both ways, the close orders, RST to a
 * closed port. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tcp_fixture.h"

static uint8_t *pattern(size_t n, unsigned salt)
{
	uint8_t *b = malloc(n);
	if (!b)
		abort();
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 7 + salt + i / 251);
	return b;
}

/* The handshake: options and windows as Linux 6.x sends them between two
 * hosts with MTU 1500 (captured from the kernel, tests/kernel/
 * test-tcp-handshake.sh). */
static void test_handshake(void **state)
{
	(void)state;
	struct tworld t;
	tworld_init(&t, 1, NULL);
	struct fx_trace tr;
	fx_trace_start(&tr, t.w, TR_MASK(TR_TX) | TR_MASK(TR_DECISION));
	struct tapp srv, cli;
	tapp_init(&srv);
	tapp_init(&cli);
	srv.listener = tcp_listen(t.b, 0, 80, 128, &tapp_cb, &srv);
	assert_non_null(srv.listener);
	assert_null(tcp_listen(t.b, 0, 80, 128, &tapp_cb, &srv));
	assert_string_equal(world_error(t.w), "bind: Address already in use");
	cli.s = tcp_connect(t.a, fx_ip("10.0.0.2"), 80, &tapp_cb, &cli);
	assert_non_null(cli.s);
	assert_int_equal(tcp_state(cli.s), TCP_SYN_SENT);
	assert_string_equal(tcp_state_name(tcp_state(cli.s)), "SYN-SENT");
	assert_int_equal(cli.connected, 0);     /* never from inside the call */
	world_run(t.w, NS_PER_S, 0);
	assert_int_equal(cli.connected, 1);
	assert_int_equal(srv.accepted, 1);
	assert_int_equal(tcp_state(cli.s), TCP_ESTABLISHED);
	assert_int_equal(tcp_state(srv.s), TCP_ESTABLISHED);
	uint32_t la, ra;
	uint16_t lp, rp;
	tcp_addrs(cli.s, &la, &lp, &ra, &rp);
	assert_int_equal(la, fx_ip("10.0.0.1"));
	assert_int_equal(ra, fx_ip("10.0.0.2"));
	assert_int_equal(rp, 80);
	assert_true(lp >= 32768 && lp <= 60999);

	struct tcp_repr syn, synack, ack;
	uint32_t dlen;
	assert_true(fx_tcp_tx(&tr, "a", 0, &syn, &dlen));
	assert_int_equal(syn.flags, TCP_FLAG_SYN);
	assert_int_equal(syn.hlen, 40);
	assert_true(syn.has_mss);
	assert_int_equal(syn.mss, 1460);
	assert_true(syn.sack_perm);
	assert_true(syn.has_ts);
	assert_int_equal(syn.tsecr, 0);
	assert_true(syn.has_wscale);
	assert_int_equal(syn.wscale, 7);
	assert_int_equal(syn.window, 64240);
	assert_int_equal(syn.sport, lp);
	assert_true(fx_tcp_tx(&tr, "b", 0, &synack, &dlen));
	assert_int_equal(synack.flags, TCP_FLAG_SYN | TCP_FLAG_ACK);
	assert_int_equal(synack.ack, syn.seq + 1);
	assert_int_equal(synack.mss, 1460);
	assert_int_equal(synack.window, 65160);
	assert_true(synack.has_ts);
	assert_int_equal(synack.tsecr, syn.tsval);
	assert_true(fx_tcp_tx(&tr, "a", 1, &ack, &dlen));
	assert_int_equal(ack.flags, TCP_FLAG_ACK);
	assert_int_equal(ack.seq, syn.seq + 1);
	assert_int_equal(ack.ack, synack.seq + 1);
	assert_int_equal(ack.window, 502);      /* 64240 rounded up to 128s: 64256 */
	assert_int_equal(ack.hlen, 32);
	assert_int_equal(ack.tsecr, synack.tsval);
	assert_int_equal(t.a->tcp.active_opens, 1);
	assert_int_equal(t.b->tcp.passive_opens, 1);
	/* The learner sees the state changes. */
	bool seen = false;
	for (size_t i = 0; i < tr.n; i++)
		if (tr.v[i].kind == TR_DECISION && strstr(tr.v[i].text, "SYN_SENT -> ESTABLISHED"))
			seen = true;
	assert_true(seen);
	tcp_close(cli.s);
	tcp_close(srv.s);
	tcp_close(srv.listener);
	world_run(t.w, 200 * NS_PER_S, 0);
	assert_null(t.a->tcp.socks);
	assert_null(t.b->tcp.socks);
	fx_trace_stop(&tr);
	tapp_free(&srv);
	tapp_free(&cli);
	world_free(t.w);
}

/* Data both ways, each larger than the windows and the send buffer, then
 * the client closes first (active close: FIN_WAIT_1, FIN_WAIT_2,
 * TIME_WAIT for 60 s) and the server after reading EOF (passive close:
 * CLOSE_WAIT, LAST_ACK). */
static void test_data_both_ways_and_close(void **state)
{
	(void)state;
	struct link_params lp;
	link_params_default(&lp);
	lp.rate_bps = 100000000;
	lp.delay_ns = 5 * NS_PER_MS;
	struct tworld t;
	tworld_init(&t, 2, &lp);
	struct tapp srv, cli;
	tapp_init(&srv);
	tapp_init(&cli);
	size_t n_up = 300000, n_down = 500000;
	uint8_t *up = pattern(n_up, 1), *down = pattern(n_down, 2);
	cli.tx = up;
	cli.tx_len = n_up;
	cli.shutdown_after_tx = true;
	srv.tx = down;
	srv.tx_len = n_down;
	srv.close_on_eof = true;
	srv.listener = tcp_listen(t.b, 0, 80, 128, &tapp_cb, &srv);
	cli.s = tcp_connect(t.a, fx_ip("10.0.0.2"), 80, &tapp_cb, &cli);
	world_run(t.w, 30 * NS_PER_S, 0);
	assert_int_equal(srv.rx_len, n_up);
	assert_memory_equal(srv.rx, up, n_up);
	assert_int_equal(cli.rx_len, n_down);
	assert_memory_equal(cli.rx, down, n_down);
	assert_true(cli.writables > 0);
	assert_int_equal(srv.eofs, 1);
	assert_int_equal(cli.eofs, 1);
	assert_int_equal(cli.errors, 0);
	assert_int_equal(srv.errors, 0);
	/* The client closed first: it waits in TIME_WAIT for 60 s. */
	assert_int_equal(tcp_state(cli.s), TCP_TIME_WAIT);
	assert_string_equal(tcp_state_name(TCP_TIME_WAIT), "TIME-WAIT");
	tcp_close(cli.s);
	assert_non_null(t.a->tcp.socks);
	world_run(t.w, 100 * NS_PER_S, 0);
	assert_null(t.a->tcp.socks);
	tcp_close(srv.listener);
	assert_null(t.b->tcp.socks);
	assert_int_equal(t.a->tcp.retrans_segs, 0);
	free(up);
	free(down);
	tapp_free(&srv);
	tapp_free(&cli);
	world_free(t.w);
}

/* A SYN to a port nobody listens on: RST|ACK, seq 0, ack = SYN's seq + 1
 * (RFC 9293 3.10.7.1), and connect() fails with ECONNREFUSED. */
static void test_rst_closed_port(void **state)
{
	(void)state;
	struct tworld t;
	tworld_init(&t, 3, NULL);
	struct fx_trace tr;
	fx_trace_start(&tr, t.w, TR_MASK(TR_TX) | TR_MASK(TR_DROP));
	struct tapp cli;
	tapp_init(&cli);
	cli.s = tcp_connect(t.a, fx_ip("10.0.0.2"), 81, &tapp_cb, &cli);
	world_run(t.w, NS_PER_S, 0);
	assert_int_equal(cli.errors, 1);
	assert_int_equal(cli.err, -ECONNREFUSED);
	assert_int_equal(cli.connected, 0);
	assert_int_equal(tcp_state(cli.s), TCP_CLOSED);
	assert_int_equal(fx_count_drops(&tr, DROP_TCP_NO_SOCKET, "b"), 1);
	struct tcp_repr syn, rst;
	assert_true(fx_tcp_tx(&tr, "a", 0, &syn, NULL));
	assert_true(fx_tcp_tx(&tr, "b", 0, &rst, NULL));
	assert_int_equal(rst.flags, TCP_FLAG_RST | TCP_FLAG_ACK);
	assert_int_equal(rst.seq, 0);
	assert_int_equal(rst.ack, syn.seq + 1);
	assert_int_equal(rst.window, 0);
	assert_int_equal(rst.hlen, 20);
	assert_int_equal(t.b->tcp.out_rsts, 1);
	assert_int_equal(t.a->tcp.attempt_fails, 1);
	tcp_close(cli.s);
	assert_null(t.a->tcp.socks);
	fx_trace_stop(&tr);
	tapp_free(&cli);
	world_free(t.w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handshake),
		cmocka_unit_test(test_data_both_ways_and_close),
		cmocka_unit_test(test_rst_closed_port),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
