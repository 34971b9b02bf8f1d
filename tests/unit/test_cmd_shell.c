/* test_cmd_shell.c — echo (bash 5.2's builtin), cat and sleep (coreutils
 * 9.1, C locale), hostname (hostname 3.23), reboot, true and false, on
 * Debian 12.
 *
 * Expected strings were printed by the real programs (echo through
 * `bash -c`, hostname in `unshare -u`, with /etc/hosts bind-mounted where
 * a test writes one), stdout and stderr apart, with the exit status. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;
	char *out, *err;
};

struct step {
	const char *line, *out, *err;
	int rc;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
	netdev_set_up(f->n->lo, true);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	free(f->out);
	free(f->err);
	world_free(f->w);
	free(f);
	return 0;
}

static int run(struct fx *f, const char *line)
{
	return cmd_fx_run(f->w, f->n, line, &f->out, &f->err);
}

static void steps(struct fx *f, const struct step *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = run(f, s[i].line);
		if (rc != s[i].rc || strcmp(f->out, s[i].out) != 0 || strcmp(f->err, s[i].err) != 0)
			fail_msg("`%s`\n  want %d [%s] [%s]\n  got  %d [%s] [%s]", s[i].line, s[i].rc,
				 s[i].out, s[i].err, rc, f->out, f->err);
	}
}

#define STEPS(f, table) steps(f, table, sizeof table / sizeof table[0])

static void put_file(struct fx *f, const char *path, const char *text)
{
	assert_int_equal(node_file_write(f->n, path, text, strlen(text), false), 0);
}

/* ---- true, false, echo ----------------------------------------------------- */

static const struct step echo_steps[] = {
	{ "true", "", "", 0 },
	{ "true --help", "", "", 0 },
	{ "false", "", "", 1 },
	{ "false && echo no", "", "", 1 },
	{ "false || echo yes", "yes\n", "", 0 },
	{ "echo", "\n", "", 0 },
	{ "echo -n", "", "", 0 },
	{ "echo hello world", "hello world\n", "", 0 },
	{ "echo -n a", "a", "", 0 },
	{ "echo -en a", "a", "", 0 },
	{ "echo -x a", "-x a\n", "", 0 },
	{ "echo -nx a", "-nx a\n", "", 0 },
	{ "echo -- a", "-- a\n", "", 0 },
	{ "echo 'a\\tb'", "a\\tb\n", "", 0 },
	{ "echo -E 'a\\tb'", "a\\tb\n", "", 0 },
	{ "echo -e 'a\\tb'", "a\tb\n", "", 0 },
	{ "echo -ne 'x\\ny'", "x\ny", "", 0 },
	{ "echo -e 'a\\cb c' d", "a", "", 0 },
	{ "echo -e '\\x41\\x4g\\x|'", "A\004g\\x|\n", "", 0 },
	{ "echo -e '\\0101|\\101|\\01234'", "A|\\101|S4\n", "", 0 },
	{ "echo -e '\\e[0m|'", "\033[0m|\n", "", 0 },
	{ "echo -e '\\u00e9|\\U0001F600|\\u'", "\xc3\xa9|\xf0\x9f\x98\x80|\\u\n", "", 0 },
	{ "echo -e 'a\\\\b'", "a\\b\n", "", 0 },
	{ "echo -e '\\q|\\'", "\\q|\\\n", "", 0 },
	{ "echo -e '\\a\\b\\f\\v\\r|'", "\a\b\f\v\r|\n", "", 0 },
	{ "echo -e '\\x7|\\xfff'", "\a|\xff" "f\n", "", 0 },
	/* the framework sends it on: files and /proc/sys */
	{ "echo 1 > /proc/sys/net/ipv4/ip_forward", "", "", 0 },
	{ "cat /proc/sys/net/ipv4/ip_forward", "1\n", "", 0 },
	{ "echo -n 10.0.0.9 web >> /etc/hosts", "", "", 0 },
};

static void test_echo(void **state)
{
	STEPS(*state, echo_steps);
}

/* ---- cat ---------------------------------------------------------------- */

static void test_cat(void **state)
{
	struct fx *f = *state;
	put_file(f, "/tmp/catx", "a\n\n\n\nb\nc");
	static const struct step s[] = {
		{ "cat /etc/hostname", "h\n", "", 0 },
		{ "cat /etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\th\n", "", 0 },
		{ "cat /etc/nonexist", "", "cat: /etc/nonexist: No such file or directory\n", 1 },
		{ "cat /etc", "", "cat: /etc: Is a directory\n", 1 },
		{ "cat /proc/sys/net/ipv4", "", "cat: /proc/sys/net/ipv4: Is a directory\n", 1 },
		{ "cat /etc/hostname /nonexist /etc/hostname", "h\nh\n",
		  "cat: /nonexist: No such file or directory\n", 1 },
		{ "cat hostnamex", "", "cat: hostnamex: No such file or directory\n", 1 },
		{ "cat", "", "", 0 },
		{ "cat /tmp/catx /tmp/catx", "a\n\n\n\nb\nca\n\n\n\nb\nc", "", 0 },
		{ "cat -n /tmp/catx",
		  "     1\ta\n     2\t\n     3\t\n     4\t\n     5\tb\n     6\tc", "", 0 },
		{ "cat -sE /tmp/catx", "a$\n$\nb$\nc", "", 0 },
		{ "cat -b /tmp/catx", "     1\ta\n\n\n\n     2\tb\n     3\tc", "", 0 },
		/* one stream: the unterminated "c" runs into the next file's "a" */
		{ "cat -n /tmp/catx /tmp/catx",
		  "     1\ta\n     2\t\n     3\t\n     4\t\n     5\tb\n     6\tca\n     7\t\n"
		  "     8\t\n     9\t\n    10\tb\n    11\tc", "", 0 },
		{ "cat -x", "", "cat: invalid option -- 'x'\nTry 'cat --help' for more information.\n", 1 },
		{ "cat --bogus", "",
		  "cat: unrecognized option '--bogus'\nTry 'cat --help' for more information.\n", 1 },
	};
	STEPS(f, s);
}

/* ---- hostname ------------------------------------------------------------ */

#define HOSTNAME_USAGE \
	"Usage: hostname [-b] {hostname|-F file}         set host name (from file)\n" \
	"       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name\n" \
	"       hostname                                 display host name\n" \
	"\n" \
	"       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)\n" \
	"       {yp,nis,}domainname                      display NIS domain name\n" \
	"\n" \
	"       dnsdomainname                            display dns domain name\n" \
	"\n" \
	"       hostname -V|--version|-h|--help          print info and exit\n" \
	"\n" \
	"Program name:\n" \
	"       {yp,nis,}domainname=hostname -y\n" \
	"       dnsdomainname=hostname -d\n" \
	"\n" \
	"Program options:\n" \
	"    -a, --alias            alias names\n" \
	"    -A, --all-fqdns        all long host names (FQDNs)\n" \
	"    -b, --boot             set default hostname if none available\n" \
	"    -d, --domain           DNS domain name\n" \
	"    -f, --fqdn, --long     long host name (FQDN)\n" \
	"    -F, --file             read host name or NIS domain name from given file\n" \
	"    -i, --ip-address       addresses for the host name\n" \
	"    -I, --all-ip-addresses all addresses for the host\n" \
	"    -s, --short            short host name\n" \
	"    -y, --yp, --nis        NIS/YP domain name\n" \
	"\n" \
	"Description:\n" \
	"   This command can get or set the host name or the NIS domain name. You can\n" \
	"   also get the DNS domain or the FQDN (fully qualified domain name).\n" \
	"   Unless you are using bind or NIS for host lookups you can change the\n" \
	"   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is\n" \
	"   part of the FQDN) in the /etc/hosts file.\n"

static const struct step hostname_steps[] = {
	/* Debian's /etc/hosts names the host on 127.0.1.1 */
	{ "hostname", "h\n", "", 0 },
	{ "hostname -s", "h\n", "", 0 },
	{ "hostname -f", "h\n", "", 0 },
	{ "hostname -i", "127.0.1.1\n", "", 0 },
	{ "hostname -d", "", "", 0 },
	{ "hostname -A", "\n", "", 0 },
	{ "hostname -I", "\n", "", 0 },
	{ "hostname -V", "hostname 3.23\n", "", 0 },
	{ "hostname new-1.x", "", "", 0 },
	{ "hostname", "new-1.x\n", "", 0 },
	{ "hostname -s", "new-1\n", "", 0 },
	{ "hostname -f", "", "hostname: Name or service not known\n", 1 },
	{ "hostname -i", "", "hostname: Name or service not known\n", 1 },
	{ "hostname -d", "", "hostname: Name or service not known\n", 1 },
	{ "hostname 'bad name'", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname -- -bad", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname ''", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname x.", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname x.-y", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname x-.y", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname a-", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname .x", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname x..y", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname a_b", "", "hostname: the specified hostname is invalid\n", 1 },
	{ "hostname aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "",
	  "hostname: name too long\n", 1 },
	{ "hostname aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "", "", 0 },
	{ "hostname 1.2.3.4", "", "", 0 },
	{ "hostname", "1.2.3.4\n", "", 0 },
	{ "hostname a b", "", HOSTNAME_USAGE, 255 },
	{ "hostname -Z", HOSTNAME_USAGE, "hostname: invalid option -- 'Z'\n", 255 },
};

static void test_hostname(void **state)
{
	STEPS(*state, hostname_steps);
}

static void test_hostname_hosts_file(void **state)
{
	struct fx *f = *state;
	put_file(f, "/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tbox.lab box alias2\n10.0.0.5 box\n");
	static const struct step s[] = {
		{ "hostname box", "", "", 0 },
		{ "hostname -s", "box\n", "", 0 },
		{ "hostname -f", "box.lab\n", "", 0 },
		{ "hostname -d", "lab\n", "", 0 },
		{ "hostname -i", "127.0.1.1 10.0.0.5\n", "", 0 },
		{ "hostname -a", "box alias2 box\n", "", 0 },
		{ "hostname -A", "\n", "", 0 },
		{ "hostname box.lab", "", "", 0 },
		{ "hostname -s", "box\n", "", 0 },
		{ "hostname -d", "lab\n", "", 0 },
		{ "hostname -f", "box.lab\n", "", 0 },
	};
	STEPS(f, s);
}

static void test_hostname_addresses(void **state)
{
	struct fx *f = *state;
	/* -I: every address of every device that is up, lo's excepted, in
	 * device order (a veth's peer is made first, so veth1 comes before
	 * veth0), each followed by a space. */
	static const struct step s[] = {
		{ "ip link add veth0 type veth peer name veth1", "", "", 0 },
		{ "ip addr add 10.0.1.1/24 dev veth0", "", "", 0 },
		{ "ip addr add 10.0.1.5/24 dev veth0", "", "", 0 },
		{ "ip addr add 10.0.2.1/24 dev veth1", "", "", 0 },
		{ "ip addr add 10.0.3.1/24 dev lo", "", "", 0 },
		{ "ip link set veth0 up", "", "", 0 },
		{ "ip link set veth1 up", "", "", 0 },
		{ "hostname -I", "10.0.2.1 10.0.1.1 10.0.1.5 \n", "", 0 },
		{ "ip link set veth1 down", "", "", 0 },
		{ "hostname -I", "10.0.1.1 10.0.1.5 \n", "", 0 },
		/* a namespace made by ip netns add shares the machine's name */
		{ "ip netns add ns1", "", "", 0 },
		{ "ip netns exec ns1 hostname", "h\n", "", 0 },
		{ "ip netns exec ns1 hostname -I", "\n", "", 0 },
		{ "ip netns exec ns1 hostname inner", "", "", 0 },
		{ "hostname", "inner\n", "", 0 },
		/* reboot reads /etc/hostname again */
		{ "reboot", "", "", 0 },
		{ "hostname", "h\n", "", 0 },
	};
	STEPS(f, s);
}

/* ---- sleep ---------------------------------------------------------------- */

static void test_sleep(void **state)
{
	struct fx *f = *state;
	struct {
		const char *line;
		int64_t ns;
	} cases[] = {
		{ "sleep 2.5", 2500000000LL },
		{ "sleep 1m", 60000000000LL },
		{ "sleep 0.5s 0.25", 750000000LL },
		{ "sleep .01", 10000000LL },
		{ "sleep 0.0001m", 6000000LL },
		{ "sleep 1e-3", 1000000LL },
		{ "sleep 1h", 3600LL * 1000000000LL },
		{ "sleep 1d", 86400LL * 1000000000LL },
		{ "sleep -- 0.01", 10000000LL },
		{ "sleep 0", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t before = f->w->now_ns;
		assert_int_equal(run(f, cases[i].line), 0);
		assert_string_equal(f->out, "");
		assert_string_equal(f->err, "");
		if (f->w->now_ns - before != cases[i].ns)
			fail_msg("`%s` slept %lld ns, want %lld", cases[i].line,
				 (long long)(f->w->now_ns - before), (long long)cases[i].ns);
	}
	/* the rest of the line waits for it */
	int64_t before = f->w->now_ns;
	assert_int_equal(run(f, "sleep 1; echo done"), 0);
	assert_string_equal(f->out, "done\n");
	assert_int_equal(f->w->now_ns - before, 1000000000LL);
	static const struct step errors[] = {
		{ "sleep", "", "sleep: missing operand\nTry 'sleep --help' for more information.\n", 1 },
		{ "sleep x", "", "sleep: invalid time interval 'x'\nTry 'sleep --help' for more "
				 "information.\n", 1 },
		{ "sleep 1x 2y", "", "sleep: invalid time interval '1x'\nsleep: invalid time interval "
				     "'2y'\nTry 'sleep --help' for more information.\n", 1 },
		{ "sleep 0.1 x", "", "sleep: invalid time interval 'x'\nTry 'sleep --help' for more "
				     "information.\n", 1 },
		{ "sleep -1", "", "sleep: invalid option -- '1'\nTry 'sleep --help' for more "
				  "information.\n", 1 },
		{ "sleep -x", "", "sleep: invalid option -- 'x'\nTry 'sleep --help' for more "
				  "information.\n", 1 },
	};
	before = f->w->now_ns;
	STEPS(f, errors);
	assert_int_equal(f->w->now_ns, before);
	assert_int_equal(run(f, "sleep --help"), 0);
	assert_non_null(strstr(f->out, "Usage: sleep NUMBER[SUFFIX]...\n"));
}

static void test_sleep_infinity(void **state)
{
	struct fx *f = *state;
	/* It never ends by itself: the blocking runner kills it when nothing
	 * else can happen, and a shell reports a SIGTERM death as 143. */
	assert_int_equal(run(f, "sleep infinity"), 143);
	assert_int_equal(f->w->now_ns, 0);
}

/* ---- reboot --------------------------------------------------------------- */

static const struct step reboot_steps[] = {
	{ "ip netns add ns1", "", "", 0 },
	{ "ip link add v0 type veth peer name v1", "", "", 0 },
	{ "ip addr add 10.0.0.1/24 dev lo", "", "", 0 },
	{ "ip netns exec ns1 reboot", "",
	  "wirelab: reboot: ns1 is a network namespace of h; reboot h itself (its namespaces go "
	  "with it)\n", 1 },
	{ "reboot now", "", "wirelab: reboot now is not supported (reboot takes -f, --force, "
			    "--no-wall)\n", 1 },
	{ "reboot -f", "", "", 0 },
	/* namespaces, virtual devices and addresses are gone; lo is up again */
	{ "ip netns", "", "", 0 },
	{ "ip -br link", "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n",
	  "", 0 },
	{ "ip -br -4 addr", "lo               UNKNOWN        127.0.0.1/8 \n", "", 0 },
};

static void test_reboot(void **state)
{
	STEPS(*state, reboot_steps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_echo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostname, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostname_hosts_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostname_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sleep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sleep_infinity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot, setup, teardown),
	};
	return cmocka_run_group_tests_name("cmd_shell", tests, NULL, NULL);
}
