/* cmd_curl.c — `curl` (7.88.1, Debian 12) for HTTP URLs.
 *
 * The command line is read as tool_getparam.c reads it: short options
 * bundle ("-sSf"), a short option's argument is the rest of the word or the
 * next word ("-ofile", "-o file"), long options take the next word, "--no-"
 * turns a flag off, and the errors are curl's ("curl: option -m: requires
 * parameter", exit 2).  Then the URL is checked (curl_url_parse) and the
 * transfer runs as a foreground process (proc/curl.h), which prints what
 * curl prints.
 *
 * Modelled: -v -s -S -f -i -I -o -O -H -A -u -X -d/--data/--data-raw/--data-binary
 * (@FILE reads a node file) -m/--max-time --connect-timeout -w -L (accepted;
 * redirects are not followed) -4 --http1.1 -V --url.  https:// is not
 * modelled: wirelab's curl answers as a curl built without TLS ("Protocol
 * "https" not supported or disabled in libcurl", exit 1).  One URL per
 * command.  A relative -o path is taken from /root, root's home.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "dev/node_files.h"
#include "proc/curl.h"
#include "util/units.h"

static const char try_help[] = "curl: try 'curl --help' or 'curl --manual' for more information\n";

enum copt {
	O_VERBOSE, O_SILENT, O_SHOW_ERROR, O_FAIL, O_INCLUDE, O_HEAD, O_OUTPUT, O_REMOTE_NAME,
	O_HEADER, O_REQUEST, O_DATA, O_DATA_RAW, O_MAX_TIME, O_CONNECT_TIMEOUT, O_WRITE_OUT,
	O_LOCATION, O_IPV4, O_IPV6, O_HTTP11, O_VERSION, O_HELP, O_URL, O_NO_PROGRESS,
	O_USER_AGENT, O_USER,
};

struct copt_def {
	char short_name;
	const char *long_name;
	bool arg;
	enum copt id;
};

static const struct copt_def opts[] = {
	{ 'v', "verbose", false, O_VERBOSE },
	{ 's', "silent", false, O_SILENT },
	{ 'S', "show-error", false, O_SHOW_ERROR },
	{ 'f', "fail", false, O_FAIL },
	{ 'i', "include", false, O_INCLUDE },
	{ 'I', "head", false, O_HEAD },
	{ 'o', "output", true, O_OUTPUT },
	{ 'O', "remote-name", false, O_REMOTE_NAME },
	{ 'H', "header", true, O_HEADER },
	{ 'X', "request", true, O_REQUEST },
	{ 'd', "data", true, O_DATA },
	{ 0, "data-ascii", true, O_DATA },
	{ 0, "data-binary", true, O_DATA },
	{ 0, "data-raw", true, O_DATA_RAW },
	{ 'm', "max-time", true, O_MAX_TIME },
	{ 0, "connect-timeout", true, O_CONNECT_TIMEOUT },
	{ 'w', "write-out", true, O_WRITE_OUT },
	{ 'L', "location", false, O_LOCATION },
	{ '4', "ipv4", false, O_IPV4 },
	{ '6', "ipv6", false, O_IPV6 },
	{ 0, "http1.1", false, O_HTTP11 },
	{ 'V', "version", false, O_VERSION },
	{ 'h', "help", false, O_HELP },
	{ 0, "url", true, O_URL },
	{ 0, "no-progress-meter", false, O_NO_PROGRESS },
	{ 'A', "user-agent", true, O_USER_AGENT },
	{ 'u', "user", true, O_USER },
};

/* str2udouble(): seconds as a non-negative decimal, in ns. */
static int seconds_arg(const char *s, int64_t *ns)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno == ERANGE || v != v)
		return -1;
	if (v < 0)
		return -2;
	if (v > 9e9)
		v = 9e9;
	*ns = (int64_t)(v * 1e9);
	return 0;
}

static int opt_error(struct cmd_ctx *c, const char *name, const char *what)
{
	sb_printf(c->err, "curl: option %s: %s\n", name, what);
	sb_puts(c->err, try_help);
	return 2;
}

struct curl_cmd {
	struct curl_opts o;
	const char *url;
	int n_urls;
	bool remote_name;
	const char *user;               /* -u user:password */
	struct strbuf data;
	bool have_data;
	char out_path[512];
};

/* One option with its argument (NULL for a flag); name is as typed. */
static int apply(struct cmd_ctx *c, struct curl_cmd *k, const struct copt_def *d, const char *name,
		 const char *arg, bool on)
{
	struct curl_opts *o = &k->o;
	int64_t ns;
	int rc;
	switch (d->id) {
	case O_VERBOSE: o->verbose = on; break;
	case O_SILENT: o->silent = on; break;
	case O_SHOW_ERROR: o->show_error = on; break;
	case O_FAIL: o->fail = on; break;
	case O_INCLUDE: o->include = on; break;
	case O_HEAD: o->head = on; break;
	case O_REMOTE_NAME: k->remote_name = on; break;
	case O_LOCATION: case O_IPV4: case O_HTTP11: case O_NO_PROGRESS: break;
	case O_IPV6:
		sb_puts(c->err, "wirelab: curl -6: IPv6 is not modelled\n");
		return 2;
	case O_OUTPUT:
		if (arg[0] == '/' || strcmp(arg, "-") == 0)
			snprintf(k->out_path, sizeof k->out_path, "%s", arg);
		else
			snprintf(k->out_path, sizeof k->out_path, "/root/%s", arg);
		o->output = k->out_path;
		break;
	case O_HEADER:
		if (o->n_headers < CURL_MAX_HEADERS)
			o->headers[o->n_headers++] = arg;
		break;
	case O_REQUEST: o->method = arg; break;
	case O_USER_AGENT: o->user_agent = arg; break;
	case O_USER:
		k->user = arg;
		if (!strchr(arg, ':')) {
			/* curl asks on the terminal; there is none to answer here. */
			sb_printf(c->err, "wirelab: curl -u %s: give the password too (-u user:password): "
					  "there is no terminal to ask for it\n", arg);
			return 2;
		}
		break;
	case O_DATA:
	case O_DATA_RAW:
		if (k->have_data)
			sb_puts(&k->data, "&");
		k->have_data = true;
		if (d->id == O_DATA && arg[0] == '@') {
			size_t len;
			const char *f = node_file_read(c->node, arg + 1, &len);
			if (!f) {
				sb_printf(c->err, "Warning: Couldn't read data from file \"%s\", this "
						  "makes an empty POST.\n", arg + 1);
			} else {
				/* --data strips CR and LF from a file. */
				for (size_t i = 0; i < len; i++)
					if (f[i] != '\r' && f[i] != '\n')
						sb_append(&k->data, f + i, 1);
			}
		} else {
			sb_puts(&k->data, arg);
		}
		break;
	case O_MAX_TIME:
	case O_CONNECT_TIMEOUT:
		rc = seconds_arg(arg, &ns);
		if (rc == -1)
			return opt_error(c, name, "expected a proper numerical parameter");
		if (rc == -2)
			return opt_error(c, name, "expected a positive numerical parameter");
		if (d->id == O_MAX_TIME)
			o->max_time_ns = ns;
		else
			o->connect_timeout_ns = ns;
		break;
	case O_WRITE_OUT: o->write_out = arg; break;
	case O_URL:
		if (k->n_urls++ == 0)
			k->url = arg;
		break;
	case O_VERSION:
		sb_puts(c->out, "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1\n"
				"Release-Date: 2023-02-20\n"
				"Protocols: http\n"
				"Features: IPv6 Largefile\n");
		return -1;
	case O_HELP:
		sb_puts(c->out, "Usage: curl [options...] <url>\n"
				" -d, --data <data>          HTTP POST data\n"
				" -f, --fail                 Fail fast with no output on HTTP errors\n"
				" -h, --help <category>      Get help for commands\n"
				" -i, --include              Include protocol response headers in the output\n"
				" -o, --output <file>        Write to file instead of stdout\n"
				" -O, --remote-name          Write output to a file named as the remote file\n"
				" -s, --silent               Silent mode\n"
				" -T, --upload-file <file>   Transfer local FILE to destination\n"
				" -u, --user <user:password> Server user and password\n"
				" -A, --user-agent <name>    Send User-Agent <name> to server\n"
				" -v, --verbose              Make the operation more talkative\n"
				" -V, --version              Show version number and quit\n"
				"\n"
				"This is not the full help, this menu is stripped into categories.\n"
				"Use \"--help category\" to get an overview of all categories.\n"
				"For all options use the manual or \"--help all\".\n");
		return -1;
	}
	return 0;
}

/* The command line, then the transfer; every return leaves k for the
 * caller to free. */
static int curl_main(struct cmd_ctx *c, struct curl_cmd *k)
{
	bool only_urls = false;
	int st = 0;
	for (int i = 1; i < c->argc && st == 0; i++) {
		const char *a = c->argv[i];
		if (only_urls || a[0] != '-' || a[1] == '\0') {
			if (k->n_urls++ == 0)
				k->url = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_urls = true;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			bool on = true;
			const struct copt_def *d = NULL;
			for (int pass = 0; pass < 2 && !d; pass++) {
				for (size_t j = 0; j < sizeof opts / sizeof opts[0]; j++)
					if (strcmp(opts[j].long_name, name) == 0) {
						d = &opts[j];
						break;
					}
				if (!d && strncmp(name, "no-", 3) == 0) {
					name += 3;
					on = false;
				} else {
					break;
				}
			}
			if (!d || (!on && d->arg)) {
				sb_printf(c->err, "curl: option %s: is unknown\n", a);
				sb_puts(c->err, try_help);
				return 2;
			}
			const char *arg = NULL;
			if (d->arg) {
				if (i + 1 >= c->argc)
					return opt_error(c, a, "requires parameter");
				arg = c->argv[++i];
			}
			st = apply(c, k, d, a, arg, on);
			continue;
		}
		for (int j = 1; a[j] && st == 0; j++) {
			const struct copt_def *d = NULL;
			for (size_t q = 0; q < sizeof opts / sizeof opts[0]; q++)
				if (opts[q].short_name == a[j])
					d = &opts[q];
			char name[3] = { '-', a[j], 0 };
			if (!d) {
				sb_printf(c->err, "wirelab: curl %s is not supported (wirelab's curl has "
						  "-v -s -S -f -i -I -o -O -H -A -u -X -d -m -w -L "
						  "--connect-timeout)\n", name);
				return 2;
			}
			const char *arg = NULL;
			if (d->arg) {
				if (a[j + 1]) {
					arg = a + j + 1;
				} else if (i + 1 < c->argc) {
					arg = c->argv[++i];
				} else {
					return opt_error(c, name, "requires parameter");
				}
			}
			st = apply(c, k, d, name, arg, true);
			if (arg)
				break;
		}
	}
	int rc = 0;
	if (st == -1)
		goto out;       /* -V, -h */
	if (st != 0) {
		rc = st;
		goto out;
	}
	if (k->o.head && k->have_data) {
		sb_puts(c->err, "Warning: You can only select one HTTP request method! You asked for "
				"both POST \nWarning: (-d, --data) and HEAD (-I, --head).\n");
		rc = 2;
		goto out;
	}
	if (k->n_urls == 0) {
		sb_puts(c->err, try_help);
		rc = 2;
		goto out;
	}
	if (k->n_urls > 1) {
		sb_puts(c->err, "wirelab: curl: one URL at a time (several URLs are not modelled)\n");
		rc = 2;
		goto out;
	}
	bool say = !k->o.silent || k->o.show_error;
	rc = curl_url_parse(k->url, &k->o.url);
	if (rc == 1) {
		char scheme[64];
		const char *sep = strstr(k->url, "://");
		snprintf(scheme, sizeof scheme, "%.*s", sep ? (int)(sep - k->url) : 0, k->url);
		if (k->o.verbose)
			sb_printf(c->err, "* Protocol \"%s\" not supported or disabled in libcurl\n"
					  "* Closing connection -1\n", scheme);
		if (say)
			sb_printf(c->err, "curl: (1) Protocol \"%s\" not supported or disabled in "
					  "libcurl\n", scheme);
		goto out;
	}
	if (rc == 3) {
		if (say)
			sb_puts(c->err, "curl: (3) URL using bad/illegal format or missing URL\n");
		goto out;
	}
	if (k->o.url.host[0] == '[') {
		/* An IPv6 literal: the node has no IPv6, as a connect() without a route. */
		if (say)
			sb_printf(c->err, "curl: (7) Failed to connect to %.*s port %u after 0 ms: "
					  "Couldn't connect to server\n",
				  (int)strlen(k->o.url.host) - 2, k->o.url.host + 1, k->o.url.port);
		rc = 7;
		goto out;
	}
	if (k->o.url.port_given)
		snprintf(k->o.url_text, sizeof k->o.url_text, "%s://%s:%u%s", k->o.url.scheme,
			 k->o.url.host, k->o.url.port, k->o.url.path);
	else
		snprintf(k->o.url_text, sizeof k->o.url_text, "%s://%s%s", k->o.url.scheme,
			 k->o.url.host, k->o.url.path);
	if (k->remote_name && !k->o.output) {
		const char *path = k->o.url.path;
		size_t plen = strcspn(path, "?");
		const char *base = path;
		for (size_t i = 0; i < plen; i++)
			if (path[i] == '/')
				base = path + i + 1;
		size_t blen = (size_t)(path + plen - base);
		if (blen == 0) {
			/* curl connects first and fails at the first byte; here it fails
			 * before: the message and the status are the same. */
			if (say)
				sb_puts(c->err, "curl: (23) Failed writing received data to "
						"disk/application\n");
			rc = 23;
			goto out;
		}
		snprintf(k->out_path, sizeof k->out_path, "/root/%.*s", (int)blen, base);
		k->o.output = k->out_path;
	}
	if (k->user) {
		/* -u wins over the URL's userinfo. */
		const char *colon = strchr(k->user, ':');
		snprintf(k->o.url.user, sizeof k->o.url.user, "%.*s", (int)(colon - k->user), k->user);
		snprintf(k->o.url.password, sizeof k->o.url.password, "%s", colon + 1);
		k->o.url.has_user = true;
	}
	if (k->have_data) {
		k->o.data = sb_str(&k->data);
		k->o.data_len = k->data.len;
	}
	c->proc = curl_start(c->node, &k->o);
	rc = 0;
out:
	return rc;
}

int cmd_curl(struct cmd_ctx *c)
{
	struct curl_cmd k;
	memset(&k, 0, sizeof k);
	int rc = curl_main(c, &k);
	sb_free(&k.data);
	return rc;
}
