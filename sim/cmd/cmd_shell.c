/* cmd_shell.c — the few shell commands networking lessons use: cat,
 * echo, hostname, reboot, sleep, true, false.
 *
 * Each behaves as on Debian 12: echo as bash's builtin (a script runs in
 * bash), cat and sleep as coreutils 9.1 in the C locale (plain quotes in
 * messages), hostname as the hostname package 3.23, reboot as systemd's
 * (it prints nothing; here it is node_restart(): restart.h says what
 * survives).  Files are the node's (cmd_files.c): /proc/sys is the
 * sysctls, /etc the machine's small file map.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "net/sysctl.h"
#include "proc/proc.h"
#include "proc/restart.h"
#include "proc/sleep.h"
#include "proc/traceroute.h"
#include "util/units.h"

/* ---- true, false ------------------------------------------------------------ */

int cmd_true(struct cmd_ctx *c)
{
	(void)c;
	return 0;
}

int cmd_false(struct cmd_ctx *c)
{
	(void)c;
	return 1;
}

/* ---- echo (bash's builtin) ------------------------------------------------ */

static void put_utf8(struct strbuf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18 & 0x07));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sb_append(b, u, n);
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* bash's ansicstr() for echo -e: returns false at \c (stop everything). */
static bool echo_escapes(struct strbuf *b, const char *s)
{
	while (*s) {
		if (*s != '\\' || !s[1]) {
			sb_append(b, s++, 1);
			continue;
		}
		char e = s[1];
		s += 2;
		char ch;
		switch (e) {
		case 'a': ch = '\a'; break;
		case 'b': ch = '\b'; break;
		case 'e':
		case 'E': ch = 033; break;
		case 'f': ch = '\f'; break;
		case 'n': ch = '\n'; break;
		case 'r': ch = '\r'; break;
		case 't': ch = '\t'; break;
		case 'v': ch = '\v'; break;
		case '\\': ch = '\\'; break;
		case 'c':
			return false;
		case '0': {
			/* \0nnn: up to three octal digits after the 0 */
			unsigned v = 0;
			for (int k = 0; k < 3 && *s >= '0' && *s <= '7'; k++)
				v = v * 8 + (unsigned)(*s++ - '0');
			ch = (char)(v & 0xff);
			break;
		}
		case 'x': {
			int k = 0;
			unsigned v = 0;
			while (k < 2 && hexval(*s) >= 0) {
				v = v * 16 + (unsigned)hexval(*s++);
				k++;
			}
			if (!k) {
				sb_puts(b, "\\x");
				continue;
			}
			ch = (char)v;
			break;
		}
		case 'u':
		case 'U': {
			int max = e == 'u' ? 4 : 8, k = 0;
			uint32_t v = 0;
			while (k < max && hexval(*s) >= 0) {
				v = v * 16 + (uint32_t)hexval(*s++);
				k++;
			}
			if (!k) {
				sb_append(b, s - 2, 2);
				continue;
			}
			put_utf8(b, v > 0x10ffff ? 0xfffd : v);
			continue;
		}
		default:
			/* Not an escape: the backslash stays. */
			sb_append(b, s - 2, 2);
			continue;
		}
		sb_append(b, &ch, 1);
	}
	return true;
}

int cmd_echo(struct cmd_ctx *c)
{
	bool newline = true, escapes = false;
	int i = 1;
	/* Options are words made only of n, e and E after one '-'; anything
	 * else (and everything from the first non-option) is printed. */
	for (; i < c->argc; i++) {
		const char *a = c->argv[i];
		if (a[0] != '-' || !a[1] || strspn(a + 1, "neE") != strlen(a + 1))
			break;
		for (const char *p = a + 1; *p; p++) {
			if (*p == 'n')
				newline = false;
			else if (*p == 'e')
				escapes = true;
			else
				escapes = false;
		}
	}
	for (int first = i; i < c->argc; i++) {
		if (i > first)
			sb_puts(c->out, " ");
		if (!escapes)
			sb_puts(c->out, c->argv[i]);
		else if (!echo_escapes(c->out, c->argv[i]))
			return 0;
	}
	if (newline)
		sb_puts(c->out, "\n");
	return 0;
}

/* ---- cat ---------------------------------------------------------------- */

struct dir_probe {
	const char *prefix;
	size_t len;
	bool found;
};

static void dir_visit(void *ctx, const struct node_file *f)
{
	struct dir_probe *d = ctx;
	if (strncmp(f->path, d->prefix, d->len) == 0 && f->path[d->len] == '/')
		d->found = true;
}

/* Is path a directory: one holding a file of the node, or a /proc/sys
 * directory over known sysctls? */
static bool is_directory(struct node *n, const char *path)
{
	char p[512];
	size_t len = strlen(path);
	if (len >= sizeof p)
		return false;
	memcpy(p, path, len + 1);
	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	if (strcmp(p, "/") == 0 || strcmp(p, "/proc") == 0 || strcmp(p, "/proc/sys") == 0)
		return true;
	if (strncmp(p, "/proc/sys/", 10) == 0) {
		char key[256];
		size_t k = 0;
		for (const char *s = p + 10; *s && k + 1 < sizeof key; s++)
			key[k++] = *s == '/' ? '.' : *s;
		key[k] = '\0';
		size_t count;
		const struct sysctl_key *keys = sysctl_keys(&count);
		for (size_t i = 0; i < count; i++)
			if (strncmp(keys[i].name, key, k) == 0 && keys[i].name[k] == '.')
				return true;
		return false;
	}
	struct dir_probe d = { .prefix = p, .len = len };
	node_files_foreach(n, dir_visit, &d);
	return d.found;
}

/* A path as a root shell in /root sees it. */
static void abs_path(const char *path, char *out, size_t len)
{
	if (path[0] == '/')
		snprintf(out, len, "%s", path);
	else
		snprintf(out, len, "/root/%s", path);
}

int cmd_cat(struct cmd_ctx *c)
{
	bool number = false, ends = false, squeeze = false, number_nonblank = false;
	bool only_files = false;
	const char *files[64];
	int n_files = 0;
	for (int i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		if (only_files || a[0] != '-' || !a[1]) {
			if (n_files < 64)
				files[n_files++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_files = true;
			continue;
		}
		if (strcmp(a, "--number") == 0) {
			number = true;
			continue;
		}
		if (strcmp(a, "--show-ends") == 0) {
			ends = true;
			continue;
		}
		if (strcmp(a, "--squeeze-blank") == 0) {
			squeeze = true;
			continue;
		}
		if (strcmp(a, "--number-nonblank") == 0) {
			number_nonblank = true;
			continue;
		}
		if (a[1] == '-') {
			sb_printf(c->err, "cat: unrecognized option '%s'\n"
					  "Try 'cat --help' for more information.\n", a);
			return 1;
		}
		for (const char *p = a + 1; *p; p++) {
			switch (*p) {
			case 'n': number = true; break;
			case 'b': number_nonblank = true; break;
			case 'E': ends = true; break;
			case 's': squeeze = true; break;
			case 'u': break;
			case 'A': case 'e': case 'T': case 't': case 'v':
				sb_printf(c->err, "wirelab: cat -%c is not supported (cat has -n -b -E -s "
						  "here)\n", *p);
				return 1;
			default:
				sb_printf(c->err, "cat: invalid option -- '%c'\n"
						  "Try 'cat --help' for more information.\n", *p);
				return 1;
			}
		}
	}
	int status = 0;
	/* One stream across the files, as coreutils numbers them: a file that
	 * does not end in a newline continues its last line into the next. */
	long line_no = 0;
	bool at_start = true;
	int blanks = 0;
	bool plain = !number && !number_nonblank && !ends && !squeeze;
	for (int i = 0; i < n_files; i++) {
		if (strcmp(files[i], "-") == 0)
			continue;       /* standard input: nothing comes from it here */
		char path[512];
		abs_path(files[i], path, sizeof path);
		if (is_directory(c->node, path)) {
			sb_printf(c->err, "cat: %s: Is a directory\n", files[i]);
			status = 1;
			continue;
		}
		struct strbuf data = { 0 };
		if (cmd_file_read(c->node, path, &data) != 0) {
			sb_printf(c->err, "cat: %s: No such file or directory\n", files[i]);
			sb_free(&data);
			status = 1;
			continue;
		}
		const char *s = sb_str(&data);
		if (plain) {
			sb_append(c->out, s, data.len);
			sb_free(&data);
			continue;
		}
		for (size_t k = 0; k < data.len; k++) {
			char ch = s[k];
			if (at_start) {
				if (ch == '\n') {
					if (squeeze && ++blanks > 1)
						continue;
					if (number && !number_nonblank)
						sb_printf(c->out, "%6ld\t", ++line_no);
					sb_puts(c->out, ends ? "$\n" : "\n");
					continue;
				}
				blanks = 0;
				if (number || number_nonblank)
					sb_printf(c->out, "%6ld\t", ++line_no);
				at_start = false;
			}
			if (ch == '\n') {
				sb_puts(c->out, ends ? "$\n" : "\n");
				at_start = true;
			} else {
				sb_append(c->out, &ch, 1);
			}
		}
		sb_free(&data);
	}
	return status;
}

/* ---- hostname ----------------------------------------------------------- */

static const char hostname_usage_text[] =
	"Usage: hostname [-b] {hostname|-F file}         set host name (from file)\n"
	"       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name\n"
	"       hostname                                 display host name\n"
	"\n"
	"       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)\n"
	"       {yp,nis,}domainname                      display NIS domain name\n"
	"\n"
	"       dnsdomainname                            display dns domain name\n"
	"\n"
	"       hostname -V|--version|-h|--help          print info and exit\n"
	"\n"
	"Program name:\n"
	"       {yp,nis,}domainname=hostname -y\n"
	"       dnsdomainname=hostname -d\n"
	"\n"
	"Program options:\n"
	"    -a, --alias            alias names\n"
	"    -A, --all-fqdns        all long host names (FQDNs)\n"
	"    -b, --boot             set default hostname if none available\n"
	"    -d, --domain           DNS domain name\n"
	"    -f, --fqdn, --long     long host name (FQDN)\n"
	"    -F, --file             read host name or NIS domain name from given file\n"
	"    -i, --ip-address       addresses for the host name\n"
	"    -I, --all-ip-addresses all addresses for the host\n"
	"    -s, --short            short host name\n"
	"    -y, --yp, --nis        NIS/YP domain name\n"
	"\n"
	"Description:\n"
	"   This command can get or set the host name or the NIS domain name. You can\n"
	"   also get the DNS domain or the FQDN (fully qualified domain name).\n"
	"   Unless you are using bind or NIS for host lookups you can change the\n"
	"   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is\n"
	"   part of the FQDN) in the /etc/hosts file.\n";

/* The hostname package's check_name(): letters, digits, '-' and '.',
 * no '-' at either end, no empty label. */
static bool valid_hostname(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || name[0] == '-' || name[0] == '.' || name[len - 1] == '-' ||
	    name[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char ch = name[i];
		if (ch == '.' || ch == '-') {
			if (name[i - 1] == '.' || (ch == '.' && name[i - 1] == '-'))
				return false;
		} else if (!isalnum((unsigned char)ch)) {
			return false;
		}
	}
	return true;
}

/* hostname -I: every address of every device that is up, loopback
 * excepted, each followed by a space. */
static void all_addresses(struct cmd_ctx *c)
{
	struct node *n = c->node;
	for (size_t i = 0; i < n->n_devs; i++) {
		const struct netdev *d = n->devs[i];
		if (!d->up || d->kind == ND_LOOPBACK)
			continue;
		for (const struct ifaddr *a = d->addrs; a; a = a->next) {
			char ip[16];
			units_format_ipv4(a->addr, ip);
			sb_printf(c->out, "%s ", ip);
		}
	}
	sb_puts(c->out, "\n");
}

/* gethostbyname() with "multi on" (Debian's /etc/host.conf): every line
 * naming the host adds its address; the first line's other names and the
 * later lines' names are the aliases. */
struct host_lookup {
	const char *name;
	struct strbuf addrs, aliases;
	int lines;
};

static bool collect_host(void *ctx, uint32_t addr, char **names, int count)
{
	struct host_lookup *h = ctx;
	bool match = false;
	for (int i = 0; i < count; i++)
		match |= strcasecmp(names[i], h->name) == 0;
	if (!match)
		return false;
	char ip[16];
	units_format_ipv4(addr, ip);
	sb_printf(&h->addrs, "%s%s", h->lines ? " " : "", ip);
	for (int i = h->lines ? 0 : 1; i < count; i++)
		sb_printf(&h->aliases, "%s%s", h->aliases.len ? " " : "", names[i]);
	h->lines++;
	return false;
}

int cmd_hostname(struct cmd_ctx *c)
{
	struct node *m = node_machine(c->node);
	char mode = 0;
	const char *name = NULL;
	int operands = 0;
	for (int i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		if (a[0] != '-' || !a[1]) {
			operands++;
			name = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			for (i++; i < c->argc; i++) {
				operands++;
				name = c->argv[i];
			}
			break;
		}
		static const struct { const char *lng; char shrt; } longs[] = {
			{ "--short", 's' }, { "--fqdn", 'f' }, { "--long", 'f' }, { "--domain", 'd' },
			{ "--ip-address", 'i' }, { "--all-ip-addresses", 'I' }, { "--alias", 'a' },
			{ "--all-fqdns", 'A' }, { "--yp", 'y' }, { "--nis", 'y' }, { "--boot", 'b' },
			{ "--file", 'F' }, { "--version", 'V' }, { "--help", 'h' },
		};
		char opt = 0;
		if (a[1] == '-') {
			for (size_t k = 0; k < sizeof longs / sizeof longs[0]; k++)
				if (strcmp(a, longs[k].lng) == 0)
					opt = longs[k].shrt;
			if (!opt) {
				sb_printf(c->err, "hostname: unrecognized option '%s'\n", a);
				sb_puts(c->out, hostname_usage_text);
				return 255;
			}
		} else {
			if (a[2] || !strchr("sfdiIaAybFVh", a[1])) {
				char bad = strchr("sfdiIaAybFVh", a[1]) ? a[2] : a[1];
				sb_printf(c->err, "hostname: invalid option -- '%c'\n", bad);
				sb_puts(c->out, hostname_usage_text);
				return 255;
			}
			opt = a[1];
		}
		switch (opt) {
		case 'V':
			sb_puts(c->out, "hostname 3.23\n");
			return 0;
		case 'h':
			sb_puts(c->out, hostname_usage_text);
			return 0;
		case 'y':
		case 'b':
		case 'F':
			sb_printf(c->err, "wirelab: hostname -%c is not supported (NIS names and "
					  "files of names are not modelled)\n", opt);
			return 1;
		default:
			mode = opt;
		}
	}
	if (operands > 1) {
		sb_puts(c->err, hostname_usage_text);
		return 255;
	}
	if (name && !mode) {
		if (strlen(name) > 64) {
			sb_puts(c->err, "hostname: name too long\n");
			return 1;
		}
		if (!valid_hostname(name)) {
			sb_puts(c->err, "hostname: the specified hostname is invalid\n");
			return 1;
		}
		/* The kernel's hostname (UTS namespace): until reboot, when
		 * /etc/hostname is read again.  A namespace made by `ip netns
		 * add` shares its machine's. */
		snprintf(m->hostname, sizeof m->hostname, "%s", name);
		trace_table(c->w, c->node, NULL, "hostname", "set", "%s", name);
		return 0;
	}
	const char *h = m->hostname;
	char canon[256];
	uint32_t addr;
	switch (mode) {
	case 0:
		sb_printf(c->out, "%s\n", h);
		return 0;
	case 's':
		sb_printf(c->out, "%.*s\n", (int)strcspn(h, "."), h);
		return 0;
	case 'I':
		all_addresses(c);
		return 0;
	case 'A':
		/* Every FQDN of every address: none without DNS, unless
		 * /etc/hosts names an address with a dotted name. */
		for (size_t i = 0; i < c->node->n_devs; i++) {
			const struct netdev *d = c->node->devs[i];
			if (!d->up || d->kind == ND_LOOPBACK)
				continue;
			for (const struct ifaddr *a = d->addrs; a; a = a->next)
				if (etc_hosts_by_addr(c->node, a->addr, canon) && strchr(canon, '.'))
					sb_printf(c->out, "%s ", canon);
		}
		sb_puts(c->out, "\n");
		return 0;
	default:
		break;
	}
	/* -f, -d, -i, -a look the host name up (/etc/hosts here). */
	if (!etc_hosts_by_name(c->node, h, &addr, canon)) {
		sb_puts(c->err, "hostname: Name or service not known\n");
		return 1;
	}
	switch (mode) {
	case 'f':
		sb_printf(c->out, "%s\n", canon);
		break;
	case 'd': {
		const char *dot = strchr(canon, '.');
		if (dot)
			sb_printf(c->out, "%s\n", dot + 1);
		break;
	}
	default: {       /* -i: the addresses, -a: the aliases */
		struct host_lookup hl = { .name = h };
		etc_hosts_scan(c->node, collect_host, &hl);
		sb_printf(c->out, "%s\n", sb_str(mode == 'i' ? &hl.addrs : &hl.aliases));
		sb_free(&hl.addrs);
		sb_free(&hl.aliases);
		break;
	}
	}
	return 0;
}

/* ---- reboot ------------------------------------------------------------- */

int cmd_reboot(struct cmd_ctx *c)
{
	for (int i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		if (strcmp(a, "-f") && strcmp(a, "--force") && strcmp(a, "--no-wall") &&
		    strcmp(a, "-ff")) {
			sb_printf(c->err, "wirelab: reboot %s is not supported (reboot takes -f, "
					  "--force, --no-wall)\n", a);
			return 1;
		}
	}
	if (c->node->machine) {
		/* On Linux the whole machine would go down, and this namespace
		 * with it: do that from the machine's own prompt. */
		sb_printf(c->err, "wirelab: reboot: %s is a network namespace of %s; reboot %s "
				  "itself (its namespaces go with it)\n", c->node->name,
			  c->node->machine->name, c->node->machine->name);
		return 1;
	}
	/* ENGINE: node_restart() walks the devices backwards deleting veths,
	 * and a veth takes its peer with it: with both ends on this node the
	 * walk then reads the freed peer.  Delete the virtual devices here,
	 * one at a time, until restart.c restarts its walk after a delete. */
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < c->node->n_devs; i++) {
			struct netdev *d = c->node->devs[i];
			if (d->kind == ND_VETH || d->kind == ND_BRIDGE) {
				netdev_del(d);
				again = true;
				break;
			}
		}
	}
	node_restart(c->node);
	return 0;
}

/* ---- sleep (coreutils) --------------------------------------------------- */

/* One NUMBER[SUFFIX] operand in nanoseconds; -1 for infinity.  False when
 * it is not a valid time interval. */
static bool sleep_operand(const char *s, int64_t *ns)
{
	const char *p = s;
	if (strcmp(p, "inf") == 0 || strcmp(p, "infinity") == 0 || strcmp(p, "INF") == 0 ||
	    strcmp(p, "INFINITY") == 0) {
		*ns = -1;
		return true;
	}
	/* digits [. digits] [e[+-]digits], exactly, in nanoseconds */
	unsigned __int128 mant = 0;
	int frac_digits = 0, digits = 0;
	bool dot = false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (mant < ((unsigned __int128)1 << 100)) {
				mant = mant * 10 + (unsigned)(*p - '0');
				if (dot)
					frac_digits++;
			} else if (!dot) {
				frac_digits--;  /* too many digits: keep the magnitude */
			}
			digits++;
		} else if (*p == '.' && !dot) {
			dot = true;
		} else {
			break;
		}
	}
	if (!digits)
		return false;
	int exp10 = 0;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;
		bool neg = false;
		if (*q == '+' || *q == '-')
			neg = *q++ == '-';
		if (*q >= '0' && *q <= '9') {
			int e = 0;
			while (*q >= '0' && *q <= '9') {
				if (e < 10000)
					e = e * 10 + (*q - '0');
				q++;
			}
			exp10 = neg ? -e : e;
			p = q;
		}
	}
	int64_t mult = 1;
	if (*p) {
		if (p[1])
			return false;
		switch (*p) {
		case 's': mult = 1; break;
		case 'm': mult = 60; break;
		case 'h': mult = 3600; break;
		case 'd': mult = 86400; break;
		default: return false;
		}
	}
	/* value = mant * 10^(exp10 - frac_digits) seconds */
	int shift = exp10 - frac_digits + 9;
	unsigned __int128 v = mant * (unsigned)mult;
	const unsigned __int128 cap = (unsigned __int128)INT64_MAX;
	if (shift >= 0) {
		for (int k = 0; k < shift && v <= cap; k++)
			v *= 10;
	} else {
		bool rest = false;
		for (int k = 0; k < -shift && v; k++) {
			rest |= v % 10 != 0;
			v /= 10;
		}
		if (rest)
			v++;    /* never sleep less than asked */
	}
	*ns = v > cap ? -1 : (int64_t)v;
	return true;
}

int cmd_sleep(struct cmd_ctx *c)
{
	int64_t total = 0;
	bool ok = true, any = false, only_operands = false;
	for (int i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		if (!only_operands && a[0] == '-' && a[1]) {
			if (strcmp(a, "--") == 0) {
				only_operands = true;
				continue;
			}
			if (strcmp(a, "--help") == 0) {
				sb_puts(c->out,
					"Usage: sleep NUMBER[SUFFIX]...\n"
					"  or:  sleep OPTION\n"
					"Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),\n"
					"'m' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an\n"
					"integer.  Given two or more arguments, pause for the amount of time\n"
					"specified by the sum of their values.\n"
					"\n"
					"      --help     display this help and exit\n"
					"      --version  output version information and exit\n"
					"\n"
					"GNU coreutils online help: <https://www.gnu.org/software/coreutils/>\n"
					"Report any translation bugs to <https://translationproject.org/team/>\n"
					"Full documentation <https://www.gnu.org/software/coreutils/sleep>\n"
					"or available locally via: info '(coreutils) sleep invocation'\n");
				return 0;
			}
			if (strcmp(a, "--version") == 0) {
				sb_puts(c->out, "sleep (GNU coreutils) 9.1\n");
				return 0;
			}
			if (a[1] == '-')
				sb_printf(c->err, "sleep: unrecognized option '%s'\n", a);
			else
				sb_printf(c->err, "sleep: invalid option -- '%c'\n", a[1]);
			sb_puts(c->err, "Try 'sleep --help' for more information.\n");
			return 1;
		}
		any = true;
		int64_t ns;
		if (!sleep_operand(a, &ns)) {
			sb_printf(c->err, "sleep: invalid time interval '%s'\n", a);
			ok = false;
			continue;
		}
		if (total >= 0)
			total = ns < 0 || ns > INT64_MAX - total ? -1 : total + ns;
	}
	if (!any) {
		sb_puts(c->err, "sleep: missing operand\nTry 'sleep --help' for more information.\n");
		return 1;
	}
	if (!ok) {
		sb_puts(c->err, "Try 'sleep --help' for more information.\n");
		return 1;
	}
	if (total == 0)
		return 0;
	if (total > INT64_MAX / 4)
		total = -1;     /* longer than the simulation can count: for ever */
	c->proc = sleep_start(c->node, total);
	return 0;
}
