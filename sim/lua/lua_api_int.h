/* lua_api_int.h — what the files of the Lua binding share (not for callers:
 * they use lua_api.h).
 *
 * The binding follows Lua's own liolib.c: every engine object a scenario
 * holds is a userdata *handle* with a named metatable, checked on every call
 * (lapi_check_node() and friends are liolib's tofile()), one luaL_Reg table
 * of methods per type, fields read through __index, and a clear error for a
 * handle whose object is gone.  Files, one per kind of object:
 *
 *   lua_runner.c     the scenario: sandbox, tasks (coroutines), checks list
 *   lua_api_world.c  globals: host/router/switch/node, time, introspection
 *   lua_api_check.c  expect, expect_eq, checks
 *   lua_api_node.c   the node handle
 *   lua_api_dev.c    the device handle
 *   lua_api_link.c   link() and the link handle
 *   lua_api_proc.c   ping/udp_echo starters and the process handle
 *   lua_api_sh.c     node:sh and shell scripts through the command layer
 *                    (sh_block, sh_file, sh, shell scenarios)
 *   lua_api_dns.c    n:dns_server{...}: zones, forwarding, a public resolver
 *   lua_api_http.c   n:http_server{...}: routes, access log
 *   lua_api_ext.c    commands written in Lua (docker): the command layer's
 *                    extension commands, calling lib/NAME.lua modules
 *   lua_api_util.c   argument readers shared by the above
 *
 * HANDLES SURVIVE DELETION.  Commands free things: `ip netns del` and a
 * reboot free namespaces (nodes), `ip link del` frees devices, and a node
 * takes its processes with it.  So no handle keeps a bare pointer that it
 * dereferences blindly.  A node handle keeps a struct lapi_node_id: the
 * pointer, only ever compared, plus the node's creation serial, which the
 * binding records by listening to the trace stream's "node add" records
 * (every node_new() emits one).  The node still exists when the pointer is
 * among world->nodes and the serial recorded for that pointer is the
 * handle's: a node freed and another made at the same address get
 * different serials.  Device handles add the ifindex, process handles the
 * pid.  A gone object is a clear error: "node red no longer exists".
 *
 * Errors raised from here are luaL_error()s, so they carry the calling
 * Lua line ("scenarios/x.lua:12: ...").  Messages the engine words after a
 * real tool (iproute2's "Error: Nexthop has invalid gateway.") are passed
 * through unchanged.
 */
#ifndef WL_LUA_API_INT_H
#define WL_LUA_API_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#include "core/rng.h"
#include "lua/lua_api.h"

struct world;
struct node;
struct netdev;
struct link;
struct proc;
struct lsb;

#define LAPI_NODE_MT "wirelab.node"
#define LAPI_DEV_MT "wirelab.device"
#define LAPI_LINK_MT "wirelab.link"
#define LAPI_PROC_MT "wirelab.process"

/* Which node: see HANDLES SURVIVE DELETION above. */
struct lapi_node_id {
	struct node *n;                 /* compared, never dereferenced unchecked */
	uint64_t serial;
	int hint;                       /* where it was in world->nodes (a guess) */
	char name[32];                  /* for messages once it is gone */
};

/* A task waiting for process pid (on node `node`) to exit: p:wait(), or
 * node:sh() while a ping or a sleep runs. */
struct lapi_wait {
	int pid;
	int ref;
	struct lapi_node_id node;
	bool reaped;                    /* its node went away: a wake-up is scheduled */
};

/* An exit not yet delivered to the waiting tasks (exited_fire). */
struct lapi_exit {
	int pid;
	int code;
};

/* Open addressing, pointer -> creation serial. */
struct lapi_serials {
	uintptr_t *keys;
	uint64_t *vals;
	size_t cap, n;
	uint64_t next;
};

struct lua_scenario {
	struct world *w;
	struct lsb *sb;
	lua_State *L;                   /* the sandbox's main thread */
	struct lua_scenario_opts o;
	struct rng rng;                 /* math.random's own stream */
	enum lua_scenario_status status;
	char *error;
	int tasks;                      /* unfinished tasks, each counted in w->busy */
	bool parked;                    /* the running task asked to be woken (sleep, wait) */
	struct lua_check *checks;
	size_t n_checks, cap_checks, passed, failed;
	struct lapi_wait *waits;        /* in the order the tasks began waiting */
	size_t n_waits, cap_waits;
	struct lapi_exit *exits;        /* exits on their way to the waiters */
	size_t n_exits, cap_exits;
	struct lapi_serials serials;    /* node creation serials */
	int trace_handle;               /* our "node add" subscription, -1 when none */
	char *path;                     /* the scenario file as given */
	char *shell_text;               /* a shell scenario's file, NULL for Lua */
};

/* The scenario a C function runs for (kept in the registry). */
struct lua_scenario *lapi_scenario(lua_State *L);
static inline struct world *lapi_world(lua_State *L) { return lapi_scenario(L)->w; }

/* ---- tasks (lua_runner.c) ------------------------------------------------ */

/* Start fn (at stack index idx) as a new task at absolute time at_ns. */
void lapi_task_spawn(lua_State *L, int idx, int64_t at_ns);
/* For sleep() and wait(): raises a clear error unless L is a task that can
 * yield here, else returns the task's reference for lapi_task_wake_at(). */
int lapi_task_self(lua_State *L, const char *fn);
/* Resume task `ref` at at_ns (with no values). */
void lapi_task_wake_at(struct lua_scenario *s, int ref, int64_t at_ns);
/* Resume task `ref` now with one integer (wait()'s exit code). */
void lapi_task_resume(struct lua_scenario *s, int ref, bool has_value, int64_t value);
/* Something that may have ended the run happened (a task or a process
 * ended): when nothing keeps the world busy any more, stop it. */
void lapi_check_idle(struct lua_scenario *s);

/* A text file, whole (a shell script): malloc'd, or NULL with a message
 * ("cannot open x.sh: No such file or directory") in err. */
char *lapi_read_file(const char *path, char *err, size_t errlen);

/* ---- waiting for processes (lua_api_proc.c) ------------------------------ */

/* Park the calling task (ref from lapi_task_self) until process p exits;
 * the task is resumed with the exit code, or 143 when p's node is deleted
 * first.  The caller then yields. */
void lapi_wait_for(struct lua_scenario *s, int ref, struct proc *p);
/* After anything that may have freed nodes (a command, a restart): wake the
 * tasks waiting for processes that went with them. */
void lapi_reap_waits(struct lua_scenario *s);

/* ---- node identity (lua_runner.c) -------------------------------------- */

void lapi_node_id_of(struct lua_scenario *s, struct node *n, struct lapi_node_id *id);
/* The node, or NULL when it no longer exists. */
struct node *lapi_node_from_id(struct lua_scenario *s, struct lapi_node_id *id);

/* ---- checks (lua_runner.c) ---------------------------------------------- */

void lapi_record_check(struct lua_scenario *s, const char *where, const char *message,
		       bool passed, const char *got, const char *expected);
/* The same with a detail line (shell scenarios: why a command failed). */
void lapi_record_check_detail(struct lua_scenario *s, const char *where, const char *message,
			      bool passed, const char *detail);

/* ---- registration: each file installs its globals or metatable ---------- */

void lapi_open_world(lua_State *L);
void lapi_open_check(lua_State *L);
void lapi_open_node(lua_State *L);
void lapi_open_dev(lua_State *L);
void lapi_open_link(lua_State *L);
void lapi_open_proc(lua_State *L);
void lapi_open_sh(lua_State *L);
/* Commands written in Lua (lua_api_ext.c): registered with the command
 * layer for the scenario's world; lapi_close_ext() removes them. */
void lapi_open_ext(lua_State *L);
void lapi_close_ext(struct lua_scenario *s);

/* ---- handles ------------------------------------------------------------ */

void lapi_push_node(lua_State *L, struct node *n);
void lapi_push_dev(lua_State *L, struct netdev *dev);
void lapi_push_link(lua_State *L, struct link *l);
void lapi_push_proc(lua_State *L, struct proc *p);

/* A node handle at arg. */
struct node *lapi_check_node(lua_State *L, int arg);
/* A node handle or a node's name ("unknown node" when there is none). */
struct node *lapi_check_node_or_name(lua_State *L, int arg);
/* A device of n given at arg by name or by handle (which must be n's). */
struct netdev *lapi_check_dev_of(lua_State *L, struct node *n, int arg);
struct netdev *lapi_check_dev(lua_State *L, int arg);
struct link *lapi_check_link(lua_State *L, int arg);
struct proc *lapi_check_proc(lua_State *L, int arg);

/* The handle type check behind the four above: the userdata at arg when it
 * has metatable tname, else an error naming what was expected and, for
 * arg 1, reminding that methods are called with ':'. */
void *lapi_check_handle(lua_State *L, int arg, const char *tname, const char *what);

/* Install metatable tname with __index (fields via index_fn, then the
 * methods), a read-only __newindex, __tostring and __eq. */
void lapi_new_class(lua_State *L, const char *tname, const luaL_Reg *methods,
		    lua_CFunction index_fn, lua_CFunction tostring_fn, lua_CFunction eq_fn);
/* For index_fn: push method `key` of the class (nil when none); returns 1. */
int lapi_push_method(lua_State *L, const char *tname, const char *key);

/* ---- node methods defined in lua_api_proc.c and lua_api_sh.c ----------- */

int lapi_node_ping(lua_State *L);
int lapi_node_udp_echo_server(lua_State *L);
int lapi_node_udp_echo_client(lua_State *L);
int lapi_node_dns_server(lua_State *L);   /* lua_api_dns.c */
int lapi_node_http_server(lua_State *L);  /* lua_api_http.c */
int lapi_node_sh(lua_State *L);
int lapi_node_sh_block(lua_State *L);
int lapi_node_sh_file(lua_State *L);

/* The main function of a shell scenario's task (lua_api_sh.c). */
int lapi_shell_main(lua_State *L);

/* ---- argument readers (lua_api_util.c) ---------------------------------- */

/* A duration: a string in units_parse_duration()'s form ("10ms") or a
 * number of seconds (>= 0).  `what` names it in errors ("sleep"). */
int64_t lapi_check_duration(lua_State *L, int arg, const char *what);
/* The same for field `key` of the table at idx; def when absent. */
int64_t lapi_opt_duration_field(lua_State *L, int idx, const char *key, int64_t def,
				const char *fn);
/* An integer field in [min, max]; def when absent. */
lua_Integer lapi_opt_int_field(lua_State *L, int idx, const char *key, lua_Integer def,
			       lua_Integer min, lua_Integer max, const char *fn);
bool lapi_opt_bool_field(lua_State *L, int idx, const char *key, bool def, const char *fn);
/* A string field, or NULL when absent; a non-string is an error. */
const char *lapi_opt_string_field(lua_State *L, int idx, const char *key, const char *fn);
/* An IPv4 address (string) at arg, iproute2's error when bad. */
uint32_t lapi_check_ipv4(lua_State *L, int arg);
/* The options table at idx: nothing to do when it is nil or absent (the
 * lapi_opt_*_field readers then return their defaults), an error when it
 * is not a table, and an error naming the first unknown key (in byte
 * order, so the message is the same on every run) with the known ones. */
void lapi_check_opts(lua_State *L, int idx, const char *fn, const char *const *known);
/* Seconds as Lua sees time: ns / 1e9. */
static inline lua_Number lapi_seconds(int64_t ns) { return (lua_Number)ns / 1e9; }

#endif
