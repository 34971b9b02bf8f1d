/* cli_outdir.c — where a run's traces go.
 *
 * `<out>/<scenario basename without extension>/`, made with its parents as
 * `mkdir -p` would.  Before a run, the traces a previous run left there
 * (every *.pcap, and events.jsonl) are removed, so the folder shows this
 * run only; nothing else in it is touched, so a learner's own notes or
 * Wireshark profiles next to the traces survive. */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_trace_dir(const char *out, const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	const char *dot = strrchr(base, '.');
	if (dot && dot != base)
		n = (size_t)(dot - base);
	if (n == 0) {
		base = "scenario";
		n = strlen(base);
	}
	size_t ol = strlen(out);
	while (ol > 1 && out[ol - 1] == '/')
		ol--;
	snprintf(buf, len, "%.*s/%.*s", (int)ol, out, (int)n, base);
}

static int mkdir_p(const char *dir, char *err, size_t errlen)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
			return -1;
		}
		*p = '/';
	}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	struct stat st;
	if (stat(tmp, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a directory", tmp);
		return -1;
	}
	return 0;
}

static int is_stale_trace(const char *name)
{
	size_t n = strlen(name);
	if (strcmp(name, "events.jsonl") == 0)
		return 1;
	return n > 5 && strcmp(name + n - 5, ".pcap") == 0;
}

int cli_prepare_dir(const char *dir, char *err, size_t errlen)
{
	if (mkdir_p(dir, err, errlen) != 0)
		return -1;
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "cannot open %s: %s", dir, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) != NULL) {
		if (!is_stale_trace(e->d_name))
			continue;
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (unlink(p) != 0 && errno != ENOENT) {
			snprintf(err, errlen, "cannot remove old trace %s: %s", p, strerror(errno));
			rc = -1;
			break;
		}
	}
	closedir(d);
	return rc;
}
