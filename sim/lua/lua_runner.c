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

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "core/trace.h"
#include "core/world.h"
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

/* ---- checks ------------------------------------------------------------- */

void lapi_record_check(struct lua_scenario *s, const char *where, const char *message,
		       bool passed, const char *got, const char *expected)
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
	};
	if (passed)
		s->passed++;
	else
		s->failed++;
	if (s->o.on_check)
		s->o.on_check(s->o.ctx, c);
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
	lapi_open_world(L);
	lapi_open_check(L);
	return 0;
}

struct lua_scenario *lua_scenario_new(struct world *w, const struct lua_scenario_opts *o)
{
	struct lua_scenario *s = wl_calloc(1, sizeof *s);
	s->w = w;
	if (o)
		s->o = *o;
	struct lsb_limits lim = {
		.max_memory_bytes = s->o.max_memory_bytes,
		.max_instructions = s->o.max_instructions,
		.module_dirs = NULL,
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
	lsb_free(s->sb);
	for (size_t i = 0; i < s->n_checks; i++) {
		struct lua_check *c = &s->checks[i];
		free((char *)c->where);
		free((char *)c->message);
		free((char *)c->got);
		free((char *)c->expected);
	}
	free(s->checks);
	free(s->waits);
	free(s->error);
	free(s);
}

int lua_scenario_load(struct lua_scenario *s, const char *path)
{
	if (s->status != LSS_NEW)
		return -1;
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
