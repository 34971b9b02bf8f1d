/* fuzz_regress_driver.h — replay a fuzzer's findings and corpus as tests.
 *
 * Shared, header-only, by test_cmd_fuzz_regress.c and
 * test_dns_fuzz_regress.c: each names its fuzz driver's run function and
 * the folders under fuzz/ it keeps, and calls fz_regress_main().
 *
 * Every regular file of those folders (README.md and dot files excepted)
 * runs through the driver, one cmocka test per file, each in a child
 * process so that one crasher fails its own test and the others still run.
 * A child that dies by a signal (abort, segfault, a sanitizer), exits
 * non-zero (UBSan/ASan with -fno-sanitize-recover), leaks (under `make
 * asan`, checked with LeakSanitizer before it exits) or runs longer than
 * WL_FUZZ_REGRESS_TIMEOUT seconds (default 60) fails.  Its stderr (the
 * sanitizer's report, the driver's broken property) is in the test log.
 *
 * The folders are found from the current directory (the top of the tree,
 * as `make test` runs it) or from WL_FUZZ_DIR (the fuzz/ folder).
 */
#ifndef WL_FUZZ_REGRESS_DRIVER_H
#define WL_FUZZ_REGRESS_DRIVER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FZ_ASAN 1
#endif
#ifdef FZ_ASAN
#include <sanitizer/lsan_interface.h>
#endif

/* What one regression test replays. */
struct fz_regress {
	const char *group;                              /* cmocka group name */
	const char *what;                               /* "the DNS code": in a failure */
	void (*run)(const uint8_t *data, size_t len);   /* the fuzzer's driver */
	const char *const *dirs;                        /* under fuzz/, NULL-ended */
};

/* cmocka catches these in the parent; the child must die of them (or let the
 * sanitizer report them), so it gets back what was there before cmocka. */
static const int fz_sigs[] = { SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGSYS, SIGABRT };
#define FZ_NSIGS (sizeof fz_sigs / sizeof fz_sigs[0])
static struct sigaction fz_saved[FZ_NSIGS];
static const struct fz_regress *fz_cfg;

struct fz_case {
	char path[1024];
	char name[300];
};

static int fz_read_file(const char *path, uint8_t **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		if (k == 0)
			break;
		n += k;
	}
	fclose(f);
	*data = buf;
	*len = n;
	return 0;
}

static void fz_replay(void **state)
{
	const struct fz_case *c = *state;
	uint8_t *data = NULL;
	size_t len = 0;
	if (fz_read_file(c->path, &data, &len) != 0)
		fail_msg("cannot read %s: %s", c->path, strerror(errno));

	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		for (size_t i = 0; i < FZ_NSIGS; i++)
			sigaction(fz_sigs[i], &fz_saved[i], NULL);
		const char *t = getenv("WL_FUZZ_REGRESS_TIMEOUT");
		alarm(t ? (unsigned)atoi(t) : 60);
		fz_cfg->run(data, len);
		free(data);
#ifdef FZ_ASAN
		if (__lsan_do_recoverable_leak_check())
			_exit(23);
#endif
		_exit(0);
	}
	free(data);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			fail_msg("waitpid: %s", strerror(errno));
	if (WIFSIGNALED(st))
		fail_msg("%s: %s died by signal %d (%s)%s", c->path, fz_cfg->what, WTERMSIG(st),
			 strsignal(WTERMSIG(st)),
			 WTERMSIG(st) == SIGALRM ? ": it hangs" : ": see the report above");
	if (WEXITSTATUS(st) == 23)
		fail_msg("%s: memory leaked (LeakSanitizer report above)", c->path);
	if (WEXITSTATUS(st) != 0)
		fail_msg("%s: exited %d (a sanitizer report above?)", c->path, WEXITSTATUS(st));
}

static int fz_by_name(const void *a, const void *b)
{
	return strcmp(((const struct fz_case *)a)->name, ((const struct fz_case *)b)->name);
}

/* Add every regular file of dir/sub (README.md and dot files excepted). */
static void fz_collect(const char *dir, const char *sub, struct fz_case **cases, size_t *n)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	DIR *d = opendir(path);
	if (!d)
		return;
	size_t first = *n;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
			continue;
		struct fz_case c;
		snprintf(c.path, sizeof c.path, "%s/%s", path, e->d_name);
		struct stat sb;
		if (stat(c.path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		snprintf(c.name, sizeof c.name, "%s/%s", sub, e->d_name);
		*cases = realloc(*cases, (*n + 1) * sizeof **cases);
		(*cases)[(*n)++] = c;
	}
	closedir(d);
	qsort(*cases + first, *n - first, sizeof **cases, fz_by_name);
}

static void fz_no_inputs(void **state)
{
	(void)state;
	fail_msg("no fuzz inputs found: run from the top of the tree or set WL_FUZZ_DIR");
}

/* The whole test program: one test per input file, in the order of r->dirs
 * and by name within each. */
static int fz_regress_main(const struct fz_regress *r)
{
	fz_cfg = r;
	for (size_t i = 0; i < FZ_NSIGS; i++)
		sigaction(fz_sigs[i], NULL, &fz_saved[i]);
	const char *dir = getenv("WL_FUZZ_DIR");
	if (!dir)
		dir = "fuzz";
	struct fz_case *cases = NULL;
	size_t n = 0;
	for (const char *const *sub = r->dirs; *sub; sub++)
		fz_collect(dir, *sub, &cases, &n);
	if (n == 0) {
		const struct CMUnitTest none[] = { cmocka_unit_test(fz_no_inputs) };
		return cmocka_run_group_tests_name(r->group, none, NULL, NULL);
	}
	struct CMUnitTest *tests = calloc(n, sizeof *tests);
	for (size_t i = 0; i < n; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = fz_replay;
		tests[i].initial_state = &cases[i];
	}
	int rc = _cmocka_run_group_tests(r->group, tests, n, NULL, NULL);
	free(tests);
	free(cases);
	return rc;
}

#endif
