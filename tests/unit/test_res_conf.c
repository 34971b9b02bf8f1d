/* test_res_conf.c — resolv.conf, nsswitch.conf and /etc/hosts as glibc
 * 2.36 reads them (res_init.c, nss_database.c, files-hosts.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "proc/res_int.h"
#include "proc/resolver.h"

static void test_defaults(void **state)
{
	(void)state;
	struct res_conf c;
	res_conf_parse(NULL, &c);
	/* no nameserver: the local one; ndots 1, timeout 5, attempts 2 */
	assert_int_equal(c.n_ns, 1);
	assert_int_equal(c.ns[0], 0x7f000001u);
	assert_int_equal(c.ndots, 1);
	assert_int_equal(c.timeout_s, 5);
	assert_int_equal(c.attempts, 2);
	assert_int_equal(c.n_search, 0);
	assert_false(c.rotate || c.single_request || c.edns0);
}

static void test_nameservers(void **state)
{
	(void)state;
	struct res_conf c;
	res_conf_parse("nameserver 10.0.0.1\n"
		       "nameserver bogus\n"             /* bad address: skipped */
		       "nameserver\n"                   /* nothing: skipped */
		       "  nameserver 10.0.0.9\n"        /* not at the line start (checked) */
		       "nameserver\t10.0.0.2 extra\n"   /* a tab; words after are ignored */
		       "nameserver 10.0.0.3\n"
		       "nameserver 10.0.0.4\n",         /* a 4th: MAXNS is 3 */
		       &c);
	assert_int_equal(c.n_ns, 3);
	assert_int_equal(c.ns[0], 0x0a000001u);
	assert_int_equal(c.ns[1], 0x0a000002u);
	assert_int_equal(c.ns[2], 0x0a000003u);
	/* inet_aton forms are taken */
	res_conf_parse("nameserver 10.1\n", &c);
	assert_int_equal(c.ns[0], 0x0a000001u);
}

static void test_search_and_domain(void **state)
{
	(void)state;
	struct res_conf c;
	res_conf_parse("search a.example b.example\ndomain c.example\n", &c);
	assert_int_equal(c.n_search, 1);
	assert_string_equal(c.search[0], "c.example.");
	res_conf_parse("domain c.example\nsearch a.example b.example.\n", &c);
	assert_int_equal(c.n_search, 2);
	assert_string_equal(c.search[0], "a.example.");
	assert_string_equal(c.search[1], "b.example.");
	/* an empty search line leaves the list as it was */
	res_conf_parse("search a.example\nsearch\n", &c);
	assert_int_equal(c.n_search, 1);
	/* "searchfoo" is not the keyword; comments are skipped */
	res_conf_parse("searchfoo x\n# search y\n; search z\n", &c);
	assert_int_equal(c.n_search, 0);
	/* many domains: glibc 2.36 uses them all (checked with 10; the old
	 * limit of 6 is gone); wirelab keeps 32 */
	res_conf_parse("search a b c d e f g h i j\n", &c);
	assert_int_equal(c.n_search, 10);
	assert_string_equal(c.search[9], "j.");
	char many[512] = "search";
	for (int i = 0; i < 40; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), " d%d", i);
	res_conf_parse(many, &c);
	assert_int_equal(c.n_search, 32);
}

static void test_options(void **state)
{
	(void)state;
	struct res_conf c;
	res_conf_parse("options ndots:2 timeout:1 attempts:3 rotate single-request edns0 debug\n", &c);
	assert_int_equal(c.ndots, 2);
	assert_int_equal(c.timeout_s, 1);
	assert_int_equal(c.attempts, 3);
	assert_true(c.rotate && c.single_request && c.edns0);
	/* caps: ndots 15, timeout 30, attempts 5 */
	res_conf_parse("options ndots:99 timeout:99 attempts:99\n", &c);
	assert_int_equal(c.ndots, 15);
	assert_int_equal(c.timeout_s, 30);
	assert_int_equal(c.attempts, 5);
	/* later options lines add to earlier ones */
	res_conf_parse("options ndots:3\noptions rotate\n", &c);
	assert_int_equal(c.ndots, 3);
	assert_true(c.rotate);
	/* atoi: garbage is 0 (checked: ndots:x asks the name as it is first) */
	res_conf_parse("options ndots:x\n", &c);
	assert_int_equal(c.ndots, 0);
}

static void test_nsswitch(void **state)
{
	(void)state;
	struct res_nss s;
	char text[256];
	/* no file, or no hosts: line: "files dns" (glibc >= 2.35; checked on
	 * Debian 12: an empty nsswitch.conf reads /etc/hosts first) */
	res_nss_parse(NULL, &s);
	assert_true(s.is_default);
	res_nss_text(&s, text, sizeof text);
	assert_string_equal(text, "files dns");
	res_nss_parse("passwd: files\n", &s);
	assert_true(s.is_default);
	res_nss_parse("hosts:          files mdns4_minimal [NOTFOUND=return] dns myhostname\n", &s);
	assert_false(s.is_default);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.src[0].kind, RES_SRC_FILES);
	assert_int_equal(s.src[1].kind, RES_SRC_OTHER);
	assert_true(s.src[1].ret[RES_NSS_NOTFOUND]);
	assert_false(s.src[1].ret[RES_NSS_UNAVAIL]);
	assert_int_equal(s.src[2].kind, RES_SRC_DNS);
	res_nss_text(&s, text, sizeof text);
	assert_string_equal(text, "files mdns4_minimal [NOTFOUND=return] dns myhostname");
	/* negation: every other status */
	res_nss_parse("hosts: dns [!UNAVAIL=return] files # comment\n", &s);
	assert_true(s.src[0].ret[RES_NSS_NOTFOUND]);
	assert_true(s.src[0].ret[RES_NSS_TRYAGAIN]);
	assert_false(s.src[0].ret[RES_NSS_UNAVAIL]);
	assert_int_equal(s.n, 2);
	/* a malformed line is ignored (the default stays) */
	res_nss_parse("hosts: [NOTFOUND=return] files\n", &s);
	assert_true(s.is_default);
	res_nss_parse("hosts: files [BOGUS=return] dns\n", &s);
	assert_true(s.is_default);
	/* the last hosts: line wins */
	res_nss_parse("hosts: dns\nhosts: files\n", &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.src[0].kind, RES_SRC_FILES);
}

static void test_hosts_file(void **state)
{
	(void)state;
	const char *h = "127.0.0.1\tlocalhost\n"
			"# comment line\n"
			"10.0.0.90 db.internal db  dbalias # trailing\n"
			"10.0.0.91 db.internal other\n"
			"::1 localhost ip6-localhost\n"
			"fd00::1 v6host\n"
			"::ffff:10.0.0.5 mapped\n"
			"10.0.0.92\tDB2.Internal\n"
			"300.1.1.1 bad\n"
			"10.1 short\n";
	struct res_result r;
	/* AF_INET, multi on: both db.internal lines, names merged */
	assert_true(res_hosts_lookup(h, "db.internal", 4, &r));
	assert_string_equal(r.canon, "db.internal");
	assert_int_equal(r.n_addrs, 2);
	assert_int_equal(r.n_aliases, 3);
	assert_string_equal(r.aliases[0], "db");
	assert_string_equal(r.aliases[1], "dbalias");
	assert_string_equal(r.aliases[2], "other");
	/* case-insensitive; the name as written */
	assert_true(res_hosts_lookup(h, "db2.internal", 4, &r));
	assert_string_equal(r.canon, "DB2.Internal");
	/* ::1 is 127.0.0.1 for AF_INET: localhost gets both lines */
	assert_true(res_hosts_lookup(h, "ip6-localhost", 4, &r));
	assert_int_equal(r.n_addrs, 1);
	assert_int_equal(r.addrs[0], 0x7f000001u);
	assert_true(res_hosts_lookup(h, "mapped", 4, &r));
	assert_int_equal(r.addrs[0], 0x0a000005u);
	assert_false(res_hosts_lookup(h, "v6host", 4, &r));
	/* AF_INET6: only IPv6 lines */
	assert_true(res_hosts_lookup(h, "localhost", 6, &r));
	assert_int_equal(r.n_addrs, 0);
	assert_int_equal(r.n_addrs6, 1);
	char a6[46];
	res_addr6_text(r.addrs6[0], a6);
	assert_string_equal(a6, "::1");
	assert_false(res_hosts_lookup(h, "db", 6, &r));
	/* inet_pton: no short forms, no bad octets */
	assert_false(res_hosts_lookup(h, "bad", 4, &r));
	assert_false(res_hosts_lookup(h, "short", 4, &r));
	assert_false(res_hosts_lookup(NULL, "x", 4, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_nameservers),
		cmocka_unit_test(test_search_and_domain),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_nsswitch),
		cmocka_unit_test(test_hosts_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
