/* cmd_iparg.c — iproute2's argument readers (lib/utils.c), shared by the
 * `ip` objects: addresses and prefixes the way iproute2 reads them
 * ("10.1" is 10.1.0.0, "010.0.0.1" is octal, "/255.255.0.0" is /16). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"

/* family_name_verbose(): the word in "Error: %s prefix is expected". */
const char *ipa_family_verbose(int family)
{
	switch (family) {
	case 4: return "inet";
	case 6: return "inet6";
	case 1: return "link";
	}
	return "any valid";
}

/* ipa_get_u32()/get_unsigned(): a whole number in C syntax (base 0: "0x10",
 * "010" is octal), nothing after it, at most 2^32-1. */
bool ipa_get_u32(uint32_t *val, const char *arg)
{
	if (!arg || !*arg)
		return false;
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 0);
	if (end == arg || *end || (v == (unsigned long)-1 && errno == ERANGE) || v > 0xffffffffUL)
		return false;
	*val = (uint32_t)v;
	return true;
}

/* ipa_get_addr_ipv4(): one to four parts, each a C number up to 255 ("10.1"
 * is 10.1.0.0, "010.0.0.1" is 8.0.0.1, as iproute2 reads them). */
bool ipa_get_addr_ipv4(const char *cp, uint32_t *out)
{
	uint8_t ap[4] = { 0 };
	for (int i = 0; i < 4; i++) {
		char *end;
		unsigned long n = strtoul(cp, &end, 0);
		if (n > 255 || end == cp)
			return false;
		ap[i] = (uint8_t)n;
		if (*end == '\0')
			break;
		if (i == 3 || *end != '.')
			return false;
		cp = end + 1;
	}
	*out = (uint32_t)ap[0] << 24 | (uint32_t)ap[1] << 16 | (uint32_t)ap[2] << 8 | ap[3];
	return true;
}

/* inet_pton(AF_INET6) as a yes/no (<arpa/inet.h> cannot be included next
 * to cmd_int.h: glibc has its own struct ip_opts).  Up to eight groups of
 * 1-4 hex digits, one "::", an IPv4 tail in place of the last two. */
static bool ipv6_text_ok(const char *s)
{
	int groups = 0;
	bool gap = false;
	const char *p = s;
	if (p[0] == ':') {
		if (p[1] != ':')
			return false;
		gap = true;
		p += 2;
		if (!*p)
			return true;
	}
	for (;;) {
		const char *start = p;
		int digits = 0;
		while (digits < 5 && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
				      (*p >= 'A' && *p <= 'F')))
			p++, digits++;
		if (*p == '.' && groups <= 6) {
			char *end;
			int parts = 0;
			const char *q = start;
			for (;;) {
				unsigned long v = strtoul(q, &end, 10);
				if (end == q || v > 255 || end - q > 3)
					return false;
				parts++;
				if (*end != '.')
					break;
				q = end + 1;
			}
			return parts == 4 && *end == '\0' && (gap ? groups <= 5 : groups == 6);
		}
		if (digits == 0 || digits > 4)
			return false;
		groups++;
		if (*p == '\0')
			break;
		if (*p != ':')
			return false;
		p++;
		if (*p == ':') {
			if (gap)
				return false;
			gap = true;
			p++;
			if (*p == '\0')
				break;
		}
	}
	return gap ? groups <= 7 : groups == 8;
}

/* ipa_get_addr_1(): "default" (a /0 with its length given), "all" and "any"
 * (no address at all), an IPv6 address (anything with a ':'), or IPv4. */
bool ipa_get_addr_1(struct ipr_prefix *p, const char *name, int family)
{
	memset(p, 0, sizeof *p);
	if (strcmp(name, "default") == 0) {
		p->family = family;
		p->bitlen = -2;
		p->len_given = true;
		return true;
	}
	if (strcmp(name, "all") == 0 || strcmp(name, "any") == 0) {
		p->family = family;
		p->bitlen = -2;
		return true;
	}
	if (family == 1)
		return false;   /* a link-layer address: not a route's */
	if (strchr(name, ':')) {
		p->family = 6;
		p->bitlen = -1;
		return (family == 0 || family == 6) && ipv6_text_ok(name);
	}
	p->family = 4;
	p->bitlen = -1;
	return (family == 0 || family == 4) && ipa_get_addr_ipv4(name, &p->a);
}

/* ipa_mask2bits(): a contiguous netmask's length, or -1. */
int ipa_mask2bits(uint32_t mask)
{
	uint32_t host = ~mask;
	if (host & (host + 1))
		return -1;
	int bits = 0;
	for (; mask; mask <<= 1)
		bits++;
	return bits;
}

/* ipa_get_netmask(): a number, or a dotted netmask ("255.255.0.0"). */
bool ipa_get_netmask(unsigned *plen, const char *arg)
{
	uint32_t v;
	if (ipa_get_u32(&v, arg)) {
		*plen = v;
		return true;
	}
	struct ipr_prefix m;
	if (ipa_get_addr_1(&m, arg, 4) && m.family == 4) {
		int b = ipa_mask2bits(m.a);
		if (b >= 0) {
			*plen = (unsigned)b;
			return true;
		}
	}
	return false;
}

/* ipa_get_prefix_1(): ADDR[/LEN]. */
bool ipa_get_prefix_1(struct ipr_prefix *p, const char *arg, int family)
{
	char part[256];
	const char *slash = strchr(arg, '/');
	size_t n = slash ? (size_t)(slash - arg) : strlen(arg);
	if (n >= sizeof part)
		return false;
	memcpy(part, arg, n);
	part[n] = '\0';
	if (!ipa_get_addr_1(p, part, family))
		return false;
	int bits = p->family == 4 ? 32 : p->family == 6 ? 128 : 0;
	if (slash) {
		unsigned plen;
		if (p->bitlen == -2 || !ipa_get_netmask(&plen, slash + 1) || plen > (unsigned)bits)
			return false;
		p->len_given = true;
		p->bitlen = (int)plen;
	} else {
		p->bitlen = p->bitlen == -2 ? 0 : bits;
	}
	return true;
}
