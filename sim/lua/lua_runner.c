/* lua_runner.c — a scenario: its sandbox, its tasks, its checks.
 *
 * TASKS.  The main chunk and every function given to at()/after() runs as
 * a coroutine of its own, a "task".  A task is anchored in the registry by
 * a reference (an integer, which is what the event queue carries: ev_call()'s
 * second argument), and listed in a registry table thread -> reference so
 * that sleep() can tell a task from a coroutine the scenario made itself.
 * Such a table is only ever looked up, never iterated, so addresses never
 * decide an order.
 *
 * Every task is resumed by an event handler of this file, through a
 * lua_pcall of a C function that does the lua_resume: nothing Lua raises —
 * not even a memory error while pushing the resume value — escapes into the
 * event loop (STYLE.md: engine-to-Lua callbacks go through lua_pcall).
 *
 * A task that yields has asked for an event that will wake it (sleep) or
 * has listed itself with a process (wait); the yield itself carries nothing.
 *
 * THE END OF A RUN.  Each unfinished task counts one in world->busy, as a
 * running foreground process does (proc.c).  After a task ends, and after
 * a process a scenario started exits, lapi_check_idle() looks at
 * world->busy: at zero nothing the scenario cares about is left, and it
 * sets world->stop.  The stack's own timers (ARP, bridge ageing) do not
 * keep a run alive.
 */
#include "lua/lua_api_int.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <lauxlib.h>

#include "core/trace.h"
#include "core/world.h"
#include "dev/node.h"
#include "lua/lua_libs.h"
#include "lua/lua_sandbox.h"
#include "util/die.h"

/* Registry keys: the addresses of these (their values do not matter). */
static const char scenario_key = 'S';
static const char tasks_key = 'T';

struct lua_scenario *lapi_scenario(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &scenario_key);
	struct lua_scenario *s = lua_touserdata(L, -1);
	lua_pop(L, 1);
	WL_ASSERT(s != NULL, "Lua state without a scenario");
	return s;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = wl_calloc(1, n);
	memcpy(d, s, n);
	return d;
}

/* ---- errors -------------------------------------------------------------- */

/* Keep the first error only: it is the cause, later ones are echoes. */
static void set_error(struct lua_scenario *s, enum lua_scenario_status st, const char *msg)
{
	if (s->status == LSS_ERROR || s->status == LSS_LIMIT)
		return;
	s->status = st;
	free(s->error);
	s->error = xstrdup(msg);
	s->w->stop = true;
}

/* "file:line: " of the innermost Lua line on co's stack (which Lua leaves
 * in place after an error), or "" when there is none. */
static void where_in(lua_State *co, char *buf, size_t len)
{
	lua_Debug ar;
	buf[0] = '\0';
	for (int level = 0; co && lua_getstack(co, level, &ar); level++) {
		if (!lua_getinfo(co, "Sl", &ar) || ar.currentline <= 0)
			continue;
		const char *src = ar.source && ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
		snprintf(buf, len, "%s:%d: ", src, ar.currentline);
		return;
	}
}

/* After Lua reported an error with the error object on top of L: decide
 * whether a limit stopped the scenario and keep the text.  co, when not
 * NULL, is the coroutine that failed (for the line of a memory error,
 * whose message has none). */
static void fail_from(struct lua_scenario *s, lua_State *L, lua_State *co)
{
	enum lsb_limit lim = lsb_limit_hit(s->sb);
	char where[300], buf[700];
	where_in(co, where, sizeof where);
	if (lim == LSB_MEMORY) {
		snprintf(buf, sizeof buf, "%s%s", where, lsb_limit_message(s->sb, lim));
		set_error(s, LSS_LIMIT, buf);
		return;
	}
	const char *msg = NULL;
	if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER)
		msg = lua_tostring(L, -1);
	if (!msg) {
		/* error({...}) or error(nil): say what it was without calling
		 * metamethods (we may be outside any protected call here). */
		snprintf(buf, sizeof buf, "%s(error object is a %s value)", where,
			 luaL_typename(L, -1));
		msg = buf;
	}
	set_error(s, lim == LSB_INSTRUCTIONS ? LSS_LIMIT : LSS_ERROR, msg);
}

/* ---- node identity --------------------------------------------------------
 *
 * Every node gets a serial when it is made (we hear of it through the trace
 * stream's "node add" record, emitted by node_new() for nodes made by a
 * command as much as for host()).  A node that existed before the scenario
 * subscribed gets one when its first handle is made. */

static size_t serial_slot(const struct lapi_serials *t, uintptr_t key)
{
	uint64_t h = (uint64_t)key * UINT64_C(0x9e3779b97f4a7c15);
	size_t i = (size_t)(h >> 17) & (t->cap - 1);
	while (t->keys[i] && t->keys[i] != key)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static void serial_grow(struct lapi_serials *t)
{
	struct lapi_serials old = *t;
	t->cap = old.cap ? 2 * old.cap : 64;
	t->keys = wl_calloc(t->cap, sizeof *t->keys);
	t->vals = wl_calloc(t->cap, sizeof *t->vals);
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.keys[i])
			continue;
		size_t j = serial_slot(t, old.keys[i]);
		t->keys[j] = old.keys[i];
		t->vals[j] = old.vals[i];
	}
	free(old.keys);
	free(old.vals);
}

/* The serial recorded for n; a new one when fresh (or none yet). */
static uint64_t serial_of(struct lua_scenario *s, const struct node *n, bool fresh)
{
	struct lapi_serials *t = &s->serials;
	if (2 * (t->n + 1) > t->cap)
		serial_grow(t);
	size_t i = serial_slot(t, (uintptr_t)n);
	if (!t->keys[i]) {
		t->keys[i] = (uintptr_t)n;
		t->n++;
		fresh = true;
	}
	if (fresh)
		t->vals[i] = ++t->next;
	return t->vals[i];
}

static void on_trace_table(void *ctx, const struct trace_rec *r)
{
	/* Called inside engine frames: plain C only, no Lua. */
	if (r->node && r->table && r->what && strcmp(r->table, "node") == 0 &&
	    strcmp(r->what, "add") == 0)
		serial_of(ctx, r->node, true);
}

void lapi_node_id_of(struct lua_scenario *s, struct node *n, struct lapi_node_id *id)
{
	id->n = n;
	id->serial = serial_of(s, n, false);
	id->hint = n->index;
	snprintf(id->name, sizeof id->name, "%s", n->name);
}

struct node *lapi_node_from_id(struct lua_scenario *s, struct lapi_node_id *id)
{
	struct world *w = s->w;
	bool found = id->hint >= 0 && (size_t)id->hint < w->n_nodes &&
		     w->nodes[id->hint] == id->n;
	for (size_t i = 0; !found && i < w->n_nodes; i++) {
		if (w->nodes[i] == id->n) {
			found = true;
			id->hint = (int)i;
		}
	}
	if (!found)
		return NULL;
	/* Alive; but is it the node the handle was made for? */
	if (serial_of(s, id->n, false) != id->serial)
		return NULL;
	return id->n;
}

/* ---- checks ------------------------------------------------------------- */

static void record_check(struct lua_scenario *s, const char *where, const char *message,
			 bool passed, const char *got, const char *expected, const char *detail)
{
	if (s->n_checks == s->cap_checks) {
		s->cap_checks = s->cap_checks ? 2 * s->cap_checks : 16;
		s->checks = wl_realloc(s->checks, s->cap_checks * sizeof *s->checks);
	}
	struct lua_check *c = &s->checks[s->n_checks++];
	*c = (struct lua_check){
		.where = xstrdup(where), .message = xstrdup(message),
		.got = got ? xstrdup(got) : NULL, .expected = expected ? xstrdup(expected) : NULL,
		.passed = passed, .t_ns = s->w->now_ns,
		.detail = detail ? xstrdup(detail) : NULL,
	};
	if (passed)
		s->passed++;
	else
		s->failed++;
	if (s->o.on_check)
		s->o.on_check(s->o.ctx, c);
}

void lapi_record_check(struct lua_scenario *s, const char *where, const char *message,
		       bool passed, const char *got, const char *expected)
{
	record_check(s, where, message, passed, got, expected, NULL);
}

void lapi_record_check_detail(struct lua_scenario *s, const char *where, const char *message,
			      bool passed, const char *detail)
{
	record_check(s, where, message, passed, NULL, NULL, detail);
}

const struct lua_check *lua_scenario_checks(const struct lua_scenario *s, size_t *n,
					    size_t *passed, size_t *failed)
{
	if (n)
		*n = s->n_checks;
	if (passed)
		*passed = s->passed;
	if (failed)
		*failed = s->failed;
	return s->checks;
}

/* ---- tasks --------------------------------------------------------------- */

void lapi_check_idle(struct lua_scenario *s)
{
	if (s->status == LSS_RUNNING && s->tasks == 0 && s->w->busy <= 0) {
		s->status = LSS_DONE;
		s->w->stop = true;
	}
}

static void task_finished(struct lua_scenario *s, lua_State *L, lua_State *co, int ref)
{
	/* Forget the task: tasks[co] = nil, then the anchor. */
	lua_rawgetp(L, LUA_REGISTRYINDEX, &tasks_key);
	lua_pushthread(co);
	lua_xmove(co, L, 1);
	lua_pushnil(L);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	luaL_unref(L, LUA_REGISTRYINDEX, ref);
	s->tasks--;
	s->w->busy--;
}

struct resume_args {
	struct lua_scenario *s;
	int ref;
	bool has_value;
	int64_t value;
};

/* Runs inside lua_pcall on the main thread. */
static int resume_protected(lua_State *L)
{
	struct resume_args *a = lua_touserdata(L, 1);
	struct lua_scenario *s = a->s;
	lua_rawgeti(L, LUA_REGISTRYINDEX, a->ref);
	lua_State *co = lua_tothread(L, -1);
	WL_ASSERT(co != NULL, "task %d is not a thread", a->ref);
	int nargs = 0;
	if (a->has_value) {
		lua_pushinteger(co, (lua_Integer)a->value);
		nargs = 1;
	}
	int nres = 0;
	s->parked = false;
	int st = lua_resume(co, L, nargs, &nres);
	if (st == LUA_YIELD && !s->parked) {
		/* A bare coroutine.yield() in a task: nothing would ever wake it. */
		char where[300], msg[600];
		where_in(co, where, sizeof where);
		snprintf(msg, sizeof msg, "%scoroutine.yield() in the main chunk or in a function "
			 "run by at()/after(): use sleep() or p:wait() to let time pass", where);
		set_error(s, LSS_ERROR, msg);
		lua_pop(co, nres);
	} else if (st == LUA_YIELD) {
		lua_pop(co, nres);
	} else if (st == LUA_OK) {
		lua_pop(co, nres);
		task_finished(s, L, co, a->ref);
		lapi_check_idle(s);
	} else {
		lua_xmove(co, L, 1);
		fail_from(s, L, co);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);  /* the thread */
	return 0;
}

void lapi_task_resume(struct lua_scenario *s, int ref, bool has_value, int64_t value)
{
	if (s->status != LSS_RUNNING)
		return;         /* stopped by an error: leave the others asleep */
	lua_State *L = s->L;
	struct resume_args a = { s, ref, has_value, value };
	lua_pushcfunction(L, resume_protected);
	lua_pushlightuserdata(L, &a);
	int st = lua_pcall(L, 1, 0, 0);
	if (st != LUA_OK) {
		fail_from(s, L, NULL);
		lua_pop(L, 1);
	}
}

static void wake_fire(struct world *w, void *a, void *b)
{
	(void)w;
	lapi_task_resume(a, (int)(intptr_t)b, false, 0);
}

void lapi_task_wake_at(struct lua_scenario *s, int ref, int64_t at_ns)
{
	ev_call(s->w, at_ns, wake_fire, s, (void *)(intptr_t)ref);
}

/* The function at idx becomes a new task (L: any thread of the state). */
static int task_new(lua_State *L, int idx)
{
	struct lua_scenario *s = lapi_scenario(L);
	idx = lua_absindex(L, idx);
	lua_State *co = lua_newthread(L);   /* copies the sandbox's count hook */
	lua_pushvalue(L, idx);
	lua_xmove(L, co, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &tasks_key);
	lua_pushvalue(L, -2);               /* the thread */
	lua_pushvalue(L, -1);
	int ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pushinteger(L, ref);
	lua_rawset(L, -3);                  /* tasks[thread] = ref */
	lua_pop(L, 2);                      /* tasks table, thread */
	s->tasks++;
	s->w->busy++;
	return ref;
}

void lapi_task_spawn(lua_State *L, int idx, int64_t at_ns)
{
	struct lua_scenario *s = lapi_scenario(L);
	int ref = task_new(L, idx);
	lapi_task_wake_at(s, ref, at_ns);
}

int lapi_task_self(lua_State *L, const char *fn)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &tasks_key);
	lua_pushthread(L);
	lua_rawget(L, -2);
	int isnum = 0;
	lua_Integer ref = lua_tointegerx(L, -1, &isnum);
	lua_pop(L, 2);
	if (!isnum)
		luaL_error(L, "%s() can only wait in the scenario's main chunk or in a function "
			   "run by at() or after(), not inside a coroutine the scenario created", fn);
	if (!lua_isyieldable(L))
		luaL_error(L, "%s() cannot wait here: it is called from a function that cannot "
			   "pause (a metamethod, a table.sort comparator, a string.gsub callback...)",
			   fn);
	lapi_scenario(L)->parked = true;
	return (int)ref;
}

/* ---- the scenario ------------------------------------------------------- */

static void on_print(void *ctx, const char *line)
{
	struct lua_scenario *s = ctx;
	if (s->o.on_print)
		s->o.on_print(s->o.ctx, s->w->now_ns, line);
	/* The scenario is no node: this record is the one TR_LOG without a
	 * node (the event log writes "node":""). */
	if (trace_wants(s->w, TR_LOG)) {
		struct trace_rec r = { .kind = TR_LOG, .t_ns = s->w->now_ns, .node = NULL,
				       .what = "print", .text = line };
		trace_emit(s->w, &r);
	}
}

static uint64_t next_random(void *ctx)
{
	return rng_u64(&((struct lua_scenario *)ctx)->rng);
}

static int open_all(lua_State *L)
{
	struct lua_scenario *s = lua_touserdata(L, 1);
	lua_pushlightuserdata(L, s);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &scenario_key);
	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &tasks_key);
	lapi_open_node(L);
	lapi_open_dev(L);
	lapi_open_link(L);
	lapi_open_proc(L);
	lapi_open_sh(L);
	lapi_open_world(L);
	lapi_open_check(L);
	lapi_open_ext(L);
	return 0;
}

struct lua_scenario *lua_scenario_new(struct world *w, const struct lua_scenario_opts *o)
{
	struct lua_scenario *s = wl_calloc(1, sizeof *s);
	s->w = w;
	if (o)
		s->o = *o;
	s->trace_handle = trace_subscribe(w, TR_MASK(TR_TABLE), on_trace_table, s);
	WL_ASSERT(s->trace_handle >= 0, "no trace slot left for the Lua binding");
	struct lsb_limits lim = {
		.max_memory_bytes = s->o.max_memory_bytes,
		.max_instructions = s->o.max_instructions,
		.module_dirs = NULL,
		.builtins = wl_lua_libs,        /* lib/NAME.lua: require "docker" */
	};
	s->sb = lsb_new(&lim);
	WL_ASSERT(s->sb != NULL, "cannot build the Lua sandbox (memory limit too small?)");
	s->L = lsb_state(s->sb);
	/* math.random gets a stream of its own, derived from the seed, so a
	 * scenario that draws numbers does not shift the engine's choices. */
	rng_seed(&s->rng, s->o.seed ^ UINT64_C(0x6c75612072616e64));
	lsb_set_random(s->sb, next_random, s);
	lsb_set_print(s->sb, on_print, s);
	lua_pushcfunction(s->L, open_all);
	lua_pushlightuserdata(s->L, s);
	if (lua_pcall(s->L, 1, 0, 0) != LUA_OK) {
		fail_from(s, s->L, NULL);
		lua_pop(s->L, 1);
	}
	return s;
}

void lua_scenario_free(struct lua_scenario *s)
{
	if (!s)
		return;
	lapi_close_ext(s);     /* the command layer must not call into a closed state */
	lsb_free(s->sb);       /* first: finalizers of handles and sh jobs run here */
	if (s->trace_handle >= 0)
		trace_unsubscribe(s->w, s->trace_handle);
	for (size_t i = 0; i < s->n_checks; i++) {
		struct lua_check *c = &s->checks[i];
		free((char *)c->where);
		free((char *)c->message);
		free((char *)c->got);
		free((char *)c->expected);
		free((char *)c->detail);
	}
	free(s->checks);
	free(s->waits);
	free(s->exits);
	free(s->serials.keys);
	free(s->serials.vals);
	free(s->error);
	free(s->path);
	free(s->shell_text);
	free(s);
}

int lua_scenario_load(struct lua_scenario *s, const char *path)
{
	if (s->status != LSS_NEW)
		return -1;
	free(s->path);
	s->path = xstrdup(path);
	int st = lsb_load_file(s->sb, path, path);
	if (st != LUA_OK) {
		/* "x.lua:3: '=' expected near 'y'", "cannot open x.lua: ..." */
		fail_from(s, s->L, NULL);
		lua_pop(s->L, 1);
		return -1;
	}
	/* The compiled chunk stays on the main stack until start(). */
	s->status = LSS_LOADED;
	return 0;
}

/* The whole file, or NULL with a message in err.  Only regular files,
 * at most 16 MiB (a shell scenario is a page of commands). */
char *lapi_read_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot open %s: not a regular file", path);
		fclose(f);
		return NULL;
	}
	if (st.st_size > (16 << 20)) {
		snprintf(err, errlen, "cannot read %s: larger than 16 MiB", path);
		fclose(f);
		return NULL;
	}
	size_t n = (size_t)st.st_size;
	char *buf = wl_calloc(1, n + 1);
	size_t got = fread(buf, 1, n, f);
	fclose(f);
	buf[got] = '\0';
	if (memchr(buf, '\0', got)) {
		snprintf(err, errlen, "cannot read %s: it holds NUL bytes (not a text file)", path);
		free(buf);
		return NULL;
	}
	return buf;
}

static int push_shell_main(lua_State *L)
{
	lua_pushcfunction(L, lapi_shell_main);
	return 1;
}

int lua_scenario_load_shell(struct lua_scenario *s, const char *path)
{
	if (s->status != LSS_NEW)
		return -1;
	char err[600];
	free(s->path);
	s->path = xstrdup(path);
	s->shell_text = lapi_read_file(path, err, sizeof err);
	if (!s->shell_text) {
		set_error(s, LSS_ERROR, err);
		return -1;
	}
	/* The "chunk" left on the main stack for start() is the C function
	 * that runs the lines (pushed under pcall: pushing may raise). */
	lua_pushcfunction(s->L, push_shell_main);
	if (lua_pcall(s->L, 0, 1, 0) != LUA_OK) {
		fail_from(s, s->L, NULL);
		lua_pop(s->L, 1);
		return -1;
	}
	s->status = LSS_LOADED;
	return 0;
}

static int start_protected(lua_State *L)
{
	lapi_task_spawn(L, 1, lapi_world(L)->now_ns);
	return 0;
}

void lua_scenario_start(struct lua_scenario *s)
{
	if (s->status != LSS_LOADED)
		return;
	lua_State *L = s->L;
	s->status = LSS_RUNNING;
	/* stack: chunk -> start_protected(chunk) */
	lua_pushcfunction(L, start_protected);
	lua_insert(L, -2);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		fail_from(s, L, NULL);
		lua_pop(L, 1);
	}
}

enum lua_scenario_status lua_scenario_status(const struct lua_scenario *s)
{
	return s->status;
}

const char *lua_scenario_error(const struct lua_scenario *s)
{
	return s->error;
}

int lua_scenario_tasks(const struct lua_scenario *s)
{
	return s->tasks;
}
