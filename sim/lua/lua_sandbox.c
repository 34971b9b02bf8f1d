/* lua_sandbox.c — the sandboxed Lua state; the contract is in lua_sandbox.h.
 *
 * Models: Lua 5.4's own libraries (lbaselib.c, lmathlib.c, ltablib.c,
 * loadlib.c), whose behaviour the replacements here keep wherever the sandbox
 * does not need to differ, and lua.c, whose "interrupted!" hook shows that a
 * count hook may raise an error.
 *
 * Facts of the Lua 5.4 implementation this file relies on (checked in the 5.4
 * sources, lstate.c, ldo.c, lgc.c):
 *   - lua_newthread copies hook, hookmask and basehookcount from the thread
 *     that creates it, so every coroutine is counted and, once the budget is
 *     spent, a coroutine made by an exhausted thread starts exhausted.
 *   - A hook runs in the frame of the Lua function that was executing (no
 *     CallInfo of its own), so luaL_where(L, 0) in the hook names the line of
 *     the loop.
 *   - GCTM clears allowhook while a __gc finalizer runs: the count hook is
 *     blind there, hence setmetatable() refuses __gc.
 *   - luaD_hook sets allowhook = 0 around the hook and restores it only when
 *     the hook returns.  When the hook raises instead, hooks stay off in that
 *     thread until a luaD_pcall (or a pcall's recovery in a coroutine)
 *     restores them — and two things run Lua code before that: the xpcall
 *     message handler (luaG_errormsg calls it from inside the raise), and the
 *     __close handlers of a coroutine that died of the error, which
 *     coroutine.wrap and coroutine.close run through lua_resetthread.  Either
 *     would run unhooked and could loop forever, so once the budget is spent
 *     the sandbox runs neither (base_xpcall, coroutine_wrap, coroutine_close).
 *   - After a refused allocation Lua runs an emergency collection and asks
 *     once more before raising LUA_ERRMEM; Lua assumes a shrinking
 *     reallocation never fails.
 */
#include "lua/lua_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

/* The count hook fires every this many VM instructions: often enough that an
 * endless loop is caught microseconds after passing the budget, rarely
 * enough that the hook costs nothing measurable. */
#define LSB_HOOK_PERIOD 1000

struct lsb {
	lua_State *L;

	size_t max_memory_bytes;
	size_t memory_used_bytes;
	/* The last allocation that failed was refused by the limit, and no
	 * allocation has succeeded since: the limit is what is failing the run. */
	bool memory_refused;

	uint64_t max_instructions;
	uint64_t instructions_used;
	bool instructions_exhausted;

	char **module_dirs; /* NULL-terminated copy */
	const struct lsb_builtin *builtins; /* not copied: static texts */

	void (*print_fn)(void *ctx, const char *line);
	void *print_ctx;

	uint64_t (*random_fn)(void *ctx);
	void *random_ctx;
	uint64_t fallback_random_state;

	lua_Integer last_object_id; /* for "table: #12" */

	/* The library functions our wrappers finish with.  They are called
	 * directly, in the wrapper's own frame, so that their argument errors
	 * name the function and carry the caller's file:line exactly as when the
	 * scenario calls them itself.  That is only sound for functions without
	 * upvalues, which these are (take_function checks it). */
	lua_CFunction base_load;
	lua_CFunction base_setmetatable;
	lua_CFunction base_xpcall;
	lua_CFunction coroutine_close;
	lua_CFunction string_format;
	lua_CFunction string_rep;
	lua_CFunction table_move;

	char memory_message[128];
	char instructions_message[128];
};

/* Registry keys: the addresses are the keys, the contents are never read. */
static const char lsb_key_loaded = 'L';  /* module name -> module value */
static const char lsb_key_loading = 'P'; /* sentinel: module being loaded */
static const char lsb_key_ids = 'I';     /* object -> id, weak keys */

static const char lsb_binary_refusal[] =
	"is a precompiled Lua chunk (bytecode); wirelab runs only Lua source text";

static void *lsb_xmalloc(size_t n)
{
	void *p = malloc(n);
	if (p == NULL)
		abort(); /* STYLE: allocation failure aborts */
	return p;
}

static char *lsb_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(lsb_xmalloc(n), s, n);
}

/* ---- memory ---------------------------------------------------------- */

/* lua_Alloc.  ptr NULL means a new block, and then osize is a type tag, not
 * a size.  Accounting follows Lua's view of every block's size, so the frees
 * Lua reports later balance it exactly. */
static void *lsb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct lsb *sb = ud;
	size_t old = ptr != NULL ? osize : 0;
	void *p;

	if (nsize == 0) {
		free(ptr);
		sb->memory_used_bytes -= old;
		return NULL;
	}
	if (nsize > old && nsize - old > sb->max_memory_bytes - sb->memory_used_bytes) {
		sb->memory_refused = true;
		return NULL;
	}
	p = realloc(ptr, nsize);
	if (p == NULL) {
		if (nsize > old)
			return NULL; /* the machine is out of memory, not the scenario */
		p = ptr;         /* Lua assumes shrinking succeeds: keep the block */
	}
	sb->memory_used_bytes = sb->memory_used_bytes - old + nsize;
	if (nsize > old)
		sb->memory_refused = false;
	return p;
}

struct lsb *lsb_from_state(lua_State *L)
{
	void *ud;
	if (lua_getallocf(L, &ud) != lsb_alloc)
		return NULL;
	return ud;
}

/* Every C function registered here runs only in states made by lsb_new. */
static struct lsb *lsb_of(lua_State *L)
{
	void *ud;
	lua_getallocf(L, &ud);
	return ud;
}

static int lsb_panic(lua_State *L)
{
	/* Reached only when the host calls Lua outside lua_pcall: a wirelab bug,
	 * not a scenario's fault.  Say what happened; Lua aborts on return. */
	const char *msg = lua_tostring(L, -1);
	fprintf(stderr, "wirelab: Lua error outside lua_pcall (a bug in wirelab): %s\n",
		msg != NULL ? msg : "(error object is not a string)");
	return 0;
}

/* ---- instructions ---------------------------------------------------- */

static void lsb_count_hook(lua_State *L, lua_Debug *ar);

/* Spends the budget and raises the error at `level` (0 in the hook, where the
 * running Lua function is level 0; 1 in a C function, for its caller). */
static int lsb_stop_endless(lua_State *L, struct lsb *sb, int level)
{
	sb->instructions_exhausted = true;
	/* From now on this thread errors on every instruction, so a pcall or
	 * xpcall in a loop cannot catch the error and carry on.  Other threads
	 * still fire within LSB_HOOK_PERIOD instructions and switch then;
	 * coroutines created later copy the period of their creator. */
	if (lua_gethookcount(L) != 1)
		lua_sethook(L, lsb_count_hook, LUA_MASKCOUNT, 1);
	luaL_where(L, level);
	lua_pushstring(L, sb->instructions_message);
	lua_concat(L, 2);
	return lua_error(L);
}

static void lsb_count_hook(lua_State *L, lua_Debug *ar)
{
	struct lsb *sb = lsb_of(L);
	(void)ar;
	if (!sb->instructions_exhausted) {
		sb->instructions_used += (uint64_t)lua_gethookcount(L);
		if (sb->instructions_used <= sb->max_instructions)
			return;
	}
	lsb_stop_endless(L, sb, 0);
}

/* For C library loops the hook cannot see: n units of work cost n
 * instructions, raised against the calling Lua line. */
static void lsb_charge(lua_State *L, struct lsb *sb, uint64_t n)
{
	if (sb->instructions_exhausted || n > sb->max_instructions - sb->instructions_used) {
		sb->instructions_used = sb->max_instructions;
		lsb_stop_endless(L, sb, 1);
	}
	sb->instructions_used += n;
}

/* ---- reproducible tostring ------------------------------------------- */

/* The id of the object at idx, given in order of first request; ids never
 * repeat, even after the object is collected. */
static lua_Integer lsb_object_id(lua_State *L, struct lsb *sb, int idx)
{
	lua_Integer id;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &lsb_key_ids);
	lua_pushvalue(L, idx);
	if (lua_rawget(L, -2) == LUA_TNUMBER) {
		id = lua_tointeger(L, -1);
	} else {
		id = ++sb->last_object_id;
		lua_pushvalue(L, idx);
		lua_pushinteger(L, id);
		lua_rawset(L, -4);
	}
	lua_pop(L, 2);
	return id;
}

const char *lsb_tolstring(lua_State *L, int idx, size_t *len)
{
	struct lsb *sb = lsb_from_state(L);
	int name_type;
	const char *kind;

	idx = lua_absindex(L, idx);
	switch (lua_type(L, idx)) {
	case LUA_TTABLE:
	case LUA_TFUNCTION:
	case LUA_TUSERDATA:
	case LUA_TLIGHTUSERDATA:
	case LUA_TTHREAD:
		break;
	default:
		return luaL_tolstring(L, idx, len); /* nil, booleans, numbers, strings */
	}
	if (sb == NULL || luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
		if (sb != NULL)
			lua_pop(L, 1);
		return luaL_tolstring(L, idx, len); /* the object speaks for itself */
	}
	/* luaL_tolstring would print "%s: %p"; the address differs per run. */
	name_type = luaL_getmetafield(L, idx, "__name");
	kind = name_type == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, idx);
	lua_pushfstring(L, "%s: #%I", kind, (LUAI_UACINT)lsb_object_id(L, sb, idx));
	if (name_type != LUA_TNIL)
		lua_remove(L, -2);
	return lua_tolstring(L, -1, len);
}

static int base_tostring(lua_State *L)
{
	luaL_checkany(L, 1);
	lsb_tolstring(L, 1, NULL);
	return 1;
}

static int base_print(lua_State *L)
{
	struct lsb *sb = lsb_of(L);
	int n = lua_gettop(L);
	luaL_Buffer b;

	/* Convert even with no sink, so __tostring runs (and is counted) the
	 * same whether or not the host listens. */
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		lsb_tolstring(L, i, NULL); /* balanced but for its result, */
		luaL_addvalue(&b);         /* which addvalue may take from the top */
	}
	luaL_pushresult(&b);
	if (sb->print_fn != NULL)
		sb->print_fn(sb->print_ctx, lua_tostring(L, -1));
	return 0;
}

/* string.format with "%s" of tables etc. in the "#12" form and "%p" refused.
 * The scan mirrors lstrlib.c's: '%', then flags, width and precision from
 * "-+ #0123456789.", then the conversion letter.  Anything malformed is left
 * for the real string.format to report. */
static int string_format(lua_State *L)
{
	struct lsb *sb = lsb_of(L);
	size_t len;
	const char *fmt = luaL_checklstring(L, 1, &len);
	int top = lua_gettop(L);
	int arg = 1;

	for (size_t i = 0; i < len; i++) {
		if (fmt[i] != '%')
			continue;
		if (++i < len && fmt[i] == '%')
			continue;
		while (i < len && fmt[i] != '\0' && strchr("-+ #0123456789.", fmt[i]) != NULL)
			i++;
		if (i >= len)
			break;
		arg++;
		if (fmt[i] == 'p')
			return luaL_error(L, "string.format: '%%p' prints a memory address, which "
					  "changes from run to run; wirelab does not allow it");
		if (fmt[i] == 's' && arg <= top) {
			int t = lua_type(L, arg);
			if (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TUSERDATA ||
			    t == LUA_TLIGHTUSERDATA || t == LUA_TTHREAD) {
				lsb_tolstring(L, arg, NULL);
				lua_replace(L, arg);
			}
		}
	}
	return sb->string_format(L);
}

/* ---- base library replacements --------------------------------------- */

static int base_load(lua_State *L)
{
	/* lbaselib's load reads the mode from slot 3 and takes slot 4 as env only
	 * if present; force the mode and leave slot 4 alone. */
	if (lua_gettop(L) < 3)
		lua_settop(L, 3);
	lua_pushliteral(L, "t");
	lua_replace(L, 3);
	return lsb_of(L)->base_load(L);
}

static int base_getmetatable(lua_State *L)
{
	luaL_checkany(L, 1);
	/* Every string shares one metatable; handing it out would let one line
	 * redefine string methods for all code in the state, wirelab's own
	 * modules included. */
	if (lua_type(L, 1) == LUA_TSTRING || !lua_getmetatable(L, 1)) {
		luaL_pushfail(L);
		return 1;
	}
	luaL_getmetafield(L, 1, "__metatable"); /* pushes it only if present */
	return 1;
}

static int base_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		int has_gc;
		lua_pushliteral(L, "__gc");
		has_gc = lua_rawget(L, 2) != LUA_TNIL; /* the test lgc.c makes */
		lua_pop(L, 1);
		if (has_gc)
			return luaL_error(L, "setmetatable: __gc finalizers are not available in "
					  "wirelab (they run when the collector decides and "
					  "cannot be stopped if they loop)");
	}
	return lsb_of(L)->base_setmetatable(L);
}

static int base_collectgarbage(lua_State *L)
{
	const char *opt = luaL_optstring(L, 1, "collect");
	int res;

	if (strcmp(opt, "collect") == 0) {
		res = lua_gc(L, LUA_GCCOLLECT);
		if (res == -1)
			goto fail; /* called from inside the collector */
		lua_pushinteger(L, 0);
	} else if (strcmp(opt, "step") == 0) {
		int step = (int)luaL_optinteger(L, 2, 0);
		res = lua_gc(L, LUA_GCSTEP, step);
		if (res == -1)
			goto fail;
		lua_pushboolean(L, res);
	} else if (strcmp(opt, "count") == 0) {
		int kib = lua_gc(L, LUA_GCCOUNT);
		int rest = lua_gc(L, LUA_GCCOUNTB);
		if (kib == -1)
			goto fail;
		lua_pushnumber(L, (lua_Number)kib + (lua_Number)rest / 1024);
	} else if (strcmp(opt, "isrunning") == 0) {
		lua_pushboolean(L, lua_gc(L, LUA_GCISRUNNING));
	} else {
		return luaL_argerror(L, 1, lua_pushfstring(L,
			"option '%s' is not available in wirelab; use \"collect\", \"step\", "
			"\"count\" or \"isrunning\"", opt));
	}
	return 1;
fail:
	luaL_pushfail(L);
	return 1;
}

static int xpcall_handler(lua_State *L)
{
	/* Past the budget this may be running with hooks off (see the top of
	 * this file): hand the error on untouched instead of running Lua. */
	if (lsb_of(L)->instructions_exhausted)
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

static int base_xpcall(lua_State *L)
{
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, xpcall_handler, 1);
	lua_replace(L, 2);
	return lsb_of(L)->base_xpcall(L);
}

/* coroutine.wrap as lcorolib.c's auxwrap, except that a coroutine killed
 * after the budget is spent keeps its to-be-closed variables unclosed: its
 * hooks are off (see the top of this file), so a __close could loop forever.
 * Nothing is lost: a scenario holds no resource that only __close frees. */
static int coroutine_wrap_call(lua_State *L)
{
	struct lsb *sb = lsb_of(L);
	lua_State *co = lua_tothread(L, lua_upvalueindex(1));
	int narg = lua_gettop(L);
	int nres, status;

	if (sb->instructions_exhausted)
		return lsb_stop_endless(L, sb, 1);
	if (!lua_checkstack(co, narg))
		return luaL_error(L, "too many arguments to resume");
	lua_xmove(L, co, narg);
	status = lua_resume(co, L, narg, &nres);
	if (status == LUA_OK || status == LUA_YIELD) {
		if (!lua_checkstack(L, nres + 1)) {
			lua_pop(co, nres);
			return luaL_error(L, "too many results to resume");
		}
		lua_xmove(co, L, nres);
		return nres;
	}
	lua_xmove(co, L, 1); /* the error */
	status = lua_status(co);
	if (status != LUA_OK && status != LUA_YIELD && !sb->instructions_exhausted) {
		status = lua_resetthread(co); /* close its to-be-closed variables */
		lua_xmove(co, L, 1);
	}
	if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
		luaL_where(L, 1); /* as auxwrap: say where the wrap was called */
		lua_insert(L, -2);
		lua_concat(L, 2);
	}
	return lua_error(L);
}

static int coroutine_wrap(lua_State *L)
{
	lua_State *co;
	luaL_checktype(L, 1, LUA_TFUNCTION);
	co = lua_newthread(L); /* copies the count hook from L */
	lua_pushvalue(L, 1);
	lua_xmove(L, co, 1);
	lua_pushcclosure(L, coroutine_wrap_call, 1);
	return 1;
}

static int coroutine_close(lua_State *L)
{
	struct lsb *sb = lsb_of(L);
	if (sb->instructions_exhausted)
		return lsb_stop_endless(L, sb, 1); /* see coroutine_wrap_call */
	return sb->coroutine_close(L);
}

/* ---- pairs in a reproducible order ------------------------------------ */

/* Lua 5.4 seeds string hashes from the address of the state and time(NULL),
 * so the raw order of next() differs between runs.  pairs() therefore sorts
 * a snapshot of the keys. */

enum { KEY_NUMBER, KEY_STRING, KEY_BOOLEAN };

struct key_rec {
	int rank;       /* KEY_NUMBER < KEY_STRING < KEY_BOOLEAN */
	bool is_int;
	lua_Integer i;  /* integer key, or boolean as 0/1 */
	lua_Number f;   /* float key */
	const char *s;  /* string key, anchored by the snapshot table */
	size_t len;
	lua_Integer pos; /* index in the snapshot table */
};

/* Compares float f with integer i exactly (no rounding of i to double).  f is
 * never NaN: NaN cannot be a table key. */
static int cmp_float_int(lua_Number f, lua_Integer i)
{
	lua_Number fl;
	lua_Integer fi;

	if (f >= 0x1p63)
		return 1;
	if (f < -0x1p63)
		return -1;
	fl = floor(f);
	fi = (lua_Integer)fl; /* exact: fl is integral and in range */
	if (fi < i)
		return -1; /* f < fi + 1 <= i */
	if (fi > i)
		return 1;
	return f > fl ? 1 : 0;
}

static int cmp_keys(const void *pa, const void *pb)
{
	const struct key_rec *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	switch (a->rank) {
	case KEY_NUMBER:
		if (a->is_int && b->is_int)
			return (a->i > b->i) - (a->i < b->i);
		if (!a->is_int && !b->is_int)
			return (a->f > b->f) - (a->f < b->f);
		return a->is_int ? -cmp_float_int(b->f, a->i) : cmp_float_int(a->f, b->i);
	case KEY_STRING: {
		int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
		if (c != 0)
			return c < 0 ? -1 : 1;
		return (a->len > b->len) - (a->len < b->len);
	}
	default:
		return (a->i > b->i) - (a->i < b->i);
	}
}

/* Upvalues: 1 the table, 2 the sorted keys, 3 how many keys were handed out,
 * 4 how many there are. */
static int pairs_iter(lua_State *L)
{
	lua_Integer done = lua_tointeger(L, lua_upvalueindex(3));
	lua_Integer n = lua_tointeger(L, lua_upvalueindex(4));

	while (done < n) {
		done++;
		lua_rawgeti(L, lua_upvalueindex(2), done);
		lua_pushvalue(L, -1);
		if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
			lua_pushinteger(L, done);
			lua_replace(L, lua_upvalueindex(3));
			return 2; /* key, value */
		}
		lua_pop(L, 2); /* set to nil during the loop: skip, as next() would */
	}
	lua_pushinteger(L, done);
	lua_replace(L, lua_upvalueindex(3));
	lua_pushnil(L);
	return 1;
}

static int pairs_cont(lua_State *L, int status, lua_KContext k)
{
	(void)L;
	(void)status;
	(void)k;
	return 3;
}

static int base_pairs(lua_State *L)
{
	lua_Integer n = 0;
	struct key_rec *recs;

	luaL_checkany(L, 1);
	if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
		lua_pushvalue(L, 1); /* as Lua 5.4: three values from the metamethod */
		lua_callk(L, 1, 3, 0, pairs_cont);
		return 3;
	}
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);

	/* 2: the keys in raw order.  Holding them here anchors the strings the
	 * records below point into, even if the table is weak. */
	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		int t = lua_type(L, -2);
		lua_pop(L, 1);
		if (t != LUA_TNUMBER && t != LUA_TSTRING && t != LUA_TBOOLEAN)
			return luaL_error(L, "pairs: a %s used as a key has no reproducible order "
					  "in wirelab; use an array or string keys",
					  luaL_typename(L, -1));
		lua_pushvalue(L, -1);
		lua_rawseti(L, 2, ++n);
	}
	if ((size_t)n > SIZE_MAX / sizeof *recs)
		return luaL_error(L, "pairs: table too big");

	/* 3: one record per key; a userdata, so an error cannot leak it. */
	recs = lua_newuserdatauv(L, (size_t)n * sizeof *recs + 1, 0);
	for (lua_Integer k = 1; k <= n; k++) {
		struct key_rec *r = &recs[k - 1];
		memset(r, 0, sizeof *r);
		r->pos = k;
		switch (lua_rawgeti(L, 2, k)) {
		case LUA_TNUMBER:
			r->rank = KEY_NUMBER;
			r->is_int = lua_isinteger(L, -1);
			if (r->is_int)
				r->i = lua_tointeger(L, -1);
			else
				r->f = lua_tonumber(L, -1);
			break;
		case LUA_TSTRING:
			r->rank = KEY_STRING;
			r->s = lua_tolstring(L, -1, &r->len);
			break;
		default:
			r->rank = KEY_BOOLEAN;
			r->i = lua_toboolean(L, -1);
			break;
		}
		lua_pop(L, 1);
	}
	/* Distinct keys never compare equal, so an unstable sort is enough. */
	qsort(recs, (size_t)n, sizeof *recs, cmp_keys);

	/* The iterator: upvalues table, sorted keys, 0, n. */
	lua_pushvalue(L, 1);
	lua_createtable(L, (int)(n < INT_MAX ? n : INT_MAX), 0);
	for (lua_Integer k = 1; k <= n; k++) {
		lua_rawgeti(L, 2, recs[k - 1].pos);
		lua_rawseti(L, -2, k);
	}
	lua_pushinteger(L, 0);
	lua_pushinteger(L, n);
	lua_pushcclosure(L, pairs_iter, 4);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* ---- require ---------------------------------------------------------- */

/* ^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$ */
static bool module_name_ok(const char *name, size_t len)
{
	bool word_start = true;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
		bool digit = c >= '0' && c <= '9';
		if (word_start) {
			if (!alpha)
				return false;
			word_start = false;
		} else if (c == '.') {
			word_start = true;
		} else if (!alpha && !digit) {
			return false;
		}
	}
	return !word_start; /* no trailing dot */
}

enum { READ_OK = 0, READ_CHANGED = -1, READ_NOT_REGULAR = -2 };

/* Pushes a userdata holding the whole regular file at path and sets *len;
 * returns READ_OK.  Otherwise pushes nothing and returns an errno value or a
 * READ_ code.  The buffer is allocated before the file is opened, so a memory
 * error (which unwinds) cannot leak a descriptor; it counts against the limit.
 * O_NONBLOCK and the second fstat keep a FIFO swapped in after the stat from
 * blocking the open or the read. */
static int push_file(lua_State *L, const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd, e = READ_OK;
	char extra;

	if (stat(path, &st) != 0)
		return errno;
	if (!S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? EISDIR : READ_NOT_REGULAR;
	*len = (size_t)st.st_size;
	buf = lua_newuserdatauv(L, *len + 1, 0);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		lua_pop(L, 1);
		return e;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != *len)
		e = READ_CHANGED;
	while (e == READ_OK && got < *len) {
		ssize_t n = read(fd, buf + got, *len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			e = errno;
		else if (n == 0)
			e = READ_CHANGED; /* shorter than it was */
		else
			got += (size_t)n;
	}
	if (e == READ_OK && read(fd, &extra, 1) != 0)
		e = READ_CHANGED; /* longer than it was */
	close(fd);
	if (e != READ_OK)
		lua_pop(L, 1);
	return e;
}

static const char *read_error(int e)
{
	switch (e) {
	case READ_CHANGED:
		return "the file changed while it was being read";
	case READ_NOT_REGULAR:
		return "not a regular file";
	default:
		return strerror(e);
	}
}

/* Compiles buf as text with the given Lua chunk name; pushes the function or
 * a message and returns the status.  skip_header drops a UTF-8 BOM and a
 * first line starting with '#' (keeping its newline, so line numbers hold), as
 * luaL_loadfilex does.  display names the source in the binary refusal. */
static int load_text(lua_State *L, const char *buf, size_t len, const char *chunkname,
		     const char *display, bool skip_header)
{
	if (skip_header) {
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			buf += 3;
			len -= 3;
		}
		if (len > 0 && buf[0] == '#') {
			const char *nl = memchr(buf, '\n', len);
			size_t skip = nl != NULL ? (size_t)(nl - buf) : len;
			buf += skip;
			len -= skip;
		}
	}
	/* mode "t" below would refuse it too, but in Lua's words, which do not
	 * tell a learner what the file is. */
	if (len > 0 && buf[0] == LUA_SIGNATURE[0]) {
		lua_pushfstring(L, "%s: %s", display, lsb_binary_refusal);
		return LUA_ERRSYNTAX;
	}
	return luaL_loadbufferx(L, buf, len, chunkname, "t");
}

/* The module chunk at 7 (or its compile error, for status != LUA_OK) of
 * module name, read from path (at 4); 2 is the loaded table.  Runs it and
 * keeps its value as require's result. */
static int require_run(lua_State *L, const char *name, const char *path, int status)
{
	if (status != LUA_OK)
		return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s",
				  name, path, lua_tostring(L, 7));
	/* Mark it loading: a cycle is then reported instead of recursing
	 * until the C stack overflows. */
	lua_pushlightuserdata(L, (void *)&lsb_key_loading);
	lua_setfield(L, 2, name);
	lua_pushvalue(L, 1); /* as Lua 5.4: the chunk gets name and path */
	lua_pushvalue(L, 4);
	if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
		lua_pushnil(L);
		lua_setfield(L, 2, name); /* a later require tries again */
		return lua_error(L);
	}
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1); /* as package.loaded */
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, 2, name);
	return 1;
}

static int base_require(lua_State *L)
{
	struct lsb *sb = lsb_of(L);
	size_t len;
	const char *name = luaL_checklstring(L, 1, &len);

	/* First, so that every name used below as a C string is free of '\0'
	 * (with one, "a\0b" would find the cached "a"). */
	if (!module_name_ok(name, len))
		return luaL_error(L, "module '%s' not found: wirelab loads only its own Lua "
				  "modules (searched: nothing; a module name is words of "
				  "letters, digits and '_' joined by dots, like 'net.docker')",
				  name);

	lua_settop(L, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &lsb_key_loaded); /* 2 */
	if (lua_getfield(L, 2, name) != LUA_TNIL) {
		if (lua_touserdata(L, -1) == &lsb_key_loading)
			return luaL_error(L, "module '%s' requires itself (directly or through "
					  "other modules) before it has finished loading", name);
		return 1;
	}
	lua_pop(L, 1);

	lua_pushliteral(L, ""); /* 3: the paths tried, for the message */
	/* The modules built into wirelab come first: they are part of the
	 * program, as its C code is. */
	for (const struct lsb_builtin *b = sb->builtins; b != NULL && b->name != NULL; b++) {
		if (strcmp(b->name, name) != 0)
			continue;
		lua_pushstring(L, b->path);      /* 4 */
		lua_pushnil(L);                  /* 5: no file buffer */
		lua_pushfstring(L, "@%s", b->path); /* 6 */
		return require_run(L, name, b->path,
				   load_text(L, b->text, b->len, lua_tostring(L, 6), b->path,
					     true)); /* 7 */
	}
	for (char **dir = sb->module_dirs; *dir != NULL; dir++) {
		const char *path;
		size_t size;
		int e, status;

		lua_pushstring(L, *dir);
		lua_pushliteral(L, "/");
		luaL_gsub(L, name, ".", "/");
		lua_pushliteral(L, ".lua");
		lua_concat(L, 4); /* 4: the path */
		path = lua_tostring(L, 4);
		e = push_file(L, path, &size); /* 5: the contents */
		if (e == ENOENT || e == ENOTDIR || e == ENAMETOOLONG) {
			lua_pushvalue(L, 3);
			if (lua_rawlen(L, 3) > 0)
				lua_pushliteral(L, ", ");
			lua_pushvalue(L, 4);
			lua_concat(L, lua_rawlen(L, 3) > 0 ? 3 : 2);
			lua_replace(L, 3);
			lua_settop(L, 3);
			continue;
		}
		if (e != READ_OK)
			return luaL_error(L, "cannot read module '%s' from '%s': %s", name, path,
					  read_error(e));
		lua_pushfstring(L, "@%s", path); /* 6 */
		status = load_text(L, lua_touserdata(L, 5), size, lua_tostring(L, 6), path,
				   true); /* 7 */
		return require_run(L, name, path, status);
	}
	if (lua_rawlen(L, 3) == 0) {
		lua_pushliteral(L, "nowhere: no module directories are configured");
		lua_replace(L, 3);
	}
	return luaL_error(L, "module '%s' not found: wirelab loads only its own Lua modules "
			  "(searched: %s)", name, lua_tostring(L, 3));
}

/* ---- math.random ------------------------------------------------------ */

static uint64_t lsb_next_u64(struct lsb *sb)
{
	uint64_t z;

	if (sb->random_fn != NULL)
		return sb->random_fn(sb->random_ctx);
	/* splitmix64 (Steele, Lea, Flood 2014), fixed seed */
	z = (sb->fallback_random_state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A uniform integer in [0, n] from the random bits ran, as lmathlib.c's
 * project(): mask to the smallest 2^b - 1 >= n and draw again while the
 * result is above n.  No modulo, so no bias. */
static uint64_t project(struct lsb *sb, uint64_t ran, uint64_t n)
{
	uint64_t lim = n;

	if ((n & (n + 1)) == 0)
		return ran & n; /* n + 1 is a power of two */
	lim |= lim >> 1;
	lim |= lim >> 2;
	lim |= lim >> 4;
	lim |= lim >> 8;
	lim |= lim >> 16;
	lim |= lim >> 32;
	while ((ran &= lim) > n)
		ran = lsb_next_u64(sb);
	return ran;
}

static int math_random(lua_State *L)
{
	struct lsb *sb = lsb_of(L);
	lua_Integer low, up;
	uint64_t rv = lsb_next_u64(sb);

	switch (lua_gettop(L)) {
	case 0:
		/* the top 53 bits, scaled: a float in [0, 1) */
		lua_pushnumber(L, (lua_Number)(rv >> 11) * 0x1.0p-53);
		return 1;
	case 1:
		low = 1;
		up = luaL_checkinteger(L, 1);
		if (up == 0) {
			lua_pushinteger(L, (lua_Integer)rv); /* math.random(0): all 64 bits */
			return 1;
		}
		break;
	case 2:
		low = luaL_checkinteger(L, 1);
		up = luaL_checkinteger(L, 2);
		break;
	default:
		return luaL_error(L, "wrong number of arguments");
	}
	luaL_argcheck(L, low <= up, 1, "interval is empty");
	lua_pushinteger(L, (lua_Integer)(project(sb, rv, (uint64_t)up - (uint64_t)low) +
					 (uint64_t)low));
	return 1;
}

static int math_randomseed(lua_State *L)
{
	(void)L; /* the seed of a run comes from the command line */
	return 0;
}

/* ---- table.sort (stable) and the charged C loops ---------------------- */

/* Is a < b?  a and b are positions in the table at index t. */
static bool sort_less(lua_State *L, int t, lua_Integer a, lua_Integer b)
{
	bool res;

	if (!lua_isnil(L, 2)) {
		lua_pushvalue(L, 2);
		lua_rawgeti(L, t, a);
		lua_rawgeti(L, t, b);
		lua_call(L, 2, 1);
		res = lua_toboolean(L, -1);
		lua_pop(L, 1);
	} else {
		lua_rawgeti(L, t, a);
		lua_rawgeti(L, t, b);
		res = lua_compare(L, -2, -1, LUA_OPLT);
		lua_pop(L, 2);
	}
	return res;
}

static void sort_move(lua_State *L, int from, lua_Integer i, int to, lua_Integer k)
{
	lua_rawgeti(L, from, i);
	lua_rawseti(L, to, k);
}

/* Bottom-up merge sort through two scratch arrays; reads and writes the
 * list with lua_geti/lua_seti, as ltablib.c does, so metamethods apply. */
static int table_sort(lua_State *L)
{
	lua_Integer n;
	int src = 3, dst = 4;

	if (lua_type(L, 1) != LUA_TTABLE) {
		/* ltablib accepts anything with __index, __newindex and __len */
		bool ok = lua_getmetatable(L, 1);
		if (ok) {
			lua_pushliteral(L, "__index");
			ok = lua_rawget(L, -2) != LUA_TNIL;
			lua_pushliteral(L, "__newindex");
			ok = lua_rawget(L, -3) != LUA_TNIL && ok;
			lua_pushliteral(L, "__len");
			ok = lua_rawget(L, -4) != LUA_TNIL && ok;
			lua_pop(L, 4);
		}
		if (!ok)
			luaL_checktype(L, 1, LUA_TTABLE);
	}
	n = luaL_len(L, 1);
	if (n <= 1)
		return 0;
	luaL_argcheck(L, n < INT_MAX, 1, "array too big");
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_settop(L, 2);
	lua_createtable(L, (int)n, 0);
	lua_createtable(L, (int)n, 0);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_geti(L, 1, i);
		lua_rawseti(L, src, i);
	}
	for (lua_Integer width = 1; width < n; width *= 2) {
		for (lua_Integer lo = 1; lo <= n; lo += 2 * width) {
			lua_Integer mid = lo + width <= n + 1 ? lo + width : n + 1;
			lua_Integer hi = lo + 2 * width <= n + 1 ? lo + 2 * width : n + 1;
			lua_Integer i = lo, j = mid, k = lo;
			while (i < mid && j < hi) {
				/* take from the right only if strictly less: stable */
				if (sort_less(L, src, j, i))
					sort_move(L, src, j++, dst, k++);
				else
					sort_move(L, src, i++, dst, k++);
			}
			while (i < mid)
				sort_move(L, src, i++, dst, k++);
			while (j < hi)
				sort_move(L, src, j++, dst, k++);
		}
		int swap = src;
		src = dst;
		dst = swap;
	}
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, src, i);
		lua_seti(L, 1, i);
	}
	return 0;
}

static int table_move(lua_State *L)
{
	struct lsb *sb = lsb_of(L);
	int okf, oke;
	lua_Integer f = lua_tointegerx(L, 2, &okf);
	lua_Integer e = lua_tointegerx(L, 3, &oke);

	if (okf && oke && e >= f) {
		uint64_t span = (uint64_t)e - (uint64_t)f;
		lsb_charge(L, sb, span < UINT64_MAX ? span + 1 : span);
	}
	return sb->table_move(L); /* it reports bad arguments itself */
}

static int string_rep(lua_State *L)
{
	struct lsb *sb = lsb_of(L);
	size_t l, lsep;
	lua_Integer n;

	luaL_checklstring(L, 1, &l);
	n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (n > 0 && l == 0 && lsep == 0) {
		/* lstrlib would copy nothing n times: minutes of C for 1e15 */
		lua_pushliteral(L, "");
		return 1;
	}
	if (n > 0)
		lsb_charge(L, sb, (uint64_t)n);
	return sb->string_rep(L);
}

/* ---- building the state ----------------------------------------------- */

static lua_CFunction take_function(lua_State *L, int table, const char *name)
{
	lua_CFunction f;
	lua_getfield(L, table, name);
	/* A C closure with upvalues would read ours when called in our frame. */
	if (!lua_iscfunction(L, -1) || lua_getupvalue(L, -1, 1) != NULL)
		luaL_error(L, "lua_sandbox: %s is not a plain C function in this Lua", name);
	f = lua_tocfunction(L, -1);
	lua_pop(L, 1);
	return f;
}

static void set_function(lua_State *L, int table, const char *name, lua_CFunction f)
{
	lua_pushcfunction(L, f);
	lua_setfield(L, table, name);
}

static void remove_field(lua_State *L, int table, const char *name)
{
	lua_pushnil(L);
	lua_setfield(L, table, name);
}

/* Runs inside lua_pcall, so running out of memory here is an error, not a
 * panic. */
static int lsb_open(lua_State *L)
{
	struct lsb *sb = lua_touserdata(L, 1);
	static const luaL_Reg libs[] = {
		{LUA_GNAME, luaopen_base},
		{LUA_COLIBNAME, luaopen_coroutine},
		{LUA_TABLIBNAME, luaopen_table},
		{LUA_STRLIBNAME, luaopen_string},
		{LUA_MATHLIBNAME, luaopen_math},
		{LUA_UTF8LIBNAME, luaopen_utf8},
	};
	int g, string, math, table, coroutine;

	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
		luaL_requiref(L, libs[i].name, libs[i].func, 1);
		lua_pop(L, 1);
	}
	lua_settop(L, 1);
	lua_pushglobaltable(L);
	g = lua_gettop(L);
	lua_getfield(L, g, LUA_STRLIBNAME);
	string = lua_gettop(L);
	lua_getfield(L, g, LUA_MATHLIBNAME);
	math = lua_gettop(L);
	lua_getfield(L, g, LUA_TABLIBNAME);
	table = lua_gettop(L);
	lua_getfield(L, g, LUA_COLIBNAME);
	coroutine = lua_gettop(L);

	sb->base_load = take_function(L, g, "load");
	sb->base_setmetatable = take_function(L, g, "setmetatable");
	sb->base_xpcall = take_function(L, g, "xpcall");
	sb->coroutine_close = take_function(L, coroutine, "close");
	sb->string_format = take_function(L, string, "format");
	sb->string_rep = take_function(L, string, "rep");
	sb->table_move = take_function(L, table, "move");

	remove_field(L, g, "dofile");
	remove_field(L, g, "loadfile");
	remove_field(L, g, "next");
	set_function(L, g, "load", base_load);
	set_function(L, g, "print", base_print);
	set_function(L, g, "tostring", base_tostring);
	set_function(L, g, "pairs", base_pairs);
	set_function(L, g, "getmetatable", base_getmetatable);
	set_function(L, g, "setmetatable", base_setmetatable);
	set_function(L, g, "collectgarbage", base_collectgarbage);
	set_function(L, g, "require", base_require);
	set_function(L, g, "xpcall", base_xpcall);
	set_function(L, coroutine, "wrap", coroutine_wrap);
	set_function(L, coroutine, "close", coroutine_close);

	remove_field(L, string, "dump");
	set_function(L, string, "format", string_format);
	set_function(L, string, "rep", string_rep);
	set_function(L, math, "random", math_random);
	set_function(L, math, "randomseed", math_randomseed);
	set_function(L, table, "sort", table_sort);
	set_function(L, table, "move", table_move);

	/* Belt and braces: even if a metatable getter slipped through, the
	 * string metatable answers with false rather than itself. */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);

	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &lsb_key_loaded);
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &lsb_key_ids);
	return 0;
}

static void format_bytes(char *out, size_t n, size_t bytes)
{
	if (bytes % (1024 * 1024) == 0)
		snprintf(out, n, "%zu MiB", bytes / (1024 * 1024));
	else if (bytes % 1024 == 0)
		snprintf(out, n, "%zu KiB", bytes / 1024);
	else
		snprintf(out, n, "%zu bytes", bytes);
}

struct lsb *lsb_new(const struct lsb_limits *lim)
{
	struct lsb *sb = lsb_xmalloc(sizeof *sb);
	const char *const *dirs = lim != NULL ? lim->module_dirs : NULL;
	size_t ndirs = 0;
	char size[48];
	lua_State *L;

	memset(sb, 0, sizeof *sb);
	sb->max_memory_bytes = lim != NULL && lim->max_memory_bytes != 0
		? lim->max_memory_bytes : LSB_DEFAULT_MAX_MEMORY_BYTES;
	sb->max_instructions = lim != NULL && lim->max_instructions != 0
		? lim->max_instructions : LSB_DEFAULT_MAX_INSTRUCTIONS;
	while (dirs != NULL && dirs[ndirs] != NULL)
		ndirs++;
	sb->module_dirs = lsb_xmalloc((ndirs + 1) * sizeof *sb->module_dirs);
	for (size_t i = 0; i < ndirs; i++)
		sb->module_dirs[i] = lsb_xstrdup(dirs[i]);
	sb->module_dirs[ndirs] = NULL;
	sb->builtins = lim != NULL ? lim->builtins : NULL;

	format_bytes(size, sizeof size, sb->max_memory_bytes);
	snprintf(sb->memory_message, sizeof sb->memory_message,
		 "scenario stopped: it used more than %s of memory (limit --max-memory)", size);
	snprintf(sb->instructions_message, sizeof sb->instructions_message,
		 "scenario stopped: it ran more than %llu Lua instructions without finishing "
		 "(an endless loop?)", (unsigned long long)sb->max_instructions);

	/* lua_newstate, not luaL_newstate: ours counts bytes, and leaving the
	 * warning function unset keeps warn() from writing to stderr. */
	L = lua_newstate(lsb_alloc, sb);
	if (L == NULL)
		goto fail;
	sb->L = L;
	lua_atpanic(L, lsb_panic);
	lua_pushcfunction(L, lsb_open);
	lua_pushlightuserdata(L, sb);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK)
		goto fail;
	sb->memory_refused = false;
	/* Last, so building the state costs no budget. */
	lua_sethook(L, lsb_count_hook, LUA_MASKCOUNT,
		    sb->max_instructions < LSB_HOOK_PERIOD ? (int)sb->max_instructions
							   : LSB_HOOK_PERIOD);
	return sb;
fail:
	lsb_free(sb);
	return NULL;
}

void lsb_free(struct lsb *sb)
{
	if (sb == NULL)
		return;
	if (sb->L != NULL) {
		lua_close(sb->L);
		/* Lua reports every block's size when freeing it: anything left
		 * means the accounting behind the memory limit is wrong. */
		if (sb->memory_used_bytes != 0) {
			fprintf(stderr, "lua_sandbox: %zu bytes unaccounted after lua_close\n",
				sb->memory_used_bytes);
			abort();
		}
	}
	for (char **dir = sb->module_dirs; dir != NULL && *dir != NULL; dir++)
		free(*dir);
	free(sb->module_dirs);
	free(sb);
}

lua_State *lsb_state(struct lsb *sb)
{
	return sb->L;
}

void lsb_set_print(struct lsb *sb, void (*fn)(void *ctx, const char *line), void *ctx)
{
	sb->print_fn = fn;
	sb->print_ctx = ctx;
}

void lsb_set_random(struct lsb *sb, uint64_t (*next_u64)(void *ctx), void *ctx)
{
	sb->random_fn = next_u64;
	sb->random_ctx = ctx;
}

enum lsb_limit lsb_limit_hit(const struct lsb *sb)
{
	if (sb->memory_refused)
		return LSB_MEMORY;
	if (sb->instructions_exhausted)
		return LSB_INSTRUCTIONS;
	return LSB_OK;
}

const char *lsb_limit_message(const struct lsb *sb, enum lsb_limit which)
{
	switch (which) {
	case LSB_MEMORY:
		return sb->memory_message;
	case LSB_INSTRUCTIONS:
		return sb->instructions_message;
	default:
		return NULL;
	}
}

size_t lsb_memory_used_bytes(const struct lsb *sb)
{
	return sb->memory_used_bytes;
}

uint64_t lsb_instructions_used(const struct lsb *sb)
{
	return sb->instructions_used;
}

/* ---- loading ---------------------------------------------------------- */

struct load_args {
	const char *path;  /* file to read, or NULL for code */
	const char *code;
	const char *name;
	int status;
};

/* Runs inside lua_pcall: leaves exactly one value, the function or the
 * message, and the status in args; raises only for lack of memory. */
static int load_protected(lua_State *L)
{
	struct load_args *a = lua_touserdata(L, 1);

	lua_settop(L, 0);
	if (a->path == NULL) {
		size_t len = strlen(a->code);
		if (a->name != NULL)
			lua_pushfstring(L, "=%s", a->name);
		else
			lua_pushstring(L, a->code); /* Lua shows [string "..."] */
		a->status = load_text(L, a->code, len, lua_tostring(L, 1),
				      a->name != NULL ? a->name : "the code", false);
	} else {
		const char *display = a->name != NULL ? a->name : a->path;
		size_t len;
		int e = push_file(L, a->path, &len);
		if (e != READ_OK) {
			lua_pushfstring(L, "cannot open %s: %s", display, read_error(e));
			a->status = LUA_ERRFILE;
			return 1;
		}
		lua_pushfstring(L, "@%s", display);
		a->status = load_text(L, lua_touserdata(L, 1), len, lua_tostring(L, 2),
				      display, true);
	}
	return 1;
}

static int lsb_load(struct lsb *sb, struct load_args *a)
{
	int status;
	lua_pushcfunction(sb->L, load_protected);
	lua_pushlightuserdata(sb->L, a);
	status = lua_pcall(sb->L, 1, 1, 0);
	return status != LUA_OK ? status : a->status;
}

int lsb_load_file(struct lsb *sb, const char *path, const char *name)
{
	struct load_args a = {.path = path, .name = name};
	return lsb_load(sb, &a);
}

int lsb_load_string(struct lsb *sb, const char *code, const char *name)
{
	struct load_args a = {.code = code, .name = name};
	return lsb_load(sb, &a);
}

/* ---- what this sandbox does NOT protect against ------------------------
 *
 * - Time inside a single C call.  The instruction count sees only VM
 *   instructions.  string.find/match/gmatch/gsub with a backtracking pattern
 *   (string.rep("a", 30000):find(".-.-.-.-b")) can run for minutes in one
 *   call; big copies repeated cheaply (s .. s, table.concat, string.upper of
 *   a huge string, table.unpack) cost one instruction each.  Memory bounds
 *   their size, not how long one instruction takes.  Run untrusted scenarios
 *   under an OS CPU limit too (ulimit -t, timeout).  string.rep and
 *   table.move are charged per copy; nothing else is.
 * - The count is not a clock, by design: a budget gives the same verdict on a
 *   fast and a slow machine.  It is exact to within 1000 per coroutine.
 * - C functions the binding adds run outside the count too; they must bound
 *   their own loops and sizes.  The host's own lua_pcall message handler, if
 *   any, must be a C function: when the limit fires it runs with hooks off.
 * - The C locale.  Lua compares strings with strcoll and prints numbers with
 *   the C library: a host that calls setlocale(LC_ALL, "") (ncurses programs
 *   often do) makes "<" on strings and tostring(1.5) depend on the user's
 *   locale.  Set only LC_CTYPE.  (pairs() orders strings with memcmp.)
 * - Addresses by other routes than tostring/print/string.format "%s": the
 *   host formatting an error object that is a table with luaL_tolstring (use
 *   lsb_tolstring), or a scenario's own __pairs walking its raw order.
 * - collectgarbage("count") gives Lua's own figure, which differs between Lua
 *   builds and platforms (not between runs of one build).
 * - A memory error is an ordinary error that pcall can catch; the limit bounds
 *   what the scenario holds, it does not by itself end the run.
 * - The scenario can redefine its own globals and library tables
 *   (string.upper = ...), which also changes them for wirelab's Lua modules
 *   loaded in the same state; only the shared string metatable is locked.
 * - To-be-closed variables of a coroutine killed by the instruction limit are
 *   not closed (their handlers would run with hooks off).
 */
