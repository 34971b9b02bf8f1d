/* test_lua_sandbox.c — the scenario sandbox: limits, environment, determinism.
 *
 * Each test builds its own sandbox (no shared state) with limits small enough
 * that an endless loop or a memory bomb ends in milliseconds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lua/lua_sandbox.h"

#define SMALL_INSTRUCTIONS ((uint64_t)1000000)
#define SMALL_MEMORY ((size_t)16 * 1024 * 1024)

/* ---- helpers ------------------------------------------------------------ */

static struct lsb *new_sandbox(size_t memory, uint64_t instructions, const char *const *dirs)
{
	struct lsb_limits lim = {
		.max_memory_bytes = memory,
		.max_instructions = instructions,
		.module_dirs = dirs,
	};
	struct lsb *sb = lsb_new(&lim);
	assert_non_null(sb);
	return sb;
}

/* Runs code as chunk "t" and writes its first result (or the error message)
 * into out; returns the status of loading or running. */
static int run(struct lsb *sb, const char *code, char *out, size_t n)
{
	lua_State *L = lsb_state(sb);
	int top = lua_gettop(L);
	int status = lsb_load_string(sb, code, "t");

	if (status == LUA_OK)
		status = lua_pcall(L, 0, 1, 0);
	switch (lua_type(L, -1)) {
	case LUA_TSTRING:
	case LUA_TNUMBER:
		snprintf(out, n, "%s", lua_tostring(L, -1));
		break;
	case LUA_TBOOLEAN:
		snprintf(out, n, "%s", lua_toboolean(L, -1) ? "true" : "false");
		break;
	default:
		snprintf(out, n, "<%s>", luaL_typename(L, -1));
		break;
	}
	lua_settop(L, top);
	return status;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL) {
		print_error("expected to find \"%s\"\n     in \"%s\"\n", needle, hay);
		fail();
	}
}

static void assert_starts_with(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)) != 0) {
		print_error("expected \"%s\"\n to start with \"%s\"\n", s, prefix);
		fail();
	}
}

#define EXPECT_OK(sb, code, expected)                                                    \
	do {                                                                             \
		char out_[4096];                                                         \
		int st_ = run((sb), (code), out_, sizeof out_);                          \
		if (st_ != LUA_OK)                                                       \
			print_error("status %d: %s\n", st_, out_);                        \
		assert_int_equal(st_, LUA_OK);                                           \
		assert_string_equal(out_, (expected));                                   \
	} while (0)

#define EXPECT_ERR(sb, code, status, fragment)                                           \
	do {                                                                             \
		char out_[16384];                                                        \
		int st_ = run((sb), (code), out_, sizeof out_);                          \
		if (st_ != (status))                                                     \
			print_error("status %d: %s\n", st_, out_);                        \
		assert_int_equal(st_, (status));                                         \
		assert_contains(out_, (fragment));                                       \
	} while (0)

struct capture {
	char text[16384];
	size_t len;
};

static void capture_line(void *ctx, const char *line)
{
	struct capture *c = ctx;
	int n = snprintf(c->text + c->len, sizeof c->text - c->len, "%s\n", line);
	assert_true(n >= 0 && (size_t)n < sizeof c->text - c->len);
	c->len += (size_t)n;
}

/* A scratch directory, removed with everything written into it. */
struct tmpdir {
	char root[64];
	char paths[32][256];
	int n;
};

static void tmp_make(struct tmpdir *d)
{
	memset(d, 0, sizeof *d);
	snprintf(d->root, sizeof d->root, "/tmp/wl_lsb_XXXXXX");
	assert_non_null(mkdtemp(d->root));
}

static const char *tmp_path(struct tmpdir *d, const char *rel)
{
	char path[sizeof d->paths[0]];

	assert_true(d->n < 32);
	/* via a local: gcc -O1 cannot tell that rel does not point into d */
	snprintf(path, sizeof path, "%s/%s", d->root, rel);
	memcpy(d->paths[d->n], path, sizeof path);
	return d->paths[d->n++];
}

static void tmp_mkdir(struct tmpdir *d, const char *rel)
{
	assert_int_equal(mkdir(tmp_path(d, rel), 0700), 0);
}

static const char *tmp_write_bytes(struct tmpdir *d, const char *rel, const char *data,
				   size_t len)
{
	const char *path = tmp_path(d, rel);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static const char *tmp_write(struct tmpdir *d, const char *rel, const char *text)
{
	return tmp_write_bytes(d, rel, text, strlen(text));
}

static void tmp_remove(struct tmpdir *d)
{
	for (int i = d->n - 1; i >= 0; i--)
		assert_int_equal(remove(d->paths[i]), 0);
	assert_int_equal(rmdir(d->root), 0);
}

/* Real bytecode, made by a plain (unsandboxed) Lua state. */
struct bytes {
	char data[4096];
	size_t len;
};

static int dump_writer(lua_State *L, const void *p, size_t sz, void *ud)
{
	struct bytes *b = ud;
	(void)L;
	assert_true(sz <= sizeof b->data - b->len);
	memcpy(b->data + b->len, p, sz);
	b->len += sz;
	return 0;
}

static void push_bytecode(lua_State *dst)
{
	lua_State *L = luaL_newstate();
	struct bytes b = {.len = 0};

	assert_int_equal(luaL_loadstring(L, "return 40 + 2"), LUA_OK);
	assert_int_equal(lua_dump(L, dump_writer, &b, 0), 0);
	assert_true(b.len > 4 && memcmp(b.data, LUA_SIGNATURE, 4) == 0);
	lua_pushlstring(dst, b.data, b.len);
	lua_close(L);
}

/* ---- 1. creation ------------------------------------------------------- */

static void test_new_defaults(void **state)
{
	(void)state;
	struct lsb *sb = lsb_new(NULL);
	lua_State *plain = luaL_newstate();

	assert_non_null(sb);
	assert_non_null(lsb_state(sb));
	assert_ptr_equal(lsb_from_state(lsb_state(sb)), sb);
	assert_null(lsb_from_state(plain));
	assert_true(lsb_memory_used_bytes(sb) > 0);
	assert_true(lsb_memory_used_bytes(sb) < 1024 * 1024);
	assert_int_equal(lsb_limit_hit(sb), LSB_OK);
	assert_null(lsb_limit_message(sb, LSB_OK));
	assert_string_equal(lsb_limit_message(sb, LSB_MEMORY),
			    "scenario stopped: it used more than 256 MiB of memory "
			    "(limit --max-memory)");
	assert_string_equal(lsb_limit_message(sb, LSB_INSTRUCTIONS),
			    "scenario stopped: it ran more than 2000000000 Lua instructions "
			    "without finishing (an endless loop?)");
	EXPECT_OK(sb, "return 1 + 1", "2");
	lua_close(plain);
	lsb_free(sb);
	lsb_free(NULL);
}

static void test_new_odd_limits(void **state)
{
	(void)state;
	struct lsb_limits tiny = {.max_memory_bytes = 4096};
	struct lsb *sb;

	/* Too small for the libraries: a clean NULL, not a crash. */
	assert_null(lsb_new(&tiny));

	sb = new_sandbox(1536 * 1024, 500, NULL);
	assert_string_equal(lsb_limit_message(sb, LSB_MEMORY),
			    "scenario stopped: it used more than 1536 KiB of memory "
			    "(limit --max-memory)");
	/* A budget below the hook period is still enforced. */
	EXPECT_ERR(sb, "while true do end", LUA_ERRRUN, "more than 500 Lua instructions");
	lsb_free(sb);
}

/* ---- 3. instruction limit ---------------------------------------------- */

static void test_endless_loop(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, SMALL_INSTRUCTIONS, NULL);
	char out[512];

	assert_int_equal(run(sb, "local x = 0\nwhile true do x = x + 1 end", out, sizeof out),
			 LUA_ERRRUN);
	/* The loop's own line, then the message the learner reads. */
	assert_string_equal(out, "t:2: scenario stopped: it ran more than 1000000 Lua "
				 "instructions without finishing (an endless loop?)");
	assert_int_equal(lsb_limit_hit(sb), LSB_INSTRUCTIONS);
	assert_true(lsb_instructions_used(sb) >= SMALL_INSTRUCTIONS);
	/* The budget is for the whole run: nothing runs any more. */
	EXPECT_ERR(sb, "return 1", LUA_ERRRUN, "scenario stopped");
	lsb_free(sb);
}

static void test_pcall_cannot_swallow_the_limit(void **state)
{
	(void)state;
	static const char *const loops[] = {
		"while true do pcall(function() while true do end end) end",
		"while true do pcall(error, 'x') end",
		"while true do\n"
		"  xpcall(function() while true do end end, function(m) while true do end end)\n"
		"end",
		"local function f() return f() end f()", /* tail calls: no stack growth */
		/* a catch-all that retries forever */
		"local function try() local ok = pcall(function() for i = 1, 1e18 do end end)"
		" return try() end try()",
	};
	for (size_t i = 0; i < sizeof loops / sizeof loops[0]; i++) {
		struct lsb *sb = new_sandbox(0, SMALL_INSTRUCTIONS, NULL);
		EXPECT_ERR(sb, loops[i], LUA_ERRRUN, "scenario stopped: it ran more than 1000000");
		assert_int_equal(lsb_limit_hit(sb), LSB_INSTRUCTIONS);
		lsb_free(sb);
	}
}

static void test_coroutines_are_counted(void **state)
{
	(void)state;
	static const char *const loops[] = {
		"coroutine.wrap(function() while true do end end)()",
		"local co = coroutine.wrap(function() while true do coroutine.yield() end end)\n"
		"while true do co() end",
		"local co = coroutine.create(function() while true do end end)\n"
		"while true do coroutine.resume(co) end",
		/* new coroutines after the budget is spent, errors swallowed */
		"while true do\n"
		"  pcall(coroutine.wrap(function() local i = 0 while true do i = i + 1 end end))\n"
		"end",
		"local function nest(n)\n"
		"  if n == 0 then while true do end end\n"
		"  return coroutine.wrap(nest)(n - 1)\n"
		"end\n"
		"while true do pcall(nest, 50) end",
	};
	for (size_t i = 0; i < sizeof loops / sizeof loops[0]; i++) {
		struct lsb *sb = new_sandbox(0, SMALL_INSTRUCTIONS, NULL);
		EXPECT_ERR(sb, loops[i], LUA_ERRRUN, "scenario stopped: it ran more than 1000000");
		assert_int_equal(lsb_limit_hit(sb), LSB_INSTRUCTIONS);
		lsb_free(sb);
	}
}

/* Lua runs an xpcall message handler, and the __close handlers of a
 * coroutine killed by an error, with hooks still off when that error came from
 * the count hook; the sandbox must not let them loop. */
static void test_no_unhooked_code_after_the_limit(void **state)
{
	(void)state;
	static const char *const loops[] = {
		"while true do\n"
		"  xpcall(function() while true do end end, function(m) while true do end end)\n"
		"end",
		"coroutine.wrap(function()\n"
		"  local x <close> = setmetatable({}, {__close = function() while true do end end})\n"
		"  while true do end\n"
		"end)()",
		"local co = coroutine.create(function()\n"
		"  local x <close> = setmetatable({}, {__close = function() while true do end end})\n"
		"  while true do end\n"
		"end)\n"
		"coroutine.resume(co)\n"
		"coroutine.close(co)",
		"local co = coroutine.create(function()\n"
		"  local x <close> = setmetatable({}, {__close = function() while true do end end})\n"
		"  while true do end\n"
		"end)\n"
		"while true do pcall(coroutine.resume, co) pcall(coroutine.close, co) end",
	};
	for (size_t i = 0; i < sizeof loops / sizeof loops[0]; i++) {
		struct lsb *sb = new_sandbox(0, SMALL_INSTRUCTIONS, NULL);
		EXPECT_ERR(sb, loops[i], LUA_ERRRUN, "scenario stopped: it ran more than 1000000");
		assert_int_equal(lsb_limit_hit(sb), LSB_INSTRUCTIONS);
		lsb_free(sb);
	}
}

/* The replacements above behave as Lua's while the budget lasts. */
static void test_xpcall_and_wrap_as_in_lua(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);

	EXPECT_OK(sb, "local ok, m = xpcall(error, function(m) return 'handled ' .. m end, 'boom')\n"
		      "return tostring(ok) .. ' ' .. m", "false handled boom");
	EXPECT_OK(sb, "return select('#', xpcall(function(...) return ... end, print, 1, 2, 3))",
		  "4");
	EXPECT_OK(sb, "local ok, m = xpcall(error, function(m) error('again') end, 'x')\n"
		      "return tostring(ok)", "false");
	EXPECT_ERR(sb, "xpcall(print)", LUA_ERRRUN,
		   "t:1: bad argument #2 to 'xpcall' (function expected, got no value)");
	EXPECT_OK(sb,
		  "local w = coroutine.wrap(function(a)\n"
		  "  local b = coroutine.yield(a + 1)\n"
		  "  local c, d = coroutine.yield(b * 2)\n"
		  "  return c .. d\n"
		  "end)\n"
		  "return w(1) .. ' ' .. w(5) .. ' ' .. w('x', 'y')",
		  "2 10 xy");
	EXPECT_OK(sb,
		  "local w = coroutine.wrap(function() error('inside') end)\n"
		  "local ok, m = pcall(w)\n"
		  "local ok2, m2 = pcall(w)\n"
		  "return m .. ' | ' .. m2",
		  "t:1: inside | cannot resume dead coroutine"); /* as lua5.4 prints */
	/* a coroutine that fails normally still has its __close run */
	EXPECT_OK(sb,
		  "local closed = false\n"
		  "local w = coroutine.wrap(function()\n"
		  "  local x <close> = setmetatable({}, {__close = function() closed = true end})\n"
		  "  error('e')\n"
		  "end)\n"
		  "pcall(w)\n"
		  "local co = coroutine.create(function()\n"
		  "  local y <close> = setmetatable({}, {__close = function() closed = closed and 2 end})\n"
		  "  coroutine.yield()\n"
		  "end)\n"
		  "coroutine.resume(co)\n"
		  "local ok = coroutine.close(co)\n"
		  "return tostring(closed) .. ' ' .. tostring(ok) .. ' ' .. coroutine.status(co)",
		  "2 true dead");
	EXPECT_ERR(sb, "coroutine.wrap(1)", LUA_ERRRUN,
		   "t:1: bad argument #1 to 'wrap' (function expected, got number)");
	EXPECT_ERR(sb, "coroutine.close(coroutine.running())", LUA_ERRRUN,
		   "cannot close a running coroutine");
	lsb_free(sb);
}

static void test_coroutine_inherits_hook(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);
	lua_State *L = lsb_state(sb);
	lua_State *co;

	EXPECT_OK(sb, "co = coroutine.create(function() end) return 1", "1");
	lua_getglobal(L, "co");
	co = lua_tothread(L, -1);
	assert_non_null(co);
	assert_ptr_equal(lua_gethook(co), lua_gethook(L));
	assert_non_null(lua_gethook(co));
	assert_true(lua_gethookmask(co) & LUA_MASKCOUNT);
	assert_int_equal(lua_gethookcount(co), 1000);
	lua_pop(L, 1);
	lsb_free(sb);
}

static void test_instruction_count(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);
	uint64_t before = lsb_instructions_used(sb);

	EXPECT_OK(sb, "local n = 0 for i = 1, 100000 do n = n + i end return n", "5000050000");
	/* about two instructions per iteration, counted per 1000 */
	assert_true(lsb_instructions_used(sb) - before >= 100000);
	assert_true(lsb_instructions_used(sb) - before < 400000);
	assert_int_equal(lsb_limit_hit(sb), LSB_OK);
	lsb_free(sb);
}

static void test_c_loops_are_charged(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, SMALL_INSTRUCTIONS, NULL);

	/* Both would loop in C for hours without a charge. */
	EXPECT_OK(sb, "return #string.rep('', 1e15)", "0");
	EXPECT_OK(sb, "return string.rep('ab', 3, ',')", "ab,ab,ab");
	EXPECT_OK(sb, "return table.concat(table.move({1, 2, 3}, 1, 3, 2), ',')", "1,1,2,3");
	EXPECT_ERR(sb, "string.rep()", LUA_ERRRUN, "t:1: bad argument #1 to 'rep'");
	EXPECT_ERR(sb, "table.move({}, 1, 1e12, 2)", LUA_ERRRUN,
		   "t:1: scenario stopped: it ran more than 1000000");
	assert_int_equal(lsb_limit_hit(sb), LSB_INSTRUCTIONS);
	lsb_free(sb);

	sb = new_sandbox(0, SMALL_INSTRUCTIONS, NULL);
	EXPECT_ERR(sb, "for i = 1, 100 do local s = string.rep('x', 100000) end", LUA_ERRRUN,
		   "scenario stopped");
	lsb_free(sb);

	sb = new_sandbox(0, SMALL_INSTRUCTIONS, NULL);
	EXPECT_ERR(sb, "table.sort({3, 2, 1}, function(a, b) while true do end end)", LUA_ERRRUN,
		   "scenario stopped");
	lsb_free(sb);
}

/* ---- 2. memory limit --------------------------------------------------- */

static void test_memory_bombs(void **state)
{
	(void)state;
	static const char *const bombs[] = {
		"local s = string.rep('x', 64 * 1024 * 1024)",
		"local s = 'x' while true do s = s .. s end",
		"local t = {} for i = 1, 1e9 do t[i] = i end",
		"local t = {} for i = 1, 1e9 do t['key' .. i] = i end",
		"local t = {} for i = 1, 1e9 do t[i] = {} end",
		"local t = {} for i = 1, 1e9 do t[i] = coroutine.create(print) end",
	};
	for (size_t i = 0; i < sizeof bombs / sizeof bombs[0]; i++) {
		struct lsb *sb = new_sandbox(SMALL_MEMORY, 0, NULL);
		char out[512];
		int status = run(sb, bombs[i], out, sizeof out);

		if (status != LUA_ERRMEM)
			print_error("%s: status %d: %s\n", bombs[i], status, out);
		assert_int_equal(status, LUA_ERRMEM);
		assert_string_equal(out, "not enough memory");
		assert_int_equal(lsb_limit_hit(sb), LSB_MEMORY);
		assert_string_equal(lsb_limit_message(sb, lsb_limit_hit(sb)),
				    "scenario stopped: it used more than 16 MiB of memory "
				    "(limit --max-memory)");
		assert_true(lsb_memory_used_bytes(sb) <= SMALL_MEMORY);
		/* The state survives: the garbage goes, small work runs again. */
		lua_gc(lsb_state(sb), LUA_GCCOLLECT);
		assert_true(lsb_memory_used_bytes(sb) < SMALL_MEMORY / 2);
		EXPECT_OK(sb, "return 6 * 7", "42");
		assert_int_equal(lsb_limit_hit(sb), LSB_OK);
		lsb_free(sb);
	}
}

static void test_memory_error_caught_is_not_the_end(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(SMALL_MEMORY, 0, NULL);

	EXPECT_OK(sb,
		  "local ok, e = pcall(string.rep, 'x', 64 * 1024 * 1024)\n"
		  "assert(not ok and e == 'not enough memory')\n"
		  "local t = {} for i = 1, 100 do t[i] = i end\n"
		  "return 'went on'",
		  "went on");
	assert_int_equal(lsb_limit_hit(sb), LSB_OK);
	/* ...but a later, unrelated error is not blamed on memory. */
	EXPECT_ERR(sb, "error('other')", LUA_ERRRUN, "t:1: other");
	assert_int_equal(lsb_limit_hit(sb), LSB_OK);
	lsb_free(sb);
}

/* ---- 10. runaway recursion --------------------------------------------- */

static void test_deep_recursion(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);

	EXPECT_ERR(sb, "local function f(n) return 1 + f(n + 1) end\nreturn f(1)", LUA_ERRRUN,
		   "t:1: stack overflow");
	EXPECT_OK(sb,
		  "local function f() return 1 + f() end\n"
		  "local ok, e = pcall(f)\n"
		  "return tostring(ok) .. ' ' .. e",
		  "false t:1: stack overflow");
	/* The state is still usable afterwards. */
	EXPECT_OK(sb, "return 42", "42");
	assert_int_equal(lsb_limit_hit(sb), LSB_OK);
	lsb_free(sb);
}

static void test_deep_coroutine_nesting(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);

	EXPECT_ERR(sb, "local function f() coroutine.wrap(f)() end f()", LUA_ERRRUN,
		   "C stack overflow");
	EXPECT_ERR(sb,
		   "local function f()\n"
		   "  local ok, e = coroutine.resume(coroutine.create(f))\n"
		   "  error(e, 0)\n"
		   "end\n"
		   "f()",
		   LUA_ERRRUN, "C stack overflow");
	/* metamethods recursing through C */
	EXPECT_ERR(sb,
		   "local t = setmetatable({}, {__index = function(t, k) return t[k] end})\n"
		   "return t.x",
		   LUA_ERRRUN, "stack overflow");
	EXPECT_ERR(sb, "local t = {} t = setmetatable(t, {__tostring = function(s) "
		   "return tostring(s) end}) return tostring(t)", LUA_ERRRUN, "stack overflow");
	/* the parser has its own nesting limit */
	EXPECT_OK(sb,
		  "local f, e = load(string.rep('(', 100000) .. '1' .. string.rep(')', 100000))\n"
		  "return tostring(f) .. ' ' .. tostring(e ~= nil)",
		  "nil true");
	EXPECT_OK(sb, "return 42", "42");
	lsb_free(sb);
}

/* ---- 4. the environment ------------------------------------------------- */

static void test_dangerous_names_absent(void **state)
{
	(void)state;
	static const char *const absent[] = {
		"os", "io", "debug", "package", "dofile", "loadfile", "next", "ffi", "jit",
		"string.dump", "('').dump", "loadstring", "module", "setfenv", "getfenv",
		"newproxy", "unpack", "bit32", "utf8.dump",
	};
	static const char *const present[] = {
		"print", "pairs", "ipairs", "load", "require", "tostring", "tonumber", "pcall",
		"xpcall", "error", "assert", "select", "type", "rawget", "rawset", "rawequal",
		"rawlen", "getmetatable", "setmetatable", "collectgarbage", "warn",
		"string.format", "string.rep", "math.random", "math.floor", "table.sort",
		"table.move", "table.concat", "utf8.char", "coroutine.wrap",
	};
	struct lsb *sb = new_sandbox(0, 0, NULL);
	char code[128];

	for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
		snprintf(code, sizeof code, "return type(%s)", absent[i]);
		EXPECT_OK(sb, code, "nil");
	}
	for (size_t i = 0; i < sizeof present / sizeof present[0]; i++) {
		snprintf(code, sizeof code, "return type(%s)", present[i]);
		EXPECT_OK(sb, code, "function");
	}
	EXPECT_ERR(sb, "require('io')", LUA_ERRRUN, "module 'io' not found");
	EXPECT_ERR(sb, "require('ffi')", LUA_ERRRUN, "module 'ffi' not found");
	EXPECT_ERR(sb, "require('socket.core')", LUA_ERRRUN, "module 'socket.core' not found");
	EXPECT_OK(sb, "warn('@on') warn('quiet') return 1", "1");
	lsb_free(sb);
}

static void test_string_metatable_locked(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);

	EXPECT_OK(sb, "return getmetatable('')", "<nil>");
	EXPECT_OK(sb, "return getmetatable('abc')", "<nil>");
	EXPECT_ERR(sb, "getmetatable('').__index = {}", LUA_ERRRUN,
		   "t:1: attempt to index a nil value");
	EXPECT_OK(sb, "return ('abc'):upper() .. ('x'):rep(2)", "ABCxx");
	/* other metatables behave as in Lua */
	EXPECT_OK(sb, "local mt = {} return getmetatable(setmetatable({}, mt)) == mt", "true");
	EXPECT_OK(sb, "return getmetatable(setmetatable({}, {__metatable = 'locked'}))",
		  "locked");
	EXPECT_ERR(sb, "setmetatable(setmetatable({}, {__metatable = 1}), {})", LUA_ERRRUN,
		   "t:1: cannot change a protected metatable");
	EXPECT_ERR(sb, "setmetatable(1, {})", LUA_ERRRUN,
		   "t:1: bad argument #1 to 'setmetatable' (table expected, got number)");
	EXPECT_OK(sb, "return getmetatable(1)", "<nil>");
	lsb_free(sb);
}

static void test_gc_finalizers_refused(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, SMALL_INSTRUCTIONS, NULL);

	EXPECT_ERR(sb, "setmetatable({}, {__gc = function() while true do end end})",
		   LUA_ERRRUN, "t:1: setmetatable: __gc finalizers are not available in wirelab");
	EXPECT_ERR(sb, "setmetatable({}, {__gc = false})", LUA_ERRRUN, "__gc finalizers");
	/* __gc added after setmetatable is never called by Lua */
	EXPECT_OK(sb,
		  "local mt = {} setmetatable({}, mt) mt.__gc = function() while true do end end\n"
		  "collectgarbage() return 'fine'",
		  "fine");
	EXPECT_OK(sb, "return tostring(setmetatable({}, {__mode = 'k'}) ~= nil)", "true");
	lsb_free(sb);
}

static void test_collectgarbage(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);

	EXPECT_OK(sb, "return collectgarbage()", "0");
	EXPECT_OK(sb, "return collectgarbage('collect')", "0");
	EXPECT_OK(sb, "return math.type(collectgarbage('count')) == 'float' and "
		      "collectgarbage('count') > 0", "true");
	EXPECT_OK(sb, "return type(collectgarbage('step'))", "boolean");
	EXPECT_OK(sb, "return collectgarbage('isrunning')", "true");
	EXPECT_ERR(sb, "collectgarbage('stop')", LUA_ERRRUN,
		   "t:1: bad argument #1 to 'collectgarbage' (option 'stop' is not available "
		   "in wirelab; use \"collect\", \"step\", \"count\" or \"isrunning\")");
	EXPECT_ERR(sb, "collectgarbage('generational')", LUA_ERRRUN, "not available");
	lsb_free(sb);
}

/* ---- 4. load: text only --------------------------------------------------- */

static void test_load_text_only(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);
	lua_State *L = lsb_state(sb);

	EXPECT_ERR(sb, "return load(string.dump(print))", LUA_ERRRUN,
		   "t:1: attempt to call a nil value (field 'dump')");
	EXPECT_ERR(sb, "return load(('').dump(print))", LUA_ERRRUN, "attempt to call a nil value");

	push_bytecode(L);
	lua_setglobal(L, "bytecode");
	EXPECT_OK(sb, "local f, e = load(bytecode) return tostring(f) .. ': ' .. e",
		  "nil: attempt to load a binary chunk (mode is 't')");
	EXPECT_OK(sb, "local f, e = load(bytecode, 'x', 'b') return e",
		  "attempt to load a binary chunk (mode is 't')");
	EXPECT_OK(sb, "local f, e = load(bytecode, 'x', 'bt', {}) return e",
		  "attempt to load a binary chunk (mode is 't')");
	EXPECT_OK(sb,
		  "local i = 0\n"
		  "local f, e = load(function() i = i + 1 if i == 1 then return bytecode end end)\n"
		  "return e",
		  "attempt to load a binary chunk (mode is 't')");

	/* text still loads, seeing the scenario's globals unless told otherwise */
	EXPECT_OK(sb, "x = 5 return load('return x')()", "5");
	EXPECT_OK(sb, "return load('return y', 'c', 't', {y = 7})()", "7");
	EXPECT_OK(sb, "local p, i = {'return ', '1', ' + 2'}, 0\n"
		      "return load(function() i = i + 1 return p[i] end)()", "3");
	EXPECT_OK(sb, "local f, e = load('x =', '=chunk') return e",
		  "chunk:1: unexpected symbol near <eof>");
	EXPECT_ERR(sb, "load(true)", LUA_ERRRUN,
		   "t:1: bad argument #1 to 'load' (function expected, got boolean)");

	/* and from the host */
	push_bytecode(L);
	assert_int_equal(lsb_load_string(sb, lua_tostring(L, -1), "evil"), LUA_ERRSYNTAX);
	assert_string_equal(lua_tostring(L, -1),
			    "evil: is a precompiled Lua chunk (bytecode); wirelab runs only Lua "
			    "source text");
	lua_pop(L, 2);
	assert_int_equal(lsb_load_string(sb, "x = = 1", "s.lua"), LUA_ERRSYNTAX);
	assert_string_equal(lua_tostring(L, -1), "s.lua:1: unexpected symbol near '='");
	lua_pop(L, 1);
	assert_int_equal(lsb_load_string(sb, "error('e')", NULL), LUA_OK);
	assert_int_equal(lua_pcall(L, 0, 0, 0), LUA_ERRRUN);
	assert_string_equal(lua_tostring(L, -1), "[string \"error('e')\"]:1: e");
	lua_pop(L, 1);
	assert_int_equal(lua_gettop(L), 0);
	lsb_free(sb);
}

/* ---- 7. scenario files ---------------------------------------------------- */

static void test_load_file(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);
	lua_State *L = lsb_state(sb);
	struct tmpdir d;
	const char *plain, *shebang, *bom, *bad, *bin;
	char missing[128], expect[256];
	static const char code[] = "-- a scenario\nlocal x = 1\nerror('boom ' .. x)\n";

	tmp_make(&d);
	plain = tmp_write(&d, "x.lua", code);
	shebang = tmp_write(&d, "sh.lua", "#!/usr/bin/env wirelab\nerror('line two')\n");
	bom = tmp_write(&d, "bom.lua", "\xEF\xBB\xBFreturn 'bom ok'");
	bad = tmp_write(&d, "bad.lua", "local x = 1\nlocal = 2\n");
	push_bytecode(L);
	{
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		bin = tmp_write_bytes(&d, "bin.lua", s, len);
	}
	lua_pop(L, 1);
	tmp_mkdir(&d, "dir.lua");

	assert_int_equal(lsb_load_file(sb, plain, "scenarios/x.lua"), LUA_OK);
	assert_int_equal(lua_pcall(L, 0, 0, 0), LUA_ERRRUN);
	assert_string_equal(lua_tostring(L, -1), "scenarios/x.lua:3: boom 1");
	lua_pop(L, 1);

	assert_int_equal(lsb_load_file(sb, plain, NULL), LUA_OK);
	assert_int_equal(lua_pcall(L, 0, 0, 0), LUA_ERRRUN);
	snprintf(expect, sizeof expect, "%s:3: boom 1", plain);
	assert_string_equal(lua_tostring(L, -1), expect);
	lua_pop(L, 1);

	/* the #! line is skipped but still counted */
	assert_int_equal(lsb_load_file(sb, shebang, "sh.lua"), LUA_OK);
	assert_int_equal(lua_pcall(L, 0, 0, 0), LUA_ERRRUN);
	assert_string_equal(lua_tostring(L, -1), "sh.lua:2: line two");
	lua_pop(L, 1);

	assert_int_equal(lsb_load_file(sb, bom, "bom.lua"), LUA_OK);
	assert_int_equal(lua_pcall(L, 0, 1, 0), LUA_OK);
	assert_string_equal(lua_tostring(L, -1), "bom ok");
	lua_pop(L, 1);

	assert_int_equal(lsb_load_file(sb, bad, "scenarios/bad.lua"), LUA_ERRSYNTAX);
	assert_string_equal(lua_tostring(L, -1),
			    "scenarios/bad.lua:2: <name> expected near '='");
	lua_pop(L, 1);

	assert_int_equal(lsb_load_file(sb, bin, "scenarios/bin.lua"), LUA_ERRSYNTAX);
	assert_string_equal(lua_tostring(L, -1),
			    "scenarios/bin.lua: is a precompiled Lua chunk (bytecode); wirelab "
			    "runs only Lua source text");
	lua_pop(L, 1);

	snprintf(missing, sizeof missing, "%s/missing.lua", d.root);
	assert_int_equal(lsb_load_file(sb, missing, "scenarios/missing.lua"), LUA_ERRFILE);
	assert_string_equal(lua_tostring(L, -1),
			    "cannot open scenarios/missing.lua: No such file or directory");
	lua_pop(L, 1);

	assert_int_equal(lsb_load_file(sb, d.paths[d.n - 1], "dir.lua"), LUA_ERRFILE);
	assert_string_equal(lua_tostring(L, -1), "cannot open dir.lua: Is a directory");
	lua_pop(L, 1);

	/* a FIFO would block a reader forever */
	assert_int_equal(mkfifo(tmp_path(&d, "fifo.lua"), 0600), 0);
	assert_int_equal(lsb_load_file(sb, d.paths[d.n - 1], "fifo.lua"), LUA_ERRFILE);
	assert_string_equal(lua_tostring(L, -1), "cannot open fifo.lua: not a regular file");
	lua_pop(L, 1);

	assert_int_equal(lsb_load_file(sb, "/dev/null", "null"), LUA_ERRFILE);
	assert_string_equal(lua_tostring(L, -1), "cannot open null: not a regular file");
	lua_pop(L, 1);

	assert_int_equal(lua_gettop(L), 0);
	tmp_remove(&d);
	lsb_free(sb);
}

/* ---- print and reproducible tostring --------------------------------------- */

static const char print_script[] =
	"local a, b = {}, {}\n"
	"print('a', 1, nil, true, 2.5)\n"
	"print()\n"
	"print(a, b, a)\n"
	"print(tostring(b), tostring(print) == tostring(print))\n"
	"print(setmetatable({}, {__tostring = function() return 'obj' end}))\n"
	"print(setmetatable({}, {__name = 'Host'}))\n"
	"print(coroutine.create(print))\n"
	"print(string.format('%s|%5.1f|%d|%%s', a, 1.5, 3))\n"
	"print(('[%s]'):format(b))\n"
	"print('embedded\\0nul')\n";

static const char print_expected[] =
	"a\t1\tnil\ttrue\t2.5\n"
	"\n"
	"table: #1\ttable: #2\ttable: #1\n"
	"table: #2\ttrue\n"
	"obj\n"
	"Host: #4\n"
	"thread: #5\n"
	"table: #1|  1.5|3|%s\n"
	"[table: #2]\n"
	"embedded\n";

static void test_print_and_tostring(void **state)
{
	(void)state;
	struct capture c1 = {0}, c2 = {0};
	struct lsb *sb1 = new_sandbox(0, 0, NULL);
	struct lsb *sb2 = new_sandbox(0, 0, NULL);

	lsb_set_print(sb1, capture_line, &c1);
	lsb_set_print(sb2, capture_line, &c2);
	EXPECT_OK(sb1, print_script, "<nil>");
	EXPECT_OK(sb2, print_script, "<nil>");
	assert_string_equal(c1.text, print_expected);
	assert_string_equal(c1.text, c2.text);

	EXPECT_ERR(sb1, "print(string.format('%p', {}))", LUA_ERRRUN,
		   "t:1: string.format: '%p' prints a memory address");
	EXPECT_ERR(sb1, "string.format('%d', 'x')", LUA_ERRRUN,
		   "t:1: bad argument #2 to 'format' (number expected, got string)");
	EXPECT_ERR(sb1, "tostring()", LUA_ERRRUN, "t:1: bad argument #1 to 'tostring'");
	EXPECT_ERR(sb1, "print(setmetatable({}, {__tostring = function() return {} end}))",
		   LUA_ERRRUN, "'__tostring' must return a string");

	/* no sink: print discards, quietly */
	lsb_set_print(sb1, NULL, NULL);
	c1.len = 0;
	c1.text[0] = '\0';
	EXPECT_OK(sb1, "print('gone') return 1", "1");
	assert_string_equal(c1.text, "");

	/* the host formats error objects the same way */
	{
		lua_State *L = lsb_state(sb2);
		lua_newtable(L);
		assert_string_equal(lsb_tolstring(L, -1, NULL), "table: #6");
		lua_pop(L, 2);
	}
	lsb_free(sb1);
	lsb_free(sb2);
}

/* ---- 5. pairs ------------------------------------------------------------- */

static void test_pairs_order(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);

	EXPECT_OK(sb,
		  "local t = {b = 1, a = 2, [3] = 3, [1.5] = 4, [-2] = 5, [true] = 6,\n"
		  "  [false] = 7, [''] = 8, [10] = 9, [math.huge] = 10, [-math.huge] = 11,\n"
		  "  [2^53] = 12, B = 13, [0] = 14, ['a\\0'] = 15, [2.5] = 16, [2] = 17}\n"
		  "local out = {}\n"
		  "for k, v in pairs(t) do out[#out + 1] = tostring(k):gsub('%z', '0') .. '=' .. v end\n"
		  "return table.concat(out, ',')",
		  "-inf=11,-2=5,0=14,1.5=4,2=17,2.5=16,3=3,10=9,9007199254740992=12,inf=10,"
		  "=8,B=13,a=2,a0=15,b=1,false=7,true=6");
	/* integers and floats compared exactly, near the ends of the range */
	EXPECT_OK(sb,
		  "local t = {[math.maxinteger] = 1, [2^63] = 2, [math.mininteger] = 3,\n"
		  "  [-2^63 - 2^11] = 4, [2^62 + 0.0] = 5, [-0.5] = 6}\n"
		  "local out = {}\n"
		  "for k, v in pairs(t) do out[#out + 1] = v end\n"
		  "return table.concat(out, ',')",
		  "4,3,6,5,1,2");
	/* an array, and an empty table */
	EXPECT_OK(sb, "local s = '' for k, v in pairs({'x', 'y', 'z'}) do s = s .. k .. v end "
		      "for k in pairs({}) do s = s .. '!' end return s", "1x2y3z");
	lsb_free(sb);
}

static void test_pairs_refuses_unordered_keys(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);

	EXPECT_ERR(sb, "local t = {[{}] = 1}\nfor k in pairs(t) do end", LUA_ERRRUN,
		   "t:2: pairs: a table used as a key has no reproducible order in wirelab; "
		   "use an array or string keys");
	EXPECT_ERR(sb, "for k in pairs({[print] = 1, a = 2}) do end", LUA_ERRRUN,
		   "t:1: pairs: a function used as a key");
	EXPECT_ERR(sb, "for k in pairs({[coroutine.create(print)] = 1}) do end", LUA_ERRRUN,
		   "pairs: a thread used as a key");
	EXPECT_ERR(sb, "pairs(nil)", LUA_ERRRUN,
		   "t:1: bad argument #1 to 'pairs' (table expected, got nil)");
	EXPECT_ERR(sb, "pairs()", LUA_ERRRUN, "t:1: bad argument #1 to 'pairs' (value expected)");
	/* ipairs does not care about the hash part */
	EXPECT_OK(sb, "local s = 0 for i, v in ipairs({[{}] = 1, 10, 20}) do s = s + v end "
		      "return s", "30");
	lsb_free(sb);
}

static void test_pairs_metamethod_and_changes(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);

	EXPECT_OK(sb,
		  "local t = setmetatable({}, {__pairs = function(self)\n"
		  "  return function(_, k) if not k then return 1, 'x' end end, self, nil\n"
		  "end})\n"
		  "local out = {}\n"
		  "for k, v in pairs(t) do out[#out + 1] = k .. v end\n"
		  "return table.concat(out)",
		  "1x");
	/* even unorderable keys are fine behind __pairs: the author chose the order */
	EXPECT_OK(sb,
		  "local inner = {[{}] = 1}\n"
		  "local t = setmetatable({}, {__pairs = function() return ipairs({'q'}) end})\n"
		  "for k, v in pairs(t) do return v end",
		  "q");
	/* keys cleared during the loop are skipped, keys added are not visited */
	EXPECT_OK(sb,
		  "local t = {a = 1, b = 2, c = 3}\n"
		  "local seen = {}\n"
		  "for k, v in pairs(t) do seen[#seen + 1] = k .. v; t.b = nil; t[k .. 'x'] = 0 end\n"
		  "return table.concat(seen, ',')",
		  "a1,c3");
	/* values changed during the loop are seen as they are now */
	EXPECT_OK(sb,
		  "local t = {a = 1, b = 2}\n"
		  "local s = ''\n"
		  "for k, v in pairs(t) do s = s .. k .. v; t.b = 9 end\n"
		  "return s",
		  "a1b9");
	/* the iterator is an ordinary function value in a generic for */
	EXPECT_OK(sb,
		  "local f, s, c = pairs({z = 1})\n"
		  "return type(f) .. ' ' .. tostring(c) .. ' ' .. f(s, c)",
		  "function nil z");
	lsb_free(sb);
}

/* 100 string keys inserted in different orders, in two fresh states (whose
 * string hash seeds differ), must come out of pairs in one order. */
static void test_pairs_same_in_fresh_states(void **state)
{
	(void)state;
	static const char fill_up[] =
		"local t = {}\n"
		"for i = 1, 100 do t['host' .. i] = i end\n"
		"for i = 1, 20 do t['x' .. i] = i; t[i * 7] = i end\n"
		"for i = 1, 20 do t['x' .. i] = nil end\n"
		"for k, v in pairs(t) do print(k, v) end\n";
	static const char fill_down[] =
		"local t = {}\n"
		"for i = 100, 1, -1 do t['host' .. i] = i end\n"
		"for i = 20, 1, -1 do t[i * 7] = i end\n"
		"for k, v in pairs(t) do print(k, v) end\n";
	struct capture c1 = {0}, c2 = {0};
	struct lsb *sb1 = new_sandbox(0, 0, NULL);
	struct lsb *sb2 = new_sandbox(0, 0, NULL);

	lsb_set_print(sb1, capture_line, &c1);
	lsb_set_print(sb2, capture_line, &c2);
	EXPECT_OK(sb1, fill_up, "<nil>");
	EXPECT_OK(sb2, fill_down, "<nil>");
	assert_string_equal(c1.text, c2.text);
	/* numbers first, ascending; then strings in byte order */
	assert_starts_with(c1.text, "7\t1\n14\t2\n21\t3\n");
	assert_contains(c1.text, "140\t20\nhost1\t1\nhost10\t10\nhost100\t100\nhost11\t11\n");
	lsb_free(sb1);
	lsb_free(sb2);
}

/* ---- 6. require ----------------------------------------------------------- */

static void test_require(void **state)
{
	(void)state;
	struct tmpdir d;
	char dir1[128], dir2[128], msg[512];
	const char *dirs[3];
	struct lsb *sb;

	tmp_make(&d);
	tmp_mkdir(&d, "one");
	tmp_mkdir(&d, "two");
	tmp_mkdir(&d, "one/lib");
	tmp_write(&d, "one/a.lua",
		  "count = (count or 0) + 1\nreturn {name = ..., path = select(2, ...)}\n");
	tmp_write(&d, "one/lib/b.lua", "return 'b:' .. require('a').name\n");
	tmp_write(&d, "one/quiet.lua", "quiet_loaded = true\n");
	tmp_write(&d, "one/cyc1.lua", "return require('cyc2')\n");
	tmp_write(&d, "one/cyc2.lua", "return require('cyc1')\n");
	tmp_write(&d, "one/bad.lua", "local = 1\n");
	tmp_write(&d, "one/err.lua", "\nerror('module failed')\n");
	tmp_write(&d, "one/loop.lua", "while true do end\n");
	tmp_write(&d, "two/c.lua", "return 'from two'\n");
	tmp_write(&d, "two/a.lua", "return 'shadowed'\n");
	tmp_mkdir(&d, "one/d.lua");
	snprintf(dir1, sizeof dir1, "%s/one", d.root);
	snprintf(dir2, sizeof dir2, "%s/two", d.root);
	dirs[0] = dir1;
	dirs[1] = dir2;
	dirs[2] = NULL;

	sb = new_sandbox(0, SMALL_INSTRUCTIONS, dirs);
	dirs[0] = dirs[1] = "/nonexistent"; /* lsb_new copied the list */

	EXPECT_OK(sb, "local a1, a2 = require('a'), require('a')\n"
		      "return tostring(a1 == a2) .. ' ' .. count .. ' ' .. a1.name", "true 1 a");
	snprintf(msg, sizeof msg, "%s/a.lua", dir1);
	EXPECT_OK(sb, "return require('a').path", msg);
	EXPECT_OK(sb, "return require('lib.b')", "b:a");
	EXPECT_OK(sb, "return require('c')", "from two");
	EXPECT_OK(sb, "return tostring(require('quiet')) .. ' ' .. tostring(quiet_loaded)",
		  "true true");

	EXPECT_ERR(sb, "require('../x')", LUA_ERRRUN,
		   "t:1: module '../x' not found: wirelab loads only its own Lua modules "
		   "(searched: nothing; a module name is words of letters, digits and '_' "
		   "joined by dots, like 'net.docker')");
	{
		static const char *const bad_names[] = {
			"/etc/passwd", "a..b", "a.", ".a", "a/b", "", "1a", "a-b",
			"a\\0b", "lib..b", "~", "a b",
		};
		for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
			char code[128];
			snprintf(code, sizeof code, "require('%s')", bad_names[i]);
			EXPECT_ERR(sb, code, LUA_ERRRUN, "(searched: nothing;");
		}
	}
	EXPECT_ERR(sb, "require(42)", LUA_ERRRUN, "(searched: nothing;");
	EXPECT_ERR(sb, "require()", LUA_ERRRUN, "t:1: bad argument #1 to 'require'");

	snprintf(msg, sizeof msg,
		 "t:1: module 'no.pe' not found: wirelab loads only its own Lua modules "
		 "(searched: %s/no/pe.lua, %s/no/pe.lua)", dir1, dir2);
	EXPECT_ERR(sb, "require('no.pe')", LUA_ERRRUN, msg);
	EXPECT_ERR(sb, "require('cyc1')", LUA_ERRRUN,
		   "module 'cyc1' requires itself (directly or through other modules)");
	EXPECT_ERR(sb, "require('bad')", LUA_ERRRUN, "t:1: error loading module 'bad' from file");
	EXPECT_ERR(sb, "require('bad')", LUA_ERRRUN, "bad.lua:1: <name> expected near '='");
	/* an error in a module keeps its own position, and a retry fails the same way */
	EXPECT_ERR(sb, "require('err')", LUA_ERRRUN, "err.lua:2: module failed");
	EXPECT_ERR(sb, "require('err')", LUA_ERRRUN, "err.lua:2: module failed");
	EXPECT_ERR(sb, "require('d')", LUA_ERRRUN, "t:1: cannot read module 'd' from '");
	EXPECT_ERR(sb, "require('d')", LUA_ERRRUN, "d.lua': Is a directory");
	/* modules share the instruction budget */
	EXPECT_ERR(sb, "require('loop')", LUA_ERRRUN, "loop.lua:1: scenario stopped");
	lsb_free(sb);

	sb = new_sandbox(0, 0, NULL);
	EXPECT_ERR(sb, "require('a')", LUA_ERRRUN,
		   "module 'a' not found: wirelab loads only its own Lua modules "
		   "(searched: nowhere: no module directories are configured)");
	lsb_free(sb);
	tmp_remove(&d);
}

/* ---- 4. math.random ------------------------------------------------------- */

struct seq {
	const uint64_t *v;
	size_t n, i;
};

static uint64_t seq_next(void *ctx)
{
	struct seq *s = ctx;
	assert_true(s->i < s->n);
	return s->v[s->i++];
}

static uint64_t xorshift_next(void *ctx)
{
	uint64_t *x = ctx;
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_random_semantics(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);
	static const uint64_t reject[] = {7, 6, 3};
	static const uint64_t top[] = {UINT64_MAX};
	static const uint64_t zero[] = {0};
	static const uint64_t sign[] = {UINT64_C(0x8000000000000000)};
	static const uint64_t pow2[] = {UINT64_C(0xfffffffffffffffd)};
	struct seq s;

	/* (1, 6): n = 5, mask 7: 7 and 6 are rejected, 3 gives 1 + 3 */
	s = (struct seq){reject, 3, 0};
	lsb_set_random(sb, seq_next, &s);
	EXPECT_OK(sb, "return math.random(1, 6)", "4");
	assert_int_equal(s.i, 3);

	s = (struct seq){top, 1, 0};
	EXPECT_OK(sb, "local x = math.random() return tostring(x < 1 and x == 1 - 2^-53)", "true");
	s = (struct seq){zero, 1, 0};
	EXPECT_OK(sb, "return math.random()", "0.0");
	s = (struct seq){sign, 1, 0};
	EXPECT_OK(sb, "return math.random(0) == math.mininteger", "true");
	/* n + 1 a power of two: masked, never redrawn */
	s = (struct seq){pow2, 1, 0};
	EXPECT_OK(sb, "return math.random(4)", "2");
	s = (struct seq){top, 1, 0};
	EXPECT_OK(sb, "return math.random(math.mininteger, math.maxinteger)",
		  "9223372036854775807");
	s = (struct seq){top, 1, 0};
	EXPECT_OK(sb, "return math.random(5, 5)", "5");

	s = (struct seq){zero, 1, 0};
	EXPECT_ERR(sb, "math.random(2, 1)", LUA_ERRRUN,
		   "t:1: bad argument #1 to 'random' (interval is empty)");
	s = (struct seq){zero, 1, 0};
	EXPECT_ERR(sb, "math.random(1, 2, 3)", LUA_ERRRUN, "t:1: wrong number of arguments");
	s = (struct seq){zero, 1, 0};
	EXPECT_ERR(sb, "math.random(1.5)", LUA_ERRRUN,
		   "t:1: bad argument #1 to 'random' (number has no integer representation)");
	s = (struct seq){zero, 1, 0};
	EXPECT_ERR(sb, "math.random('x')", LUA_ERRRUN, "t:1: bad argument #1 to 'random'");
	EXPECT_OK(sb, "return select('#', math.randomseed(42))", "0");
	lsb_free(sb);
}

static const char random_script[] =
	"local counts, lo, hi = {}, math.huge, -math.huge\n"
	"for i = 1, 6000 do\n"
	"  local r = math.random(6) counts[r] = (counts[r] or 0) + 1\n"
	"  local q = math.random(-3, 3) lo = math.min(lo, q) hi = math.max(hi, q)\n"
	"  local f = math.random() assert(f >= 0 and f < 1)\n"
	"  assert(math.type(r) == 'integer')\n"
	"end\n"
	"for v = 1, 6 do assert(counts[v] > 800 and counts[v] < 1200, v) end\n"
	"assert(#counts == 6 and lo == -3 and hi == 3)\n"
	"math.randomseed(1234)\n"
	"local out = {}\n"
	"for i = 1, 10 do out[i] = math.random(1000000) end\n"
	"return table.concat(out, ',')\n";

static void test_random_determinism(void **state)
{
	(void)state;
	uint64_t x1 = 88172645463325252u, x2 = 88172645463325252u;
	struct lsb *sb1 = new_sandbox(0, 0, NULL);
	struct lsb *sb2 = new_sandbox(0, 0, NULL);
	char out1[512], out2[512];

	lsb_set_random(sb1, xorshift_next, &x1);
	lsb_set_random(sb2, xorshift_next, &x2);
	assert_int_equal(run(sb1, random_script, out1, sizeof out1), LUA_OK);
	assert_int_equal(run(sb2, random_script, out2, sizeof out2), LUA_OK);
	assert_string_equal(out1, out2);

	/* randomseed changed nothing: a third stream without it agrees */
	{
		uint64_t x3 = 88172645463325252u;
		struct lsb *sb3 = new_sandbox(0, 0, NULL);
		char out3[512];
		lsb_set_random(sb3, xorshift_next, &x3);
		assert_int_equal(run(sb3, "for i = 1, 6000 do math.random(6) math.random(-3, 3) "
					  "math.random() end local out = {} for i = 1, 10 do "
					  "out[i] = math.random(1000000) end "
					  "return table.concat(out, ',')", out3, sizeof out3), LUA_OK);
		assert_string_equal(out1, out3);
		lsb_free(sb3);
	}

	/* with no generator set, the fixed default stream is the same everywhere */
	lsb_set_random(sb1, NULL, NULL);
	{
		struct lsb *sb3 = new_sandbox(0, 0, NULL);
		char out3[512];
		struct lsb *sb4 = new_sandbox(0, 0, NULL);
		char out4[512];
		assert_int_equal(run(sb3, random_script, out3, sizeof out3), LUA_OK);
		assert_int_equal(run(sb4, random_script, out4, sizeof out4), LUA_OK);
		assert_string_equal(out3, out4);
		assert_string_not_equal(out3, out1);
		lsb_free(sb3);
		lsb_free(sb4);
	}
	lsb_free(sb1);
	lsb_free(sb2);
}

/* ---- table.sort ------------------------------------------------------------- */

static void test_sort_is_stable(void **state)
{
	(void)state;
	struct lsb *sb = new_sandbox(0, 0, NULL);

	EXPECT_OK(sb,
		  "local t = {}\n"
		  "for i = 1, 1000 do t[i] = {k = (i * 7919) % 3, i = i} end\n"
		  "table.sort(t, function(a, b) return a.k < b.k end)\n"
		  "for i = 2, #t do\n"
		  "  assert(t[i - 1].k <= t[i].k)\n"
		  "  if t[i - 1].k == t[i].k then assert(t[i - 1].i < t[i].i, i) end\n"
		  "end\n"
		  "return #t",
		  "1000");
	EXPECT_OK(sb, "local t = {5, 3, 1, 4, 2, 3} table.sort(t) return table.concat(t, ',')",
		  "1,2,3,3,4,5");
	EXPECT_OK(sb, "local t = {'b', 'C', 'a'} table.sort(t) return table.concat(t)", "Cab");
	EXPECT_OK(sb, "local t = {1, 2, 3} table.sort(t, function(a, b) return a > b end) "
		      "return table.concat(t)", "321");
	EXPECT_OK(sb, "local t = {} table.sort(t) table.sort({1}) return #t", "0");
	EXPECT_ERR(sb, "table.sort({1, 'x'})", LUA_ERRRUN, "attempt to compare");
	EXPECT_ERR(sb, "table.sort(nil)", LUA_ERRRUN,
		   "t:1: bad argument #1 to 'sort' (table expected, got nil)");
	EXPECT_ERR(sb, "table.sort({3, 1}, 5)", LUA_ERRRUN,
		   "t:1: bad argument #2 to 'sort' (function expected, got number)");
	/* a proxy with __index/__newindex/__len, as ltablib accepts */
	EXPECT_OK(sb,
		  "local store = {3, 1, 2}\n"
		  "local p = setmetatable({}, {__index = store, __newindex = store,\n"
		  "  __len = function() return #store end})\n"
		  "table.sort(p) return table.concat(store, ',')",
		  "1,2,3");
	lsb_free(sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_defaults),
		cmocka_unit_test(test_new_odd_limits),
		cmocka_unit_test(test_endless_loop),
		cmocka_unit_test(test_pcall_cannot_swallow_the_limit),
		cmocka_unit_test(test_coroutines_are_counted),
		cmocka_unit_test(test_no_unhooked_code_after_the_limit),
		cmocka_unit_test(test_xpcall_and_wrap_as_in_lua),
		cmocka_unit_test(test_coroutine_inherits_hook),
		cmocka_unit_test(test_instruction_count),
		cmocka_unit_test(test_c_loops_are_charged),
		cmocka_unit_test(test_memory_bombs),
		cmocka_unit_test(test_memory_error_caught_is_not_the_end),
		cmocka_unit_test(test_deep_recursion),
		cmocka_unit_test(test_deep_coroutine_nesting),
		cmocka_unit_test(test_dangerous_names_absent),
		cmocka_unit_test(test_string_metatable_locked),
		cmocka_unit_test(test_gc_finalizers_refused),
		cmocka_unit_test(test_collectgarbage),
		cmocka_unit_test(test_load_text_only),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_print_and_tostring),
		cmocka_unit_test(test_pairs_order),
		cmocka_unit_test(test_pairs_refuses_unordered_keys),
		cmocka_unit_test(test_pairs_metamethod_and_changes),
		cmocka_unit_test(test_pairs_same_in_fresh_states),
		cmocka_unit_test(test_require),
		cmocka_unit_test(test_random_semantics),
		cmocka_unit_test(test_random_determinism),
		cmocka_unit_test(test_sort_is_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
