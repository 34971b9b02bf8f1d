/* test_cmd_line.c — the command layer's line handling: words, quotes,
 * sequences, redirections, errors, and the `ip` option loop. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;
	char *out, *err;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
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

static void test_not_found_lists_commands(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "ifconfig eth0"), 127);
	assert_non_null(strstr(f->err, "wirelab: ifconfig: command not found (wirelab has: ip bridge"));
	assert_string_equal(f->out, "");
}

static void test_comments_and_empty(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, ""), 0);
	assert_int_equal(run(f, "   # just a comment"), 0);
	assert_string_equal(f->err, "");
}

static void test_quotes_and_syntax_errors(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "ip 'link"), 2);
	assert_non_null(strstr(f->err, "matching `''"));
	assert_int_equal(run(f, "ip \"link"), 2);
	assert_int_equal(run(f, "ip link | grep eth0"), 2);
	assert_non_null(strstr(f->err, "`|' is a shell feature wirelab does not have"));
	assert_int_equal(run(f, "echo $HOME"), 2);
	assert_int_equal(run(f, "&& ip link"), 2);
	assert_int_equal(run(f, "ip link &&"), 2);
	assert_int_equal(run(f, "ip link >"), 2);
}

static void test_sequences(void **state)
{
	struct fx *f = *state;
	/* help succeeds, the unknown command does not: && stops, || runs. */
	assert_int_equal(run(f, "nosuch && help"), 127);
	assert_string_equal(f->out, "");
	assert_int_equal(run(f, "nosuch || help"), 0);
	assert_non_null(strstr(f->out, "Commands wirelab understands"));
	assert_int_equal(run(f, "nosuch ; help"), 0);
	assert_int_equal(run(f, "sudo help"), 0);
}

static void test_redirection_to_files(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "help > /etc/motd"), 0);
	assert_string_equal(f->out, "");
	size_t len;
	const char *motd = node_file_read(f->n, "/etc/motd", &len);
	assert_non_null(motd);
	assert_non_null(strstr(motd, "Commands wirelab understands"));
	assert_int_equal(run(f, "help >> /etc/motd"), 0);
	size_t len2;
	node_file_read(f->n, "/etc/motd", &len2);
	assert_int_equal(len2, 2 * len);
	assert_int_equal(run(f, "help > /nonexistent/dir/x"), 1);
	assert_non_null(strstr(f->err, "No such file or directory"));
	/* A file cannot outgrow the machine's disk (NODE_FILE_MAX). */
	char *blob = malloc(NODE_FILE_MAX);
	memset(blob, 'x', NODE_FILE_MAX - 10);
	assert_int_equal(node_file_write(f->n, "/tmp/big", blob, NODE_FILE_MAX - 10, false), 0);
	free(blob);
	assert_int_equal(run(f, "help >> /tmp/big"), 1);
	assert_string_equal(f->err, "wirelab: /tmp/big: write error: No space left on device\n");
	size_t big = 0;
	node_file_read(f->n, "/tmp/big", &big);
	assert_int_equal(big, NODE_FILE_MAX - 10);
	/* /proc/sys takes integers only: bash's words for the refused write. */
	assert_int_equal(run(f, "echo abc > /proc/sys/net/ipv4/ip_forward"), 1);
	assert_string_equal(f->err, "wirelab: echo: write error: Invalid argument\n");
	assert_int_equal(run(f, "echo 1 > /proc/sys/net/ipv4/ip_forward"), 0);
	assert_int_equal(f->n->sysctl.ip_forward, 1);
	assert_int_equal(run(f, "nosuch 2> /dev/null"), 127);
	assert_string_equal(f->err, "");
	assert_int_equal(run(f, "nosuch 2>&1"), 127);
	assert_non_null(strstr(f->out, "command not found"));
}

/* Redirections apply left to right, as in bash: `> F 2>&1` puts both
 * streams in F; `2>&1 > F` leaves stderr on the terminal; a later `2>`
 * or `>` moves only its own stream. */
static void test_redirection_order(void **state)
{
	struct fx *f = *state;
	const char *txt;
	assert_int_equal(run(f, "ip link show nope > /tmp/both 2>&1"), 1);
	assert_string_equal(f->out, "");
	assert_string_equal(f->err, "");
	txt = node_file_read(f->n, "/tmp/both", NULL);
	assert_non_null(txt);
	assert_string_equal(txt, "Device \"nope\" does not exist.\n");
	assert_int_equal(run(f, "ip link show nope 2>&1 > /tmp/out"), 1);
	assert_string_equal(f->out, "Device \"nope\" does not exist.\n");
	txt = node_file_read(f->n, "/tmp/out", NULL);
	assert_non_null(txt);
	assert_string_equal(txt, "");
	assert_int_equal(run(f, "echo hi > /tmp/a 2>&1 > /tmp/b"), 0);
	assert_string_equal(node_file_read(f->n, "/tmp/b", NULL), "hi\n");
	assert_string_equal(node_file_read(f->n, "/tmp/a", NULL), "");
	assert_int_equal(run(f, "ip link show nope > /tmp/c 2>&1 2> /dev/null"), 1);
	assert_string_equal(f->err, "");
	assert_string_equal(node_file_read(f->n, "/tmp/c", NULL), "");
	assert_int_equal(run(f, "echo hi >> /tmp/both 2>&1"), 0);
	assert_string_equal(node_file_read(f->n, "/tmp/both", NULL),
			    "Device \"nope\" does not exist.\nhi\n");
}

static void test_ip_options(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "ip -x link"), 255);
	assert_string_equal(f->err, "Option \"-x\" is unknown, try \"ip -help\".\n");
	assert_int_equal(run(f, "ip foo"), 1);
	assert_string_equal(f->err, "Object \"foo\" is unknown, try \"ip help\".\n");
	assert_int_equal(run(f, "ip -n nonexist link"), 255);
	assert_string_equal(f->err,
			    "Cannot open network namespace \"nonexist\": No such file or directory\n");
	assert_int_equal(run(f, "ip"), 255);
	assert_non_null(strstr(f->err, "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }"));
	assert_int_equal(run(f, "ip -V"), 0);
	assert_string_equal(f->out, "ip utility, iproute2-6.1.0, libbpf 1.1.2\n");
	assert_int_equal(run(f, "ip rule"), 255);
	assert_non_null(strstr(f->err, "ip rule is not modelled"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_not_found_lists_commands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quotes_and_syntax_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sequences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redirection_to_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redirection_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ip_options, setup, teardown),
	};
	return cmocka_run_group_tests_name("cmd_line", tests, NULL, NULL);
}
