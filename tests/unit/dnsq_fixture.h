/* dnsq_fixture.h — the topology the dig, nslookup and host tests share,
 * the one their expected texts were captured on (Debian 12, BIND 9.18.49
 * tools, dnsmasq 2.90):
 *
 *     dB  eth0 10.0.0.2/24 ──veth── eth0 10.0.0.53/24  dA  (dnsmasq)
 *     dB: route 10.9.9.0/24 via 10.0.0.53 (dA does not forward: a server
 *         there never answers), /etc/netns/dB/resolv.conf:
 *             nameserver 10.0.0.53
 *             search example.com
 *
 * dnsmasq ran as
 *     dnsmasq --no-daemon --no-resolv --no-hosts --listen-address=10.0.0.53
 *       --bind-interfaces --local-ttl=300 --host-record=www.example.com,10.0.0.80
 *       --cname=alias.example.com,www.example.com
 *       --mx-host=example.com,mail.example.com,10
 *       --host-record=mail.example.com,10.0.0.25
 *       --txt-record=example.com,"hello world"
 *       --local=/example.com/ --local=/0.0.10.in-addr.arpa/
 * and the answers it sent are replayed here byte for byte (its name
 * compression differs from wirelab's own server, and MSG SIZE shows it):
 * the responder on dA finds the captured answer to the same question with
 * or without EDNS, as the query was, and gives it the query's id and RD.
 *
 * Expected texts keep the real tools' words; "@ID@" stands for the id of
 * the last query answered ("@ID1@" to "@ID8@": the first to eighth
 * answered in the step) and "@WHEN@" for the simulated wall clock. */
#ifndef WL_DNSQ_FIXTURE_H
#define WL_DNSQ_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/udp.h"
#include "wire/dns.h"
#include "cmd_fixture.h"

/* dnsmasq 2.90's answers, captured (udp.payload, id zeroed). */
static const char *const dnsmasq_answers[] = {
	/* 80.0.0.10.in-addr.arpa 12 */ "0000858000010001000000000238300130013002313007696e2d61646472046172706100000c0001c00c000c00010000012c001103777777076578616d706c6503636f6d00",
	/* 80.0.0.10.in-addr.arpa 12 */ "0000858000010001000000010238300130013002313007696e2d61646472046172706100000c0001c00c000c00010000012c001103777777076578616d706c6503636f6d0000002904d0000000000000",
	/* <Root> 2 */ "000081850001000000000001000002000100002904d0000000000006000f0002000e",
	/* alias.example.com 1 */ "00008580000100020000000005616c696173076578616d706c6503636f6d0000010001c00c000500010000012c001103777777076578616d706c6503636f6d00c02f000100010000012c00040a000050",
	/* alias.example.com 1 */ "00008580000100020000000105616c696173076578616d706c6503636f6d0000010001c00c000500010000012c001103777777076578616d706c6503636f6d00c02f000100010000012c00040a00005000002904d0000000000000",
	/* bad.in-addr.arpa 12 */ "0000818500010000000000010362616407696e2d61646472046172706100000c000100002904d0000000000006000f0002000e",
	/* example.com 1 */ "000081800001000000000000076578616d706c6503636f6d0000010001",
	/* example.com 15 */ "000085800001000100000001076578616d706c6503636f6d00000f0001c00c000f00010000012c0014000a046d61696c076578616d706c6503636f6d00c02b000100010000012c00040a000019",
	/* example.com 15 */ "000085800001000100000002076578616d706c6503636f6d00000f0001c00c000f00010000012c0014000a046d61696c076578616d706c6503636f6d00c02b000100010000012c00040a00001900002904d0000000000000",
	/* example.com 16 */ "000085800001000100000000076578616d706c6503636f6d0000100001c00c001000010000012c000c0b68656c6c6f20776f726c64",
	/* example.com 16 */ "000085800001000100000001076578616d706c6503636f6d0000100001c00c001000010000012c000c0b68656c6c6f20776f726c6400002904d0000000000000",
	/* example.com 2 */ "000081800001000000000001076578616d706c6503636f6d000002000100002904d0000000000000",
	/* example.com 28 */ "000081800001000000000000076578616d706c6503636f6d00001c0001",
	/* example.com 6 */ "000081800001000000000001076578616d706c6503636f6d000006000100002904d0000000000000",
	/* mail.example.com 1 */ "000085800001000100000000046d61696c076578616d706c6503636f6d0000010001c00c000100010000012c00040a000019",
	/* mail.example.com 28 */ "000081800001000000000000046d61696c076578616d706c6503636f6d00001c0001",
	/* nope 1 */ "000081850001000000000000046e6f70650000010001",
	/* nope 1 */ "000081850001000000000001046e6f7065000001000100002904d0000000000006000f0002000e",
	/* nope.example 1 */ "000081850001000000000000046e6f7065076578616d706c650000010001",
	/* nope.example.com 1 */ "000081830001000000000000046e6f7065076578616d706c6503636f6d0000010001",
	/* nope.example.com 1 */ "000081830001000000000001046e6f7065076578616d706c6503636f6d000001000100002904d0000000000000",
	/* www 1 */ "00008185000100000000000103777777000001000100002904d0000000000006000f0002000e",
	/* www.example 1 */ "00008185000100000000000103777777076578616d706c65000001000100002904d0000000000006000f0002000e",
	/* www.example.com 1 */ "00008580000100010000000003777777076578616d706c6503636f6d0000010001c00c000100010000012c00040a000050",
	/* www.example.com 1 */ "00008580000100010000000103777777076578616d706c6503636f6d0000010001c00c000100010000012c00040a00005000002904d0000000000000",
	/* www.example.com 15 */ "00008180000100000000000003777777076578616d706c6503636f6d00000f0001",
	/* www.example.com 28 */ "00008180000100000000000003777777076578616d706c6503636f6d00001c0001",
	/* www.example.com 28 */ "00008180000100000000000103777777076578616d706c6503636f6d00001c000100002904d0000000000000",
	/* www.example.com.example.com 1 */ "00008183000100000000000003777777076578616d706c6503636f6d076578616d706c6503636f6d0000010001",
	/* www.example.com.example.com 1 */ "00008183000100000000000103777777076578616d706c6503636f6d076578616d706c6503636f6d000001000100002904d0000000000000",
};

struct dfx {
	struct world *w;
	struct node *h, *server;
	char *out, *err;
	struct udp_sock *sock;
	uint16_t last_id;
	uint16_t ids[8];                /* the ids answered for the current step */
	int n_ids;
	int answered;
	bool silent;                    /* the responder drops everything */
	bool clear_ra;                  /* answer without RA, as an authoritative-only server */
	bool servfail;                  /* answer SERVFAIL to everything (RA set) */
	struct dns_msg *answers[sizeof dnsmasq_answers / sizeof dnsmasq_answers[0]];
	uint8_t *answer_bytes[sizeof dnsmasq_answers / sizeof dnsmasq_answers[0]];
	size_t answer_len[sizeof dnsmasq_answers / sizeof dnsmasq_answers[0]];
};

static bool dfx_has_opt(const struct dns_msg *m)
{
	for (int i = m->ancount + m->nscount; i < m->ancount + m->nscount + m->arcount; i++)
		if (m->rr[i].type == DNS_T_OPT)
			return true;
	return false;
}

static void dfx_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport,
		     const uint8_t *data, uint32_t len)
{
	struct dfx *f = ctx;
	if (f->silent)
		return;
	struct dns_msg *q = dns_msg_new();
	if (f->servfail && dns_parse(data, len, q, NULL) == 0 && q->qdcount == 1) {
		/* The header and the question back, rcode 2, no EDNS. */
		size_t end = 12;
		while (end < len && data[end])
			end += (size_t)data[end] + 1;
		end += 5;
		uint8_t buf[512];
		if (end <= len && end <= sizeof buf) {
			memcpy(buf, data, end);
			buf[2] = (uint8_t)(0x80 | (data[2] & 1));
			buf[3] = 0x82;
			memset(buf + 6, 0, 6);
			f->last_id = q->id;
			if (f->n_ids < 8)
				f->ids[f->n_ids++] = q->id;
			udp_sendto(s, src, sport, buf, (uint32_t)end);
		}
		dns_msg_free(q);
		return;
	}
	if (dns_parse(data, len, q, NULL) == 0 && q->qdcount == 1) {
		bool edns = dfx_has_opt(q);
		for (size_t i = 0; i < sizeof dnsmasq_answers / sizeof dnsmasq_answers[0]; i++) {
			const struct dns_msg *a = f->answers[i];
			if (a->qd[0].type != q->qd[0].type || !dns_name_eq(a->qd[0].name, q->qd[0].name) ||
			    dfx_has_opt(a) != edns)
				continue;
			uint8_t buf[512];
			memcpy(buf, f->answer_bytes[i], f->answer_len[i]);
			buf[0] = data[0];
			buf[1] = data[1];
			buf[2] = (uint8_t)((buf[2] & ~1u) | (data[2] & 1u));   /* RD as asked */
			if (f->clear_ra)
				buf[3] &= 0x7f;
			f->last_id = q->id;
			if (f->n_ids < 8)
				f->ids[f->n_ids++] = q->id;
			f->answered++;
			udp_sendto(s, src, sport, buf, (uint32_t)f->answer_len[i]);
			break;
		}
	}
	dns_msg_free(q);
}

static const char *const dfx_topology[] = {
	"ip netns add dA",
	"ip netns add dB",
	"ip -n dA link set lo up",
	"ip -n dB link set lo up",
	"ip -n dB link add eth0 type veth peer name eth0 netns dA",
	"ip -n dA addr add 10.0.0.53/24 dev eth0",
	"ip -n dB addr add 10.0.0.2/24 dev eth0",
	"ip -n dA link set eth0 up",
	"ip -n dB link set eth0 up",
	"ip -n dB route add 10.9.9.0/24 via 10.0.0.53",
	"echo 'nameserver 10.0.0.53' > /etc/netns/dB/resolv.conf",
	"echo 'search example.com' >> /etc/netns/dB/resolv.conf",
};

static int dfx_run(struct dfx *f, const char *line)
{
	return cmd_fx_run(f->w, f->h, line, &f->out, &f->err);
}

static int dfx_setup(void **state)
{
	struct dfx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->h = node_new(f->w, "h", NODE_HOST);
	netdev_set_up(f->h->lo, true);
	for (size_t i = 0; i < sizeof dfx_topology / sizeof dfx_topology[0]; i++)
		if (dfx_run(f, dfx_topology[i]) != 0) {
			fprintf(stderr, "set-up `%s` failed: %s\n", dfx_topology[i], f->err);
			return -1;
		}
	for (size_t i = 0; i < sizeof dnsmasq_answers / sizeof dnsmasq_answers[0]; i++) {
		const char *hex = dnsmasq_answers[i];
		size_t n = strlen(hex) / 2;
		f->answer_bytes[i] = malloc(n);
		for (size_t k = 0; k < n; k++) {
			unsigned v;
			sscanf(hex + 2 * k, "%2x", &v);
			f->answer_bytes[i][k] = (uint8_t)v;
		}
		f->answer_len[i] = n;
		f->answers[i] = dns_msg_new();
		if (dns_parse(f->answer_bytes[i], n, f->answers[i], NULL) != 0) {
			fprintf(stderr, "captured answer %zu does not parse\n", i);
			return -1;
		}
	}
	f->server = world_node(f->w, "dA");
	f->sock = udp_bind(f->server, 0, 53, dfx_recv, NULL, f);
	*state = f;
	return 0;
}

static int dfx_teardown(void **state)
{
	struct dfx *f = *state;
	for (size_t i = 0; i < sizeof dnsmasq_answers / sizeof dnsmasq_answers[0]; i++) {
		dns_msg_free(f->answers[i]);
		free(f->answer_bytes[i]);
	}
	free(f->out);
	free(f->err);
	world_free(f->w);
	free(f);
	return 0;
}

/* want with @ID@ and @WHEN@ filled in. */
static char *dfx_expand(const struct dfx *f, const char *want)
{
	char id[16], idk[8][16], when[64];
	snprintf(id, sizeof id, "%u", f->last_id);
	for (int k = 0; k < 8; k++)
		snprintf(idk[k], sizeof idk[k], "%u", f->ids[k]);
	time_t t = (time_t)world_wall_s(f->w);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%a %b %d %H:%M:%S UTC %Y", &tm);
	size_t cap = strlen(want) * 2 + 256, n = 0;
	char *out = malloc(cap);
	for (const char *p = want; *p;) {
		const char *rep = NULL;
		size_t skip = 0;
		if (strncmp(p, "@ID@", 4) == 0)
			rep = id, skip = 4;
		else if (strncmp(p, "@ID", 3) == 0 && p[3] >= '1' && p[3] <= '8' && p[4] == '@')
			rep = idk[p[3] - '1'], skip = 5;
		else if (strncmp(p, "@WHEN@", 6) == 0)
			rep = when, skip = 6;
		if (rep) {
			n += (size_t)snprintf(out + n, cap - n, "%s", rep);
			p += skip;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	return out;
}

struct dstep {
	const char *line, *out, *err;
	int rc;
};

static void dfx_steps(struct dfx *f, const struct dstep *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		f->n_ids = 0;
		int rc = dfx_run(f, s[i].line);
		char *out = dfx_expand(f, s[i].out), *err = dfx_expand(f, s[i].err);
		if (getenv("DFX_SHOW"))
			fprintf(stderr, "$ %s  [%d]\n%s%s", s[i].line, rc, f->out, f->err);
		if (rc != s[i].rc || strcmp(f->out, out) != 0 || strcmp(f->err, err) != 0)
			fail_msg("`%s`\n  want %d [%s] [%s]\n  got  %d [%s] [%s]", s[i].line, s[i].rc, out,
				 err, rc, f->out, f->err);
		free(out);
		free(err);
	}
}

#define DSTEPS(f, table) dfx_steps(f, table, sizeof table / sizeof table[0])

#endif
