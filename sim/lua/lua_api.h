/* lua_api.h — running a Lua scenario against a world.
 *
 * This is the Lua binding's face towards its callers (the CLI, later the
 * TUI).  The dependency points one way: CLI -> binding -> {sandbox, engine}.
 * The engine knows nothing of Lua; the binding is a client of the engine's
 * public headers, exactly as a C program driving the engine would be.
 *
 * A scenario is a Lua 5.4 file run in the sandbox (lua_sandbox.h) with the
 * wirelab globals registered (docs/lua-api.md is the manual).  Its main
 * chunk runs as a coroutine started by an event at t = 0, so that it can
 * sleep() and wait() for simulated time to pass; at()/after() start more
 * such coroutines ("tasks").  Every task that has not finished counts in
 * world->busy, as every running foreground process does, and when
 * world->busy falls to zero the binding sets world->stop: the run is over.
 *
 * Lua is only ever entered from an event handler, through lua_pcall or
 * lua_resume, so a Lua error never unwinds through engine frames; an error
 * in any task stops the run (world->stop) and is kept for the caller.
 *
 * Typical use (sim/cli/cli_run.c):
 *
 *   struct world *w = world_new(seed);
 *   struct lua_scenario *s = lua_scenario_new(w, &opts);
 *   if (lua_scenario_load(s, path) == 0) {
 *           lua_scenario_start(s);
 *           world_run(w, until_ns, max_events);
 *   }
 *   ... lua_scenario_status(s), lua_scenario_error(s), checks ...
 *   lua_scenario_free(s);       (before world_free: handles point into w)
 *   world_free(w);
 *
 * A SHELL SCENARIO (FILE.sh, docs/shell-scenarios.md) runs the same way,
 * loaded with lua_scenario_load_shell() instead: its task makes a machine
 * named "host" (lo up) and runs the file's lines on it through the command
 * layer, as `bash -e FILE.sh` would on a real machine; every line is
 * recorded as a check (passed: bash -e would go on), and the first failing
 * line ends the run.
 */
#ifndef WL_LUA_API_H
#define WL_LUA_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct world;
struct lua_scenario;

/* One expect()/expect_eq() as the scenario recorded it. */
struct lua_check {
	const char *where;      /* "scenarios/x.lua:12" */
	const char *message;    /* as written; "expect" / "expect_eq" when none was given */
	const char *got;        /* expect_eq failures only: the values, in Lua syntax */
	const char *expected;   /*   ("5", "\"STALE\"", "nil", "true", "table: #3") */
	bool passed;
	int64_t t_ns;           /* simulated time of the check */
	const char *detail;     /* shell lines: why it failed ("exit status 1: ..."), else NULL */
};

struct lua_scenario_opts {
	uint64_t seed;                  /* math.random's stream is derived from it */
	size_t max_memory_bytes;        /* 0: the sandbox's default (256 MiB) */
	uint64_t max_instructions;      /* 0: the sandbox's default (2e9) */
	/* Called for each print() line, with the simulated time. */
	void (*on_print)(void *ctx, int64_t t_ns, const char *line);
	/* Called for each check as it is recorded; c is valid during the call only
	 * (and, for lua_scenario_checks(), until lua_scenario_free). */
	void (*on_check)(void *ctx, const struct lua_check *c);
	/* Shell lines (node:sh, sh_block, shell scenarios): the line as typed
	 * (a continued line holds its physical lines, joined by '\n'), before
	 * it runs, on the node named; then, after each command, what it
	 * printed, exactly as a terminal would show it (len bytes, not
	 * NUL-terminated as far as the callee knows). */
	void (*on_command)(void *ctx, int64_t t_ns, const char *node, const char *line);
	void (*on_output)(void *ctx, int64_t t_ns, const char *node, bool is_stderr,
			  const char *text, size_t len);
	void *ctx;
};

enum lua_scenario_status {
	LSS_NEW = 0,     /* created; nothing loaded */
	LSS_LOADED,      /* compiled; not started */
	LSS_RUNNING,     /* started; tasks remain */
	LSS_DONE,        /* every task finished and no foreground process is left */
	LSS_ERROR,       /* a syntax or runtime error: see lua_scenario_error() */
	LSS_LIMIT,       /* the memory or instruction limit stopped it */
};

/* A scenario bound to w (which it does not own).  Never NULL: a sandbox
 * that cannot even be built is an exhausted machine and aborts. */
struct lua_scenario *lua_scenario_new(struct world *w, const struct lua_scenario_opts *o);
/* Closes the Lua state.  Call before world_free(). */
void lua_scenario_free(struct lua_scenario *s);

/* Compile the file at path (shown in messages as given).  0, or -1 with
 * the status LSS_ERROR (syntax error, unreadable file) or LSS_LIMIT and a
 * message "file:line: ..." in lua_scenario_error(). */
int lua_scenario_load(struct lua_scenario *s, const char *path);

/* Read the shell scenario at path: 0, or -1 with LSS_ERROR and "cannot
 * open ..." in lua_scenario_error().  Lines are only parsed as they run,
 * as bash does. */
int lua_scenario_load_shell(struct lua_scenario *s, const char *path);

/* Schedule the main chunk at the current time (t = 0 for a new world) and
 * count it in world->busy.  The world's event loop then runs it. */
void lua_scenario_start(struct lua_scenario *s);

enum lua_scenario_status lua_scenario_status(const struct lua_scenario *s);
/* The error or limit message ("file:line: message"), or NULL. */
const char *lua_scenario_error(const struct lua_scenario *s);
/* Tasks (main chunk, at/after functions) not finished yet. */
int lua_scenario_tasks(const struct lua_scenario *s);

/* Every check recorded so far, in the order recorded. */
const struct lua_check *lua_scenario_checks(const struct lua_scenario *s, size_t *n,
					    size_t *passed, size_t *failed);

#endif
