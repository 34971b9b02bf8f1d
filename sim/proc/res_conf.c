/* res_conf.c — the resolver's configuration files, read as glibc 2.36
 * reads them: /etc/resolv.conf (resolv/res_init.c), the `hosts:` line of
 * /etc/nsswitch.conf (nss/nss_database.c, nss_action_parse.c) and
 * /etc/hosts (nss/nss_files/files-hosts.c).  All three are untrusted text:
 * whatever does not parse is skipped, as glibc skips it, never refused. */
#include "proc/res_int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/world.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "proc/resolver.h"

/* res_init.c's limits (resolv.h): MAXNS, RES_MAXNDOTS, RES_MAXRETRANS,
 * RES_MAXRETRY, and the defaults RES_TIMEOUT, RES_DFLRETRY. */
#define RES_MAXNS 3
#define RES_MAXNDOTS 15
#define RES_MAXRETRANS 30
#define RES_MAXRETRY 5

/* One line of text at *p (without its newline) into buf; advances *p. */
static bool next_line(const char **p, const char *end, char *buf, size_t cap)
{
	if (*p >= end)
		return false;
	const char *eol = memchr(*p, '\n', (size_t)(end - *p));
	size_t l = eol ? (size_t)(eol - *p) : (size_t)(end - *p);
	size_t k = l < cap - 1 ? l : cap - 1;
	memcpy(buf, *p, k);
	buf[k] = '\0';
	*p += l + (eol ? 1 : 0);
	return true;
}

/* res_init.c's MATCH(line, name): the keyword, then a blank. */
static const char *keyword(const char *line, const char *name)
{
	size_t l = strlen(name);
	if (strncmp(line, name, l) != 0 || (line[l] != ' ' && line[l] != '\t'))
		return NULL;
	return line + l;
}

static void add_search(struct res_conf *c, const char *dom)
{
	if (c->n_search >= (int)(sizeof c->search / sizeof c->search[0]))
		return;
	char norm[DNS_NAME_TEXT];
	/* A domain that is not a valid name would never make a valid query;
	 * glibc would send it and fail, wirelab drops it here. */
	if (!dns_name_norm(dom, norm))
		return;
	/* Keep the letters as written (the query carries them), but absolute. */
	size_t l = strlen(dom);
	if (l + 2 > DNS_NAME_TEXT)
		return;
	snprintf(c->search[c->n_search], DNS_NAME_TEXT, "%s%s", dom,
		 l && dom[l - 1] == '.' ? "" : ".");
	if (strcmp(c->search[c->n_search], "..") == 0)
		snprintf(c->search[c->n_search], DNS_NAME_TEXT, ".");
	c->n_search++;
}

/* res_setoptions(): "ndots:N" and friends; unknown words are ignored. */
static void set_option(struct res_conf *c, const char *w)
{
	if (strncmp(w, "ndots:", 6) == 0) {
		int i = atoi(w + 6);
		c->ndots = i <= RES_MAXNDOTS ? i : RES_MAXNDOTS;
	} else if (strncmp(w, "timeout:", 8) == 0) {
		int i = atoi(w + 8);
		c->timeout_s = i <= RES_MAXRETRANS ? i : RES_MAXRETRANS;
	} else if (strncmp(w, "attempts:", 9) == 0) {
		int i = atoi(w + 9);
		c->attempts = i <= RES_MAXRETRY ? i : RES_MAXRETRY;
	} else if (strcmp(w, "rotate") == 0) {
		c->rotate = true;
	} else if (strcmp(w, "single-request") == 0) {
		c->single_request = true;
	} else if (strcmp(w, "edns0") == 0) {
		c->edns0 = true;
	}
}

void res_conf_parse(const char *text, struct res_conf *c)
{
	memset(c, 0, sizeof *c);
	c->ndots = 1;
	c->timeout_s = 5;
	c->attempts = 2;
	const char *p = text ? text : "", *end = p + strlen(p);
	char line[1024];
	while (next_line(&p, end, line, sizeof line)) {
		/* "treat comments as lines to ignore" */
		if (line[0] == ';' || line[0] == '#')
			continue;
		const char *rest;
		char *save, word[DNS_NAME_TEXT];
		if ((rest = keyword(line, "domain")) != NULL) {
			/* The last of `domain` and `search` wins: either replaces
			 * the list.  A line with nothing after it is ignored. */
			char buf[1024];
			snprintf(buf, sizeof buf, "%s", rest);
			char *tok = strtok_r(buf, " \t\r", &save);
			if (!tok)
				continue;
			c->n_search = 0;
			add_search(c, tok);
		} else if ((rest = keyword(line, "search")) != NULL) {
			char buf[1024];
			snprintf(buf, sizeof buf, "%s", rest);
			char *tok = strtok_r(buf, " \t\r", &save);
			if (!tok)
				continue;
			c->n_search = 0;
			for (; tok; tok = strtok_r(NULL, " \t\r", &save))
				add_search(c, tok);
		} else if ((rest = keyword(line, "nameserver")) != NULL) {
			/* At most MAXNS; an address that does not parse (inet_aton,
			 * then inet_pton for IPv6) is skipped without a word. */
			if (sscanf(rest, " %1023s", word) != 1 || c->n_ns >= RES_MAXNS)
				continue;
			struct in_addr a;
			struct in6_addr a6;
			if (inet_aton(word, &a))
				c->ns[c->n_ns++] = ntohl(a.s_addr);
			/* An IPv6 nameserver counts toward MAXNS in glibc but
			 * cannot be reached here: it is left out. */
			else if (inet_pton(AF_INET6, word, &a6) == 1)
				continue;
		} else if ((rest = keyword(line, "options")) != NULL) {
			char buf[1024];
			snprintf(buf, sizeof buf, "%s", rest);
			for (char *tok = strtok_r(buf, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save))
				set_option(c, tok);
		}
		/* sortlist, and anything else: ignored here. */
	}
	/* "no nameserver lines: use the local one" (INADDR_LOOPBACK). */
	if (c->n_ns == 0)
		c->ns[c->n_ns++] = 0x7f000001u;
}

void res_conf_load(struct node *n, struct res_conf *c)
{
	res_conf_parse(node_file_read(n, "/etc/resolv.conf", NULL), c);
	if (c->n_search == 0) {
		/* res_init.c: with no domain or search line, the domain is
		 * what follows the first dot of gethostname(). */
		const char *dot = strchr(node_machine(n)->hostname, '.');
		if (dot && dot[1])
			add_search(c, dot + 1);
	}
}

/* ---- nsswitch.conf --------------------------------------------------------- */

static const char *const nss_status_names[4] = { "SUCCESS", "NOTFOUND", "UNAVAIL", "TRYAGAIN" };

static void src_init(struct res_nss_src *s, const char *name)
{
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	s->kind = strcmp(name, "files") == 0 ? RES_SRC_FILES
		: strcmp(name, "dns") == 0 ? RES_SRC_DNS : RES_SRC_OTHER;
	/* "The default action is: [SUCCESS=return NOTFOUND=continue
	 * UNAVAIL=continue TRYAGAIN=continue]" (nsswitch.conf(5)). */
	s->ret[RES_NSS_SUCCESS] = true;
}

/* One "[!STATUS=ACTION ...]" group applied to s; false when malformed. */
static bool parse_actions(const char *grp, struct res_nss_src *s)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", grp);
	char *save;
	struct res_nss_src t = *s;
	for (char *tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		bool neg = tok[0] == '!';
		if (neg)
			tok++;
		char *eq = strchr(tok, '=');
		if (!eq)
			return false;
		*eq = '\0';
		int st = -1;
		for (int i = 0; i < 4; i++)
			if (strcasecmp(tok, nss_status_names[i]) == 0)
				st = i;
		bool ret;
		if (strcasecmp(eq + 1, "return") == 0)
			ret = true;
		else if (strcasecmp(eq + 1, "continue") == 0 || strcasecmp(eq + 1, "merge") == 0)
			ret = false;
		else
			return false;
		if (st < 0)
			return false;
		for (int i = 0; i < 4; i++)
			if (neg ? i != st : i == st)
				t.ret[i] = ret;
	}
	*s = t;
	return true;
}

/* Parse the value of a hosts: line; false when glibc would reject it. */
static bool parse_hosts_line(const char *v, struct res_nss *s)
{
	struct res_nss t = { 0 };
	const char *p = v;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		if (*p == '[') {
			const char *close = strchr(p, ']');
			if (!close || t.n == 0)
				return false;
			char grp[256];
			size_t l = (size_t)(close - p - 1);
			if (l >= sizeof grp)
				return false;
			memcpy(grp, p + 1, l);
			grp[l] = '\0';
			if (!parse_actions(grp, &t.src[t.n - 1]))
				return false;
			p = close + 1;
			continue;
		}
		const char *q = p;
		while (*q && *q != ' ' && *q != '\t' && *q != '[' && *q != '\r')
			q++;
		char name[32];
		size_t l = (size_t)(q - p) < sizeof name - 1 ? (size_t)(q - p) : sizeof name - 1;
		memcpy(name, p, l);
		name[l] = '\0';
		if (t.n < RES_NSS_MAX)
			src_init(&t.src[t.n++], name);
		p = q;
	}
	if (t.n == 0)
		return false;
	*s = t;
	return true;
}

void res_nss_parse(const char *text, struct res_nss *s)
{
	memset(s, 0, sizeof *s);
	const char *p = text ? text : "", *end = p + strlen(p);
	char line[1024];
	bool found = false;
	while (next_line(&p, end, line, sizeof line)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *l = line;
		while (*l == ' ' || *l == '\t')
			l++;
		/* The database name, then ':' (a later line for the same
		 * database replaces an earlier one). */
		if (strncmp(l, "hosts", 5) != 0)
			continue;
		char *c = l + 5;
		while (*c == ' ' || *c == '\t')
			c++;
		if (*c != ':')
			continue;
		struct res_nss t;
		if (parse_hosts_line(c + 1, &t)) {
			*s = t;
			found = true;
		}
	}
	if (!found) {
		/* glibc 2.35 changed the default from "dns [!UNAVAIL=return]
		 * files" to "files dns"; Debian 12's 2.36 behaves so. */
		s->n = 2;
		src_init(&s->src[0], "files");
		src_init(&s->src[1], "dns");
		s->is_default = true;
	}
}

void res_nss_text(const struct res_nss *s, char *out, size_t cap)
{
	size_t k = 0;
	out[0] = '\0';
	for (int i = 0; i < s->n && k < cap; i++) {
		const struct res_nss_src *src = &s->src[i];
		k += (size_t)snprintf(out + k, cap - k, "%s%s", i ? " " : "", src->name);
		bool any = false;
		for (int st = 0; st < 4 && k < cap; st++) {
			bool dflt = st == RES_NSS_SUCCESS;
			if (src->ret[st] == dflt)
				continue;
			k += (size_t)snprintf(out + k, cap - k, "%s%s=%s", any ? " " : " [",
					      nss_status_names[st], src->ret[st] ? "return" : "continue");
			any = true;
		}
		if (any && k < cap)
			k += (size_t)snprintf(out + k, cap - k, "]");
	}
}

/* ---- /etc/hosts ------------------------------------------------------------ */

void res_addr6_text(const uint8_t a[16], char out[46])
{
	if (!inet_ntop(AF_INET6, a, out, 46))
		snprintf(out, 46, "::");
}

bool res_pton4(const char *s, uint32_t *addr)
{
	struct in_addr a;
	if (inet_pton(AF_INET, s, &a) != 1)
		return false;
	*addr = ntohl(a.s_addr);
	return true;
}

/* An address of a hosts line as an AF_INET lookup sees it. */
static bool hosts_addr4(const char *w, uint32_t *addr, bool *mapped)
{
	struct in_addr a;
	struct in6_addr a6;
	*mapped = false;
	if (inet_pton(AF_INET, w, &a) == 1) {
		*addr = ntohl(a.s_addr);
		return true;
	}
	if (inet_pton(AF_INET6, w, &a6) != 1)
		return false;
	*mapped = true;
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		*addr = (uint32_t)a6.s6_addr[12] << 24 | (uint32_t)a6.s6_addr[13] << 16 |
			(uint32_t)a6.s6_addr[14] << 8 | a6.s6_addr[15];
		return true;
	}
	if (IN6_IS_ADDR_LOOPBACK(&a6)) {
		*addr = 0x7f000001u;
		return true;
	}
	return false;
}

/* One line of /etc/hosts in words (at most 64), the comment left out. */
static int hosts_words(char *line, char *words[64])
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *save;
	int k = 0;
	for (char *tok = strtok_r(line, " \t\r", &save); tok && k < 64; tok = strtok_r(NULL, " \t\r", &save))
		words[k++] = tok;
	return k;
}

void res_hosts_enum(const char *text, void (*fn)(void *ctx, uint32_t addr, char **names, int count),
		    void *ctx)
{
	const char *p = text ? text : "", *end = p + strlen(p);
	char line[1024];
	while (next_line(&p, end, line, sizeof line)) {
		char *words[64];
		int k = hosts_words(line, words);
		uint32_t addr;
		bool mapped;
		if (k < 2 || !hosts_addr4(words[0], &addr, &mapped))
			continue;
		fn(ctx, addr, words + 1, k - 1);
	}
}

static void add_alias(struct res_result *r, const char *name)
{
	if (strcasecmp(name, r->canon) == 0)
		return;
	for (int i = 0; i < r->n_aliases; i++)
		if (strcasecmp(r->aliases[i], name) == 0)
			return;
	if (r->n_aliases < (int)(sizeof r->aliases / sizeof r->aliases[0]))
		snprintf(r->aliases[r->n_aliases++], DNS_NAME_TEXT, "%s", name);
}

bool res_hosts_lookup(const char *text, const char *name, int family, struct res_result *r)
{
	bool found = false;
	const char *p = text ? text : "", *end = p + strlen(p);
	char line[1024];
	while (next_line(&p, end, line, sizeof line)) {
		char *words[64];
		int k = hosts_words(line, words);
		if (k < 2)
			continue;
		bool match = false;
		for (int i = 1; i < k && !match; i++)
			match = strcasecmp(words[i], name) == 0;
		if (!match)
			continue;
		struct in_addr a;
		struct in6_addr a6;
		bool v4 = false, v6 = false;
		uint32_t addr = 0;
		/* files-hosts.c takes the address with inet_pton(): no
		 * "10.1" short forms here. */
		if (inet_pton(AF_INET, words[0], &a) == 1) {
			v4 = true;
			addr = ntohl(a.s_addr);
		} else if (inet_pton(AF_INET6, words[0], &a6) == 1) {
			if (family == 4) {
				/* AF_INET: a v4-mapped address is its IPv4
				 * address, ::1 is 127.0.0.1, others are skipped. */
				if (IN6_IS_ADDR_V4MAPPED(&a6)) {
					v4 = true;
					addr = (uint32_t)a6.s6_addr[12] << 24 | (uint32_t)a6.s6_addr[13] << 16 |
					       (uint32_t)a6.s6_addr[14] << 8 | a6.s6_addr[15];
				} else if (IN6_IS_ADDR_LOOPBACK(&a6)) {
					v4 = true;
					addr = 0x7f000001u;
				} else {
					continue;
				}
			} else {
				v6 = true;
			}
		} else {
			continue;
		}
		if ((family == 6 && !v6) || (family == 4 && !v4))
			continue;
		if (!found) {
			memset(r, 0, sizeof *r);
			snprintf(r->canon, sizeof r->canon, "%s", words[1]);
			r->from_hosts = true;
			found = true;
		}
		for (int i = 1; i < k; i++)
			add_alias(r, words[i]);
		if (v4 && r->n_addrs < RES_MAX_ADDRS)
			r->addrs[r->n_addrs++] = addr;
		if (v6 && r->n_addrs6 < (int)(sizeof r->addrs6 / sizeof r->addrs6[0]))
			memcpy(r->addrs6[r->n_addrs6++], a6.s6_addr, 16);
	}
	return found;
}
