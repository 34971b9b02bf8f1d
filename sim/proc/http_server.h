/* http_server.h — a small web server that answers as nginx 1.22.1 does on
 * Debian 12 serving static files.
 *
 * Each route is a file at an exact path: GET and HEAD answer it with the
 * headers nginx's static module sends (Server, Date, Content-Type,
 * Content-Length, Last-Modified, Connection, ETag, Accept-Ranges), any
 * other method gets nginx's 405, and a path with no route its 404 page.  A
 * route given another status than 200 answers like nginx's `return CODE
 * "body"` instead (no Last-Modified, ETag or Accept-Ranges).  Requests are
 * checked as nginx checks them (wire/http.h): 400, 414, 501, 505, with
 * nginx's error pages, and those close the connection.  HTTP/1.1
 * connections stay open (keep-alive, closed after 65 s idle as
 * keepalive_timeout), "Connection: close" and HTTP/1.0 close after the
 * answer; pipelined requests are answered in order.
 *
 * Each request is logged in nginx's "combined" format on the process's
 * stdout and appended to /var/log/nginx/access.log on the node:
 *   10.0.0.1 - - [01/Jan/2025:00:00:02 +0000] "GET / HTTP/1.1" 200 15 "-" "curl/7.88.1"
 * Dates (Date, Last-Modified, the log) come from the simulated wall clock
 * (world_wall_s()); a route's Last-Modified is the time the server started.
 *
 * Virtual hosts: a route key "web.example/path" answers only requests whose
 * Host (port left out) is web.example; "/path" answers any host.
 */
#ifndef WL_HTTP_SERVER_H
#define WL_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

struct node;
struct proc;

struct http_route {
	const char *key;                /* "/path" or "host/path" */
	int status;                     /* 0 or 200: a static file; else `return status` */
	const char *body;
	size_t body_len;
	const char *type;               /* NULL: from the extension, as mime.types */
};

struct http_server_opts {
	uint16_t port;                  /* 0: 80 */
	const char *server;             /* NULL: "nginx/1.22.1" */
	const struct http_route *routes;
	int n_routes;
};

struct http_server_stats {
	long connections, requests;
	long status_2xx, status_4xx, status_5xx;
};

/* Start listening on 0.0.0.0:port.  The options are copied.  NULL with
 * world_error() set when the port is taken ("Address already in use"). */
struct proc *http_server_start(struct node *n, const struct http_server_opts *o);
/* NULL when p is not an http server. */
const struct http_server_stats *http_server_stats(const struct proc *p);

/* nginx's reason phrase for a status ("Not Allowed" for 405), "" if none. */
const char *http_reason(int status);
/* The Content-Type nginx's mime.types gives path ("text/html" for a path
 * ending in '/', its index.html), application/octet-stream by default. */
const char *http_mime_type(const char *path);

#endif
