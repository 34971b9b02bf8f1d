/* res_int.h — what the resolver's two files share (callers use
 * resolver.h): the `hosts:` line of nsswitch.conf and glibc's "files"
 * backend for /etc/hosts, both in res_conf.c. */
#ifndef WL_RES_INT_H
#define WL_RES_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "proc/resolver.h"

struct node;

/* NSS statuses, in the order of glibc's nss_action indices. */
enum res_nss_status { RES_NSS_SUCCESS, RES_NSS_NOTFOUND, RES_NSS_UNAVAIL, RES_NSS_TRYAGAIN };
enum res_src_kind { RES_SRC_FILES, RES_SRC_DNS, RES_SRC_OTHER };

#define RES_NSS_MAX 8

struct res_nss_src {
	enum res_src_kind kind;
	char name[32];
	bool ret[4];            /* per status: true = return, false = continue */
};

struct res_nss {
	struct res_nss_src src[RES_NSS_MAX];
	int n;
	bool is_default;        /* no file, or no `hosts:` line in it */
};

/* Parse nsswitch.conf's `hosts:` line (text may be NULL: no file).  With
 * no such line: glibc 2.36's default, "files dns" (checked on Debian 12:
 * an empty nsswitch.conf looks in /etc/hosts first, without a packet). */
void res_nss_parse(const char *text, struct res_nss *s);
/* The line back as text, for the trace ("files dns [NOTFOUND=return]"). */
void res_nss_text(const struct res_nss *s, char *out, size_t cap);

/* glibc's files backend on text (the bytes of /etc/hosts, may be NULL).
 * family 4: gethostbyname2(AF_INET) ("::1" counts as 127.0.0.1, as
 * files-hosts.c maps it); 6: AF_INET6 (IPv6 lines only); 0: both, as
 * getaddrinfo's gethostbyname4 collects them.  Debian's /etc/host.conf
 * says "multi on": every matching line contributes its addresses, the
 * first one the canonical name, later ones their other names as aliases.
 * Names compare without regard to ASCII case.  True when found (r filled:
 * canon, aliases, addrs / addrs6, from_hosts). */
bool res_hosts_lookup(const char *text, const char *name, int family, struct res_result *r);

#endif
