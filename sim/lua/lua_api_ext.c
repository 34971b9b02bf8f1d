/* lua_api_ext.c — commands written in Lua, typed like any other command.
 *
 * Some commands wirelab ships are Lua modules, because reading how they are
 * built is the lesson: `docker` is lib/docker.lua, which builds Docker's
 * networks out of `ip netns`, veth pairs, a bridge, routes, sysctls and
 * iptables, one command line at a time.  A learner types `docker run -d
 * --name web -p 8080:80 nginx` in a shell scenario, in n:sh(), or at the TUI
 * prompt; all three go through the command layer, which has no Lua.  So
 * this file registers each such command with the command layer as an
 * extension command (cmd/cmd_ext.c: a C callback and a context pointer),
 * when the scenario's Lua state is made, and removes them when it is freed.
 *
 * THE CALL.  The callback runs, under lua_pcall on the scenario's main
 * thread, `require(MODULE).command(node, args, sys)`: node is a handle on
 * the node the command was typed into, args its words after the command's
 * name, sys a few things only C can do: sys.has_command(name) (would a line
 * find it?) and sys.tcp_proxy(node, ip, port, to_ip, to_port), which starts
 * docker-proxy (proc/tcp_proxy.h) and returns its process.  The
 * Lua function returns a table:
 *
 *   { out = "...", err = "...", status = N,
 *     exec = { node = n, argv = {...}, detach = bool, container = ID } }
 *
 * out and err are what the command prints, status its exit status.  exec,
 * when present, asks for argv to be run in node n after the Lua function
 * has returned, through the command layer (cmd_exec_argv), as `docker exec`
 * and `docker run IMAGE CMD` need: a command that takes simulated time (a
 * ping) then leaves its process in the foreground and the line waits for
 * it, which Lua could not do here (this call cannot yield).  With detach
 * the process is made a daemon instead (`docker run -d`): the line goes on
 * and the process does not keep the run alive.  With container, the module
 * hears what became of the command: `started(ID, process or nil, status)`.
 *
 * A Lua error in the module is reported as the command's own failure
 * ("wirelab: docker: lib/docker.lua:12: ...", status 125), never raised
 * into the line that ran it.  The commands the module runs itself (its `ip
 * link add ...` lines) go to the trace as "cmd" records of the Docker host,
 * as any n:sh() line does, but not to the terminal: a real `docker run`
 * prints only the container's id.
 */
#include "lua/lua_api_int.h"

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/node.h"
#include "proc/proc.h"
#include "proc/tcp_proxy.h"
#include "util/die.h"
#include "util/strbuf.h"

/* The commands and the modules that implement them. */
static const struct lapi_ext_cmd {
	const char *cmd;
	const char *module;
	const char *what;
} ext_cmds[] = {
	{ "docker", "docker", "run containers: none, host and bridge networks, -p (lib/docker.lua)" },
};

#define N_EXT (sizeof ext_cmds / sizeof ext_cmds[0])

/* Registry key: the sandbox's own require, taken before the scenario runs
 * (a scenario may assign the global `require`; the command must not care). */
static const char require_key = 'R';

struct ext_call {
	struct lua_scenario *s;
	struct cmd_ctx *c;
	const struct lapi_ext_cmd *def;
	/* the answer */
	int status;
	struct node *exec_node;
	char **exec_argv;               /* malloc'd, NULL-terminated */
	int exec_argc;
	bool detach;
	char *container;                /* for started(); malloc'd */
	/* started(): what the exec gave */
	struct proc *proc;
	int exec_status;
};

static void call_free(struct ext_call *k)
{
	for (int i = 0; i < k->exec_argc; i++)
		free(k->exec_argv[i]);
	free(k->exec_argv);
	free(k->container);
	k->exec_argv = NULL;
	k->exec_argc = 0;
	k->container = NULL;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = wl_calloc(1, n);
	memcpy(d, s, n);
	return d;
}

/* sys.has_command(name): would a line find this command? */
static int sys_has_command(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_pushboolean(L, cmd_lookup(lapi_world(L), name) != NULL);
	return 1;
}

/* sys.tcp_proxy(node, listen_ip, port, to_ip, to_port) -> process, or nil
 * and the reason ("Address already in use"): docker-proxy
 * (proc/tcp_proxy.h), a program only C can run. */
static int sys_tcp_proxy(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	uint32_t la = lapi_check_ipv4(L, 2);
	lua_Integer port = luaL_checkinteger(L, 3);
	uint32_t ta = lapi_check_ipv4(L, 4);
	lua_Integer to_port = luaL_checkinteger(L, 5);
	luaL_argcheck(L, port >= 1 && port <= 65535, 3, "a port is 1 to 65535");
	luaL_argcheck(L, to_port >= 1 && to_port <= 65535, 5, "a port is 1 to 65535");
	struct proc *p = tcp_proxy_start(n, la, (uint16_t)port, ta, (uint16_t)to_port);
	if (!p) {
		lua_pushnil(L);
		lua_pushstring(L, world_error(n->w));
		return 2;
	}
	lapi_push_proc(L, p);
	return 1;
}

/* Push require(module) of the call. */
static void push_module(lua_State *L, const struct ext_call *k)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &require_key);
	lua_pushstring(L, k->def->module);
	lua_call(L, 1, 1);
	if (!lua_istable(L, -1))
		luaL_error(L, "module '%s' did not return a table", k->def->module);
}

/* Read the string field key of the table at idx into to. */
static void field_text(lua_State *L, int idx, const char *key, struct strbuf *to)
{
	lua_getfield(L, idx, key);
	if (!lua_isnil(L, -1)) {
		size_t n;
		const char *t = lua_tolstring(L, -1, &n);
		if (!t)
			luaL_error(L, "command result: %s must be a string, got %s", key,
				   luaL_typename(L, -1));
		sb_append(to, t, n);
	}
	lua_pop(L, 1);
}

static void read_exec(lua_State *L, int idx, struct ext_call *k)
{
	lua_getfield(L, idx, "node");
	k->exec_node = lapi_check_node(L, lua_gettop(L));
	lua_pop(L, 1);
	lua_getfield(L, idx, "argv");
	luaL_checktype(L, -1, LUA_TTABLE);
	lua_Integer n = luaL_len(L, -1);
	if (n < 1 || n > 4096)
		luaL_error(L, "command result: exec.argv must hold 1 to 4096 words");
	k->exec_argv = wl_calloc((size_t)n + 1, sizeof *k->exec_argv);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_geti(L, -1, i);
		const char *w = lua_tostring(L, -1);
		if (!w)
			luaL_error(L, "command result: exec.argv[%d] is not a string", (int)i);
		k->exec_argv[k->exec_argc++] = xstrdup(w);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	lua_getfield(L, idx, "detach");
	k->detach = lua_toboolean(L, -1);
	lua_pop(L, 1);
	lua_getfield(L, idx, "container");
	if (lua_type(L, -1) == LUA_TSTRING)
		k->container = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
}

/* Under lua_pcall: require(module).command(node, args, sys). */
static int ext_command(lua_State *L)
{
	struct ext_call *k = lua_touserdata(L, 1);
	struct cmd_ctx *c = k->c;
	push_module(L, k);
	lua_getfield(L, -1, "command");
	if (!lua_isfunction(L, -1))
		return luaL_error(L, "module '%s' has no function command()", k->def->module);
	lapi_push_node(L, c->node);
	lua_createtable(L, c->argc > 1 ? c->argc - 1 : 0, 0);
	for (int i = 1; i < c->argc; i++) {
		lua_pushstring(L, c->argv[i]);
		lua_rawseti(L, -2, i);
	}
	lua_createtable(L, 0, 2);
	lua_pushcfunction(L, sys_has_command);
	lua_setfield(L, -2, "has_command");
	lua_pushcfunction(L, sys_tcp_proxy);
	lua_setfield(L, -2, "tcp_proxy");
	lua_call(L, 3, 1);
	int r = lua_gettop(L);
	if (!lua_istable(L, r))
		return luaL_error(L, "%s.command() must return a table {out=, err=, status=}, got %s",
				  k->def->module, luaL_typename(L, r));
	field_text(L, r, "out", c->out);
	field_text(L, r, "err", c->err);
	lua_getfield(L, r, "status");
	k->status = (int)luaL_optinteger(L, -1, 0);
	lua_pop(L, 1);
	lua_getfield(L, r, "exec");
	if (lua_istable(L, -1))
		read_exec(L, lua_gettop(L), k);
	return 0;
}

/* Under lua_pcall: require(module).started(container, proc|nil, status). */
static int ext_started(lua_State *L)
{
	struct ext_call *k = lua_touserdata(L, 1);
	push_module(L, k);
	lua_getfield(L, -1, "started");
	if (!lua_isfunction(L, -1))
		return 0;
	lua_pushstring(L, k->container);
	if (k->proc)
		lapi_push_proc(L, k->proc);
	else
		lua_pushnil(L);
	lua_pushinteger(L, k->exec_status);
	lua_call(L, 3, 0);
	return 0;
}

/* Run fn under lua_pcall on the main thread, with the terminal echo of the
 * module's own command lines turned off.  False on a Lua error, which is
 * then printed as the command's failure. */
static bool protected(struct ext_call *k, lua_CFunction fn)
{
	struct lua_scenario *s = k->s;
	lua_State *L = s->L;
	int top = lua_gettop(L);
	void (*on_command)(void *, int64_t, const char *, const char *) = s->o.on_command;
	void (*on_output)(void *, int64_t, const char *, bool, const char *, size_t) =
		s->o.on_output;
	s->o.on_command = NULL;
	s->o.on_output = NULL;
	lua_pushcfunction(L, fn);
	lua_pushlightuserdata(L, k);
	int rc = lua_pcall(L, 1, 0, 0);
	s->o.on_command = on_command;
	s->o.on_output = on_output;
	if (rc != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		sb_printf(k->c->err, "wirelab: %s: %s\n", k->def->cmd,
			  msg ? msg : "error (not a string)");
	}
	lua_settop(L, top);
	return rc == LUA_OK;
}

static int ext_run(void *ctx, struct cmd_ctx *c)
{
	struct lua_scenario *s = ctx;
	const struct lapi_ext_cmd *def = NULL;
	for (size_t i = 0; i < N_EXT; i++)
		if (strcmp(ext_cmds[i].cmd, c->argv[0]) == 0)
			def = &ext_cmds[i];
	WL_ASSERT(def != NULL, "extension command %s is not ours", c->argv[0]);
	if (s->status == LSS_ERROR || s->status == LSS_LIMIT) {
		sb_printf(c->err, "wirelab: %s: unavailable: the scenario's Lua state has stopped "
			  "(%s)\n", def->cmd, s->error ? s->error : "error");
		return 126;
	}
	struct ext_call k = { .s = s, .c = c, .def = def };
	if (!protected(&k, ext_command)) {
		call_free(&k);
		return 125;
	}
	int st = k.status;
	if (k.exec_node && k.detach) {
		/* `docker run -d IMAGE CMD`: CMD's output is the container's log,
		 * not the terminal's; what the terminal shows is the module's. */
		struct strbuf out = { 0 }, err = { 0 };
		struct cmd_ctx sub = *c;
		sub.out = &out;
		sub.err = &err;
		sub.proc = NULL;
		k.exec_status = cmd_exec_argv(&sub, k.exec_node, k.exec_argc, k.exec_argv);
		k.proc = sub.proc;
		if (k.proc)
			proc_detach(k.proc);
		sb_free(&out);
		sb_free(&err);
		if (k.container && !protected(&k, ext_started))
			st = 125;
	} else if (k.exec_node) {
		st = cmd_exec_argv(c, k.exec_node, k.exec_argc, k.exec_argv);
		k.proc = c->proc;
		k.exec_status = st;
		if (k.container && !protected(&k, ext_started))
			st = 125;
	}
	call_free(&k);
	/* The module's commands may have deleted namespaces (docker rm). */
	lapi_reap_waits(s);
	return st;
}

void lapi_open_ext(lua_State *L)
{
	struct lua_scenario *s = lapi_scenario(L);
	lua_getglobal(L, "require");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &require_key);
	for (size_t i = 0; i < N_EXT; i++)
		if (cmd_ext_register(s->w, ext_cmds[i].cmd, ext_run, s, ext_cmds[i].what) != 0)
			luaL_error(L, "%s", world_error(s->w));
}

void lapi_close_ext(struct lua_scenario *s)
{
	cmd_ext_clear(s->w);
}
