/* curl.h — one HTTP/1.1 transfer as curl 7.88.1 makes it (Debian 12):
 * resolve the host with getaddrinfo (resolver.h), connect, send the
 * request curl sends, read the answer (Content-Length, chunked, or up to
 * the server's FIN), and print what curl prints, with its exit status.
 *
 * The output is the one a learner sees in a terminal: the body on stdout
 * (or in the node's file for -o), -v's "*", ">" and "<" lines on stderr
 * (header lines keep their CR LF, as curl writes them), errors as
 * "curl: (N) ..." unless -s without -S.  A terminal shows no progress meter
 * while the body goes to stdout; with -o FILE the meter's header and its
 * final line are printed on stderr, numbers from the simulated clock.
 * Times in messages ("after 3 ms") are simulated milliseconds.
 *
 * cmd_curl.c reads the command line (curl_url_parse() and the options);
 * this file runs the transfer. */
#ifndef WL_CURL_H
#define WL_CURL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct node;
struct proc;

#define CURL_MAX_HEADERS 32

struct curl_url {
	char scheme[16];
	char host[256];                 /* as given (a name or an address) */
	uint16_t port;
	bool port_given;
	char path[2048];                /* path and query, "/" when empty; no fragment */
	char user[128], password[128];  /* userinfo, for Basic auth */
	bool has_user;
};

/* urlapi.c's reading of a URL, the parts curl 7.88 checks: no scheme means
 * http; the host is required; the port is 0..65535; blanks and control
 * characters are refused.  0, or the curl exit status: 1 for a scheme
 * other than http ("Protocol \"x\" not supported or disabled in libcurl"),
 * 3 for a bad URL. */
int curl_url_parse(const char *text, struct curl_url *u);

struct curl_opts {
	struct curl_url url;
	char url_text[2400];            /* %{url_effective} */
	bool verbose, silent, show_error, include, head, fail;
	const char *method;             /* -X, or NULL */
	const char *user_agent;         /* -A, or NULL: "curl/7.88.1" ("" sends none) */
	const char *data;               /* -d, or NULL */
	size_t data_len;
	const char *headers[CURL_MAX_HEADERS];  /* -H, as given */
	int n_headers;
	const char *output;             /* -o FILE; NULL or "-": stdout */
	const char *write_out;          /* -w, or NULL */
	int64_t max_time_ns;            /* -m, 0: none */
	int64_t connect_timeout_ns;     /* --connect-timeout, 0: curl's 300 s */
};

/* Start the transfer as a foreground process; the options are copied. */
struct proc *curl_start(struct node *n, const struct curl_opts *o);

/* What a finished transfer got (NULL when p is not curl). */
struct curl_result {
	int http_code;                  /* 0: no answer */
	uint64_t size_download, size_header;
	int exit_code;
};
const struct curl_result *curl_result(const struct proc *p);

#endif
