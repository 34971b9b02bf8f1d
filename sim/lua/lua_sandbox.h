/* lua_sandbox.h — a Lua 5.4 state that is safe to hand an untrusted scenario.
 *
 * Learners swap scenario files, so a scenario is untrusted input: it must not
 * reach the host's files or processes, must not run forever or eat the
 * machine's memory, and — because wirelab promises byte-identical runs for the
 * same scenario and seed — must not see anything that changes between runs
 * (the clock, addresses, the per-state string hash seed).  This module builds
 * such a state and nothing else.  It knows nothing of the simulator: the
 * simulator binding (host(), link(), ...) is a client that registers its
 * functions in the state returned by lsb_state().  The dependency points one
 * way only: binding -> sandbox -> Lua.
 *
 * WHAT A SCENARIO SEES
 *   Libraries: base, coroutine, table, string, math, utf8.  Not opened: io, os,
 *   debug, package (and so no C modules and no ffi).
 *   Removed from base: dofile, loadfile (they read any file), next (it exposes
 *   the raw, per-run hash order; use pairs), string.dump (bytecode is not
 *   verified by Lua, so loading it could corrupt memory).
 *   Replaced, same name and calling convention as standard Lua:
 *     print          goes to the callback set with lsb_set_print().
 *     tostring       tables, functions, threads and userdata read
 *                    "table: #12" — a number given in order of first printing —
 *                    instead of an address that changes from run to run.
 *     string.format  "%s" of such a value prints the same "#12" form; "%p"
 *                    (a raw address) is refused.
 *     pairs          visits keys in a fixed order: numbers ascending (integers
 *                    and floats compared by value), then strings (byte order),
 *                    then false, true.  Any other key type is an error, since
 *                    its place in a table differs between runs.  A __pairs
 *                    metamethod is honoured as in Lua 5.4.  The keys are taken
 *                    once, when pairs() is called: keys added during the loop
 *                    are not visited, keys set to nil during it are skipped.
 *     load           text chunks only (the mode argument is forced to "t"); with
 *                    no env argument the chunk sees the scenario's globals.
 *     require        loads only wirelab's own Lua modules (built in, or from
 *                    the configured directories), see lsb_limits.
 *     getmetatable   returns nil for strings, so the string metatable (shared by
 *                    every string) cannot be modified.
 *     setmetatable   refuses a metatable with a __gc field: Lua runs finalizers
 *                    with hooks off, so a looping __gc could never be stopped,
 *                    and it runs at a moment that depends on the collector.
 *     collectgarbage accepts "collect" (default), "step", "count" and
 *                    "isrunning"; "stop", "restart", "incremental",
 *                    "generational" and the tuning options are errors, because
 *                    how memory is managed is the host's business.
 *     math.random    Lua 5.4's semantics exactly (no argument: a float in
 *                    [0,1); (m): an integer in [1,m]; (m,n): in [m,n]; (0): all
 *                    64 bits), unbiased, drawing from lsb_set_random()'s source.
 *     math.randomseed does nothing and returns nothing: the run's seed comes
 *                    from the command line, and a scenario must not reseed it.
 *     table.sort     a stable merge sort.  Lua's quicksort picks a pivot from
 *                    clock() and time() on large unbalanced inputs, so equal
 *                    elements could come out in a different order on each run.
 *     xpcall, coroutine.wrap, coroutine.close  as in Lua, except that once
 *                    the instruction budget is spent they run no more Lua
 *                    code (message handlers, __close handlers of a coroutine
 *                    the limit killed): Lua would run that code with hooks
 *                    off, where an endless loop could not be stopped.
 *     string.rep, table.move  unchanged results, but they charge the
 *                    instruction budget one instruction per copy / element,
 *                    because they loop in C where the count hook cannot see
 *                    (string.rep("", 1e15) would otherwise spin for years).
 *   warn() is kept but prints nothing (the state has no warning function).
 *
 * LIMITS
 *   Memory: every byte Lua allocates is counted; an allocation that would pass
 *   the limit fails and Lua raises "not enough memory" (LUA_ERRMEM).
 *   Instructions: a count hook adds up VM instructions, to within 1000 per
 *   coroutine.  Once the budget is spent the hook raises an error on EVERY
 *   later instruction, in every coroutine, so pcall/xpcall/coroutines cannot
 *   swallow it and carry on; the budget is for the whole life of the state.
 *   Stack: Lua's own limits turn runaway recursion into the errors
 *   "stack overflow" (Lua stack) and "C stack overflow" (nested coroutines,
 *   pcall, metamethods); they are ordinary, catchable errors.
 *
 * NOT PROTECTED AGAINST — see the notes at the end of lua_sandbox.c; chiefly,
 * time spent inside one C library call is not counted as instructions (a
 * pathological string.find pattern can take minutes in a single call).  Run
 * untrusted scenarios under an OS CPU-time limit as well.
 *
 * Errors raised by the replacements above use luaL_error/luaL_argerror at the
 * caller's level, so messages read "scenarios/x.lua:12: message".
 */
#ifndef WL_LUA_SANDBOX_H
#define WL_LUA_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

#include <lua.h>

#define LSB_DEFAULT_MAX_MEMORY_BYTES ((size_t)256 * 1024 * 1024)
#define LSB_DEFAULT_MAX_INSTRUCTIONS ((uint64_t)2000000000)

struct lsb;

struct lsb_limits {
	/* Bytes Lua may hold at once, the state's own bookkeeping included.
	 * 0 means LSB_DEFAULT_MAX_MEMORY_BYTES. */
	size_t max_memory_bytes;
	/* VM instructions for the whole run, coroutines included.
	 * 0 means LSB_DEFAULT_MAX_INSTRUCTIONS. */
	uint64_t max_instructions;
	/* Directories searched by require(), in order; NULL-terminated.  NULL (or
	 * an empty list) means require() finds nothing.  require("a.b") loads
	 * "<dir>/a/b.lua" as text; only names matching
	 * ^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$ are looked up, so
	 * "..", "/" and absolute paths cannot occur.  lsb_new() copies the list. */
	const char *const *module_dirs;
	/* Modules built into the program (wirelab's lib/NAME.lua files, compiled in):
	 * searched before module_dirs, by exact name.  An array ended by an
	 * entry whose name is NULL; NULL for none.  Not copied: the texts must
	 * outlive the state (they are static data). */
	const struct lsb_builtin *builtins;
};

/* One built-in module: require(name) runs text (len bytes, Lua source),
 * and messages name it by path ("lib/docker.lua:12: ..."). */
struct lsb_builtin {
	const char *name;
	const char *path;
	const char *text;
	size_t len;
};

/* Which limit stopped the scenario. */
enum lsb_limit {
	LSB_OK = 0,
	LSB_MEMORY,
	LSB_INSTRUCTIONS,
};

/* Creates a sandboxed state.  lim may be NULL for all defaults.  Returns NULL
 * only when the memory limit is too small to hold the bare libraries. */
struct lsb *lsb_new(const struct lsb_limits *lim);

/* Closes the state and frees everything; NULL is allowed. */
void lsb_free(struct lsb *sb);

/* The main thread.  The binding registers its functions here and must call
 * Lua only through lua_pcall (a raised error outside it aborts the process). */
lua_State *lsb_state(struct lsb *sb);

/* The sandbox owning L (any coroutine of it), or NULL if L was not made by
 * lsb_new().  For bindings that hold only a lua_State. */
struct lsb *lsb_from_state(lua_State *L);

/* Where print() goes.  fn gets one line per call, arguments joined by tabs
 * after tostring(), without a trailing newline; a line containing "\0" is cut
 * there.  fn NULL (the default) discards output.  fn may call into Lua. */
void lsb_set_print(struct lsb *sb, void (*fn)(void *ctx, const char *line), void *ctx);

/* Where math.random() draws from: next_u64 must return 64 uniformly random
 * bits per call (wirelab passes its seeded rng).  NULL restores the default,
 * a splitmix64 stream with a fixed seed, so runs are reproducible even when the
 * host sets nothing. */
void lsb_set_random(struct lsb *sb, uint64_t (*next_u64)(void *ctx), void *ctx);

/* Compiles the scenario file at path and pushes the function, returning
 * LUA_OK; or pushes an error message and returns LUA_ERRFILE (cannot read),
 * LUA_ERRSYNTAX (syntax error, or a precompiled binary chunk, which is
 * refused) or LUA_ERRMEM.  A first line starting with '#' and a UTF-8 BOM are
 * skipped, as by the lua command.  name is how messages name the file
 * ("scenarios/x.lua:12: ..."); NULL means path.  Never raises: safe to call
 * outside lua_pcall.  Only regular files are read. */
int lsb_load_file(struct lsb *sb, const char *path, const char *name);

/* Compiles code (text only) and pushes the function, like lsb_load_file.
 * name is shown in messages as given; NULL shows the code itself, as Lua
 * does ([string "..."]:1:).  Never raises. */
int lsb_load_string(struct lsb *sb, const char *code, const char *name);

/* After a failed run: LSB_MEMORY if the memory limit refused the allocation
 * that failed last (and nothing has been allocated since), else
 * LSB_INSTRUCTIONS if the instruction budget is spent, else LSB_OK.  A
 * scenario that caught a memory error with pcall and went on reads LSB_OK. */
enum lsb_limit lsb_limit_hit(const struct lsb *sb);

/* The message to show a learner for limit `which`, naming this sandbox's
 * limit, e.g. "scenario stopped: it used more than 256 MiB of memory (limit
 * --max-memory)".  NULL for LSB_OK.  Owned by sb. */
const char *lsb_limit_message(const struct lsb *sb, enum lsb_limit which);

/* Bytes Lua holds now; VM instructions counted so far (a multiple of the
 * hook period plus charges by string.rep and table.move). */
size_t lsb_memory_used_bytes(const struct lsb *sb);
uint64_t lsb_instructions_used(const struct lsb *sb);

/* Like luaL_tolstring, with the sandbox's reproducible "table: #12" form;
 * pushes the string and returns it.  For bindings that format error objects or
 * values.  May raise (a __tostring metamethod can fail): call inside pcall. */
const char *lsb_tolstring(lua_State *L, int idx, size_t *len);

#endif
