/* lua_api_proc.c — starting programs on a node, and the process handle.
 *
 * n:ping(), n:udp_echo_server() and n:udp_echo_client() start the engine's
 * programs (proc/ping.h, proc/udp_echo.h) and return a handle.  Processes
 * live, exited or not, as long as their node (proc.h), so a finished ping
 * can still be read.  A handle is (node identity, pid), looked up on every
 * use: a node deleted by `ip netns del` or by its machine's reboot takes
 * its processes with it, and the handle then says so.
 *
 * p:wait() parks the calling task until the process exits.  The engine
 * reports the exit through proc->on_exit, inside whatever engine frames
 * ended the process (a timer, a received reply, p:kill() itself); the
 * waiting tasks are resumed from a fresh event at the same instant
 * instead, so Lua never runs inside those frames.  That event carries the
 * pid and the exit code is kept in the scenario (s->exits): the process
 * itself may be freed, with its node, before the event fires.  A node
 * freed while a task waits for one of its processes reports no exit at all
 * (node_free silences on_exit); lapi_reap_waits(), called after every
 * command and restart, finds such waits and wakes them with 143, the
 * status of a process killed by SIGTERM. */
#include "lua/lua_api_int.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "core/world.h"
#include "dev/node.h"
#include "proc/dns_server.h"
#include "proc/http_server.h"
#include "proc/ping.h"
#include "proc/proc.h"
#include "proc/udp_echo.h"
#include "util/die.h"
#include "util/units.h"

struct lapi_proc {
	struct lapi_node_id node;
	int pid;
	char name[24];                  /* for the message when it is gone */
};

void lapi_push_proc(lua_State *L, struct proc *p)
{
	struct lapi_proc *h = lua_newuserdatauv(L, sizeof *h, 0);
	lapi_node_id_of(lapi_scenario(L), p->node, &h->node);
	h->pid = p->pid;
	snprintf(h->name, sizeof h->name, "%s", p->ops->name);
	luaL_setmetatable(L, LAPI_PROC_MT);
}

static struct proc *find_pid(struct node *n, int pid)
{
	for (struct proc *p = n ? n->procs : NULL; p; p = p->next)
		if (p->pid == pid)
			return p;
	return NULL;
}

struct proc *lapi_check_proc(lua_State *L, int arg)
{
	struct lapi_proc *h = lapi_check_handle(L, arg, LAPI_PROC_MT, "process");
	struct proc *p = find_pid(lapi_node_from_id(lapi_scenario(L), &h->node), h->pid);
	if (!p)
		luaL_error(L, "process %s (pid %d) no longer exists: its node %s was deleted",
			   h->name, h->pid, h->node.name);
	return p;
}

/* ---- exits and waiters -------------------------------------------------- */

static void exited_fire(struct world *w, void *a, void *b)
{
	struct lua_scenario *s = a;
	int pid = (int)(intptr_t)b;
	(void)w;
	int code = 143;
	for (size_t i = 0; i < s->n_exits; i++) {
		if (s->exits[i].pid == pid) {
			code = s->exits[i].code;
			memmove(&s->exits[i], &s->exits[i + 1],
				(s->n_exits - i - 1) * sizeof *s->exits);
			s->n_exits--;
			break;
		}
	}
	/* Take this process's waiters out first, in the order they came:
	 * a resumed task may start waiting on something else meanwhile. */
	size_t n = 0, k = 0;
	for (size_t i = 0; i < s->n_waits; i++)
		n += s->waits[i].pid == pid;
	int *refs = wl_calloc(n ? n : 1, sizeof *refs);
	for (size_t i = 0, j = 0; i < s->n_waits; i++) {
		if (s->waits[i].pid == pid)
			refs[k++] = s->waits[i].ref;
		else
			s->waits[j++] = s->waits[i];
	}
	s->n_waits -= n;
	for (size_t i = 0; i < n; i++)
		lapi_task_resume(s, refs[i], true, code);
	free(refs);
	lapi_check_idle(s);
}

/* The exit of pid reaches its waiters from a fresh event at this instant. */
static void post_exit(struct lua_scenario *s, int pid, int code)
{
	if (s->n_exits == s->cap_exits) {
		s->cap_exits = s->cap_exits ? 2 * s->cap_exits : 8;
		s->exits = wl_realloc(s->exits, s->cap_exits * sizeof *s->exits);
	}
	s->exits[s->n_exits++] = (struct lapi_exit){ .pid = pid, .code = code };
	ev_call(s->w, s->w->now_ns, exited_fire, s, (void *)(intptr_t)pid);
}

static void on_exit_cb(void *ctx, struct proc *p)
{
	post_exit(ctx, p->pid, p->exit_code);
}

/* Watch p's exit (a process the command layer started has no watcher). */
static void watch(struct lua_scenario *s, struct proc *p)
{
	if (!p->running)
		return;
	WL_ASSERT(!p->on_exit || p->on_exit == on_exit_cb,
		  "process %s (pid %d) is already watched by someone else", p->ops->name, p->pid);
	p->on_exit = on_exit_cb;
	p->exit_ctx = s;
}

void lapi_wait_for(struct lua_scenario *s, int ref, struct proc *p)
{
	watch(s, p);
	if (s->n_waits == s->cap_waits) {
		s->cap_waits = s->cap_waits ? 2 * s->cap_waits : 8;
		s->waits = wl_realloc(s->waits, s->cap_waits * sizeof *s->waits);
	}
	struct lapi_wait *wt = &s->waits[s->n_waits++];
	*wt = (struct lapi_wait){ .pid = p->pid, .ref = ref };
	lapi_node_id_of(s, p->node, &wt->node);
}

void lapi_reap_waits(struct lua_scenario *s)
{
	for (size_t i = 0; i < s->n_waits; i++) {
		struct lapi_wait *wt = &s->waits[i];
		if (wt->reaped)
			continue;
		struct proc *p = find_pid(lapi_node_from_id(s, &wt->node), wt->pid);
		if (p)
			continue;
		/* Gone with its node: every waiter of this pid is woken once. */
		for (size_t j = i; j < s->n_waits; j++)
			if (s->waits[j].pid == wt->pid)
				s->waits[j].reaped = true;
		post_exit(s, wt->pid, 143);
	}
}

/* Hand a freshly started process to the scenario: its exit is watched. */
static void track(lua_State *L, struct proc *p)
{
	watch(lapi_scenario(L), p);
	lapi_push_proc(L, p);
}

/* p:wait() -> exit code, once the process has exited */
static int proc_wait(lua_State *L)
{
	struct proc *p = lapi_check_proc(L, 1);
	if (!p->running) {
		lua_pushinteger(L, p->exit_code);
		return 1;
	}
	if (!p->foreground)
		return luaL_error(L, "wait: %s (pid %d) is a server: it never exits by itself "
				  "(stop it with p:kill())", p->ops->name, p->pid);
	int ref = lapi_task_self(L, "wait");
	lapi_wait_for(lapi_scenario(L), ref, p);
	/* Resumed by exited_fire() with the exit code, which wait() returns. */
	return lua_yield(L, 0);
}

/* p:kill(): SIGTERM; the exit code reads 143 */
static int proc_kill_m(lua_State *L)
{
	proc_kill(lapi_check_proc(L, 1));
	return 0;
}

/* ---- starting programs -------------------------------------------------- */

static const char *const ping_opts[] = { "count", "interval", "timeout", "deadline", "ttl",
					 "size", "quiet", "numeric", NULL };

/* n:ping(dst [, {count=4, interval="1s", timeout=, deadline=, ttl=, size=56, quiet=false,
 * numeric=false}]): dst an address or a name, resolved as the ping command
 * resolves it (getaddrinfo through /etc/hosts and DNS, in simulated time;
 * "ping: NAME: Name or service not known" and exit 2 when it fails). */
int lapi_node_ping(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	const char *dst = luaL_checkstring(L, 2);
	lapi_check_opts(L, 3, "ping", ping_opts);
	struct ping_opts o;
	ping_opts_default(&o);
	/* A scenario wants its ping to end: 4, not iputils' "until ^C". */
	o.count = (long)lapi_opt_int_field(L, 3, "count", 4, 0, 1000000000, "ping");
	o.interval_ns = lapi_opt_duration_field(L, 3, "interval", o.interval_ns, "ping");
	o.timeout_ns = lapi_opt_duration_field(L, 3, "timeout", o.timeout_ns, "ping");
	o.deadline_ns = lapi_opt_duration_field(L, 3, "deadline", o.deadline_ns, "ping");
	o.ttl = (int)lapi_opt_int_field(L, 3, "ttl", o.ttl, 0, 255, "ping");
	o.size = (int)lapi_opt_int_field(L, 3, "size", o.size, 0, 65507, "ping");
	o.quiet = lapi_opt_bool_field(L, 3, "quiet", o.quiet != 0, "ping");
	o.numeric = lapi_opt_bool_field(L, 3, "numeric", o.numeric != 0, "ping");
	if (o.interval_ns <= 0)
		return luaL_error(L, "ping: option interval must be more than 0s");
	if (units_parse_ipv4(dst, &o.dst, NULL, 0) == 0) {
		o.dst_text = dst;
		track(L, ping_start(n, &o));
		return 1;
	}
	/* A name: the process resolves it first, as `ping NAME` does.  ttl 0
	 * is the default here, as for an address (-t 0 would be refused). */
	track(L, ping_start_name(n, &o, dst, false, false, o.ttl > 0 ? o.ttl : -1));
	return 1;
}

static uint16_t check_port(lua_State *L, int arg)
{
	lua_Integer port = luaL_checkinteger(L, arg);
	if (port < 1 || port > 65535)
		luaL_error(L, "bad port %I: a UDP port is from 1 to 65535", (LUAI_UACINT)port);
	return (uint16_t)port;
}

/* n:udp_echo_server(port) -> a server process (it runs until killed) */
int lapi_node_udp_echo_server(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	uint16_t port = check_port(L, 2);
	struct proc *p = udp_echo_server_start(n, port);
	if (!p)
		return luaL_error(L, "udp_echo_server: %s", world_error(n->w));
	track(L, p);
	return 1;
}

static const char *const client_opts[] = { "count", "size", "interval", "start", "timeout",
					   "sport", NULL };

/* n:udp_echo_client(dst, port [, {count=1, size=64, interval="1s", start=now, timeout="1s",
 * sport=0}]) */
int lapi_node_udp_echo_client(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	struct world *w = n->w;
	struct udp_echo_client_opts o = { 0 };
	const char *dst = luaL_checkstring(L, 2);
	char err[160];
	if (units_parse_ipv4(dst, &o.dst, err, sizeof err) != 0)
		return luaL_error(L, "%s", err);
	o.port = check_port(L, 3);
	lapi_check_opts(L, 4, "udp_echo_client", client_opts);
	o.count = (long)lapi_opt_int_field(L, 4, "count", 1, 1, 1000000000, "udp_echo_client");
	o.size = (uint32_t)lapi_opt_int_field(L, 4, "size", 64, 0, 65507, "udp_echo_client");
	o.interval_ns = lapi_opt_duration_field(L, 4, "interval", NS_PER_S, "udp_echo_client");
	o.start_ns = lapi_opt_duration_field(L, 4, "start", w->now_ns, "udp_echo_client");
	o.timeout_ns = lapi_opt_duration_field(L, 4, "timeout", NS_PER_S, "udp_echo_client");
	o.sport = (uint16_t)lapi_opt_int_field(L, 4, "sport", 0, 0, 65535, "udp_echo_client");
	if (o.start_ns < w->now_ns) {
		char a[32], b[32];
		units_format_duration(o.start_ns, a, sizeof a);
		units_format_duration(w->now_ns, b, sizeof b);
		return luaL_error(L, "udp_echo_client: start %s is in the past (now is %s): start "
				  "is an absolute time, like at()'s", a, b);
	}
	struct proc *p = udp_echo_client_start(n, &o);
	if (!p)
		return luaL_error(L, "udp_echo_client: %s", world_error(w));
	track(L, p);
	return 1;
}

/* ---- the class ------------------------------------------------------------ */

/* The counters of a DNS or HTTP server (the numbers dnsmasq's SIGUSR1 dump
 * and nginx's stub_status give); false when k is none of them. */
static bool push_server_field(lua_State *L, const struct proc *p, const char *k)
{
	const struct dns_server_stats *ds = dns_server_stats(p);
	if (ds) {
		static const struct { const char *k; size_t off; } f[] = {
			{ "queries", offsetof(struct dns_server_stats, queries) },
			{ "authoritative", offsetof(struct dns_server_stats, authoritative) },
			{ "cache_hits", offsetof(struct dns_server_stats, cache_hits) },
			{ "forwarded", offsetof(struct dns_server_stats, forwarded) },
			{ "servfail", offsetof(struct dns_server_stats, servfail) },
			{ "refused", offsetof(struct dns_server_stats, refused) },
			{ "cache_entries", offsetof(struct dns_server_stats, cache_entries) },
			{ "tcp_connections", offsetof(struct dns_server_stats, tcp_connections) },
		};
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
			if (strcmp(k, f[i].k) == 0) {
				uint64_t v;
				memcpy(&v, (const char *)ds + f[i].off, sizeof v);
				lua_pushinteger(L, (lua_Integer)v);
				return true;
			}
		}
		return false;
	}
	const struct http_server_stats *hs = http_server_stats(p);
	if (hs && strcmp(k, "requests") == 0)
		lua_pushinteger(L, hs->requests);
	else if (hs && strcmp(k, "connections") == 0)
		lua_pushinteger(L, hs->connections);
	else
		return false;
	return true;
}

static int proc_index(lua_State *L)
{
	struct proc *p = lapi_check_proc(L, 1);
	const char *k = luaL_checkstring(L, 2);
	const struct ping_stats *ps = ping_stats(p);
	const struct udp_echo_stats *us = ps ? NULL : udp_echo_stats(p);
	if (strcmp(k, "running") == 0) {
		lua_pushboolean(L, p->running);
	} else if (strcmp(k, "exit_code") == 0) {
		if (p->running)
			lua_pushnil(L);
		else
			lua_pushinteger(L, p->exit_code);
	} else if (strcmp(k, "output") == 0) {
		lua_pushlstring(L, p->out, p->out_len);
	} else if (strcmp(k, "pid") == 0) {
		lua_pushinteger(L, p->pid);
	} else if (strcmp(k, "name") == 0) {
		lua_pushstring(L, p->ops->name);
	} else if (strcmp(k, "node") == 0) {
		lapi_push_node(L, p->node);
	} else if (ps && strcmp(k, "transmitted") == 0) {
		lua_pushinteger(L, ps->transmitted);
	} else if (ps && strcmp(k, "received") == 0) {
		lua_pushinteger(L, ps->received);
	} else if (ps && strcmp(k, "errors") == 0) {
		lua_pushinteger(L, ps->errors);
	} else if (us && strcmp(k, "sent") == 0) {
		lua_pushinteger(L, us->sent);
	} else if (us && strcmp(k, "received") == 0) {
		lua_pushinteger(L, us->received);
	} else if (us && strcmp(k, "echoed") == 0) {
		lua_pushinteger(L, us->echoed);
	} else if (us && strcmp(k, "errors") == 0) {
		lua_pushinteger(L, us->errors);
	} else if (push_server_field(L, p, k)) {
		/* pushed */
	} else {
		return lapi_push_method(L, LAPI_PROC_MT, k);
	}
	return 1;
}

static int proc_tostring(lua_State *L)
{
	struct lapi_proc *h = lapi_check_handle(L, 1, LAPI_PROC_MT, "process");
	struct node *n = lapi_node_from_id(lapi_scenario(L), &h->node);
	lua_pushfstring(L, "process %s (pid %d) on %s%s", h->name, h->pid, h->node.name,
			n && find_pid(n, h->pid) ? "" : " (deleted)");
	return 1;
}

static int proc_eq(lua_State *L)
{
	struct lapi_proc *a = luaL_testudata(L, 1, LAPI_PROC_MT);
	struct lapi_proc *b = luaL_testudata(L, 2, LAPI_PROC_MT);
	lua_pushboolean(L, a && b && a->pid == b->pid);   /* pids are unique in a world */
	return 1;
}

static const luaL_Reg proc_methods[] = {
	{ "wait", proc_wait },
	{ "kill", proc_kill_m },
	{ NULL, NULL },
};

void lapi_open_proc(lua_State *L)
{
	lapi_new_class(L, LAPI_PROC_MT, proc_methods, proc_index, proc_tostring, proc_eq);
}
