/* dnsq_conf.c — /etc/resolv.conf as BIND 9.18's tools read it, and the
 * names the tools make from what is typed (dnsq_reverse_name)
 * (lib/irs/resconf.c), which is not quite glibc's reading:
 *   - nameserver: at most 3, IPv4 or IPv6 (an IPv6 server is kept, and
 *     fails as it does on a machine without IPv6); none at all means ::1
 *     and 127.0.0.1, in that order;
 *   - domain D: the search list becomes D alone; search A B ...: the list
 *     becomes A B ... (at most 8); the last of the two lines wins;
 *   - options ndots:N timeout:N attempts:N (others ignored); dig and
 *     nslookup take timeout and attempts as their +timeout and +tries,
 *     host takes the timeout only (checked on the real tools);
 *   - '#' or ';' starts a comment line.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev/node_files.h"
#include "proc/dnsq.h"
#include "wire/ipv4.h"

static int opt_value(const char *word, const char *key)
{
	size_t k = strlen(key);
	if (strncmp(word, key, k) != 0)
		return -1;
	char *end;
	long v = strtol(word + k, &end, 10);
	if (end == word + k || *end || v < 0 || v > 255)
		return -1;
	return (int)v;
}

void dnsq_conf_parse(const char *text, struct dnsq_conf *c)
{
	memset(c, 0, sizeof *c);
	c->ndots = 1;
	const char *p = text ? text : "";
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
		p += len + (eol ? 1 : 0);
		char *words[16];
		int nw = 0;
		for (char *save = NULL, *w = strtok_r(line, " \t\r", &save); w && nw < 16;
		     w = strtok_r(NULL, " \t\r", &save))
			words[nw++] = w;
		if (nw == 0 || words[0][0] == '#' || words[0][0] == ';')
			continue;
		if (strcmp(words[0], "nameserver") == 0 && nw >= 2) {
			uint32_t a;
			unsigned char a6[16];
			struct dnsq_server *ns = &c->ns[c->n_ns];
			if (c->n_ns >= DNSQ_MAX_SERVERS)
				continue;
			if (dnsq_dotted_quad(words[1], &a)) {
				memset(ns, 0, sizeof *ns);
				ns->addr = a;
				char as[IPV4_ADDR_STRLEN];
				snprintf(ns->name, sizeof ns->name, "%s", ipv4_addr_str(a, as));
				c->n_ns++;
			} else if (inet_pton(AF_INET6, words[1], a6) == 1) {
				memset(ns, 0, sizeof *ns);
				ns->v6 = true;
				inet_ntop(AF_INET6, a6, ns->name, sizeof ns->name);
				c->n_ns++;
			}
		} else if ((strcmp(words[0], "domain") == 0 || strcmp(words[0], "search") == 0) &&
			   nw >= 2) {
			c->n_search = 0;
			int last = words[0][0] == 'd' ? 2 : nw;
			for (int i = 1; i < last && c->n_search < DNSQ_MAX_SEARCH; i++) {
				char *d = c->search[c->n_search];
				snprintf(d, DNS_NAME_TEXT, "%s", words[i]);
				size_t dl = strlen(d);
				while (dl > 1 && d[dl - 1] == '.')
					d[--dl] = '\0';
				c->n_search++;
			}
		} else if (strcmp(words[0], "options") == 0) {
			for (int i = 1; i < nw; i++) {
				int v;
				if ((v = opt_value(words[i], "ndots:")) >= 0)
					c->ndots = v;
				else if ((v = opt_value(words[i], "timeout:")) >= 0)
					c->timeout_s = v;
				else if ((v = opt_value(words[i], "attempts:")) >= 0)
					c->attempts = v;
			}
		}
	}
	if (c->n_ns == 0) {
		/* irs_resconf's default: ::1, then 127.0.0.1 (the real tools try
		 * ::1 first, even with IPv6 off). */
		memset(c->ns, 0, sizeof c->ns);
		c->ns[0].v6 = true;
		snprintf(c->ns[0].name, sizeof c->ns[0].name, "::1");
		c->ns[1].addr = 0x7f000001;
		snprintf(c->ns[1].name, sizeof c->ns[1].name, "127.0.0.1");
		c->n_ns = 2;
	}
}

void dnsq_conf_load(struct node *n, struct dnsq_conf *c)
{
	size_t len;
	const char *text = node_file_read(n, "/etc/resolv.conf", &len);
	dnsq_conf_parse(text, c);
}

/* Strictly a dotted quad (what inet_pton(AF_INET) takes). */
bool dnsq_dotted_quad(const char *s, uint32_t *out)
{
	unsigned b[4];
	char tail;
	if (sscanf(s, "%3u.%3u.%3u.%3u%c", &b[0], &b[1], &b[2], &b[3], &tail) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (b[i] > 255)
			return false;
	for (const char *p = s; *p; p++)
		if (!(*p == '.' || (*p >= '0' && *p <= '9')))
			return false;
	*out = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	return true;
}

/* get_reverse(): an IPv4 address gives d.c.b.a.in-addr.arpa., an IPv6
 * address its nibbles under ip6.arpa.; anything
 * else has its labels reversed under in-addr.arpa, as dig does without
 * complaint ("-x bad" asks bad.in-addr.arpa.). */
void dnsq_reverse_name(const char *text, char out[DNS_NAME_TEXT])
{
	uint32_t a;
	if (dnsq_dotted_quad(text, &a)) {
		dns_ptr_name(a, out);
		return;
	}
	unsigned char a6[16];
	if (strchr(text, ':') && inet_pton(AF_INET6, text, a6) == 1) {
		/* RFC 3596 §2.5: nibbles, least significant first, under ip6.arpa. */
		size_t n = 0;
		for (int i = 15; i >= 0; i--)
			n += (size_t)snprintf(out + n, DNS_NAME_TEXT - n, "%x.%x.", a6[i] & 15, a6[i] >> 4);
		snprintf(out + n, DNS_NAME_TEXT - n, "ip6.arpa.");
		return;
	}
	char copy[DNS_NAME_TEXT];
	snprintf(copy, sizeof copy, "%s", text);
	size_t n = 0;
	out[0] = '\0';
	for (;;) {
		char *dot = strrchr(copy, '.');
		const char *label = dot ? dot + 1 : copy;
		if (*label)
			n += (size_t)snprintf(out + n, DNS_NAME_TEXT - n > 0 ? DNS_NAME_TEXT - n : 0,
					      "%s.", label);
		if (!dot || n >= DNS_NAME_TEXT)
			break;
		*dot = '\0';
	}
	if (n < DNS_NAME_TEXT)
		snprintf(out + n, DNS_NAME_TEXT - n, "in-addr.arpa.");
}


void dnsq_server_text(const struct dnsq_server *s, char out[64])
{
	if (s->v6)
		snprintf(out, 64, "%.63s", s->name);
	else
		ipv4_addr_str(s->addr, out);
}
