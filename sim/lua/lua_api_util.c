/* lua_api_util.c — reading arguments and option tables, and the handle
 * machinery every class of the binding shares (liolib's tofile(), once). */
#include "lua/lua_api_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "core/world.h"
#include "util/units.h"

/* ---- handles ------------------------------------------------------------- */

void *lapi_check_handle(lua_State *L, int arg, const char *tname, const char *what)
{
	void *p = luaL_testudata(L, arg, tname);
	if (p)
		return p;
	lua_Debug ar;
	if (arg == 1 && lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name &&
	    ar.namewhat && strcmp(ar.namewhat, "field") == 0) {
		/* x.ip("eth0", ...) where x:ip("eth0", ...) was meant */
		luaL_error(L, "bad argument #1 to '%s' (%s expected, got %s): call methods with "
			   "':' as in x:%s(...)", ar.name, what, luaL_typename(L, arg), ar.name);
	}
	luaL_typeerror(L, arg, what);
	return NULL;
}

int lapi_push_method(lua_State *L, const char *tname, const char *key)
{
	luaL_getmetatable(L, tname);
	lua_getfield(L, -1, "methods");
	lua_getfield(L, -1, key);
	lua_replace(L, -3);
	lua_pop(L, 1);
	return 1;
}

static int readonly_newindex(lua_State *L)
{
	const char *name = luaL_tolstring(L, 1, NULL);
	return luaL_error(L, "cannot set field '%s' of %s: handles are read-only (use its methods)",
			  luaL_optstring(L, 2, "?"), name);
}

void lapi_new_class(lua_State *L, const char *tname, const luaL_Reg *methods,
		    lua_CFunction index_fn, lua_CFunction tostring_fn, lua_CFunction eq_fn)
{
	luaL_newmetatable(L, tname);
	lua_newtable(L);
	luaL_setfuncs(L, methods, 0);
	lua_setfield(L, -2, "methods");
	lua_pushcfunction(L, index_fn);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, readonly_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, tostring_fn);
	lua_setfield(L, -2, "__tostring");
	lua_pushcfunction(L, eq_fn);
	lua_setfield(L, -2, "__eq");
	/* getmetatable(handle) shows this string, not the table to edit. */
	lua_pushstring(L, tname);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
}

/* ---- durations, numbers ------------------------------------------------- */

static int64_t duration_at(lua_State *L, int idx, const char *what)
{
	if (lua_type(L, idx) == LUA_TSTRING) {
		char err[200];
		int64_t ns;
		if (units_parse_duration(lua_tostring(L, idx), &ns, err, sizeof err) != 0)
			luaL_error(L, "%s: %s", what, err);
		return ns;
	}
	if (lua_type(L, idx) == LUA_TNUMBER) {
		lua_Number sec = lua_tonumber(L, idx);
		if (!(sec >= 0) || sec > 9.2e9)
			luaL_error(L, "%s: bad duration %s: a number of seconds must be from 0 to "
				   "about 292 years", what, lua_tostring(L, idx));
		return (int64_t)llround(sec * 1e9);
	}
	return luaL_error(L, "%s: a duration is expected (a string like \"10ms\", \"1.5s\" or a "
			  "number of seconds), got %s", what, luaL_typename(L, idx));
}

int64_t lapi_check_duration(lua_State *L, int arg, const char *what)
{
	return duration_at(L, arg, what);
}

int64_t lapi_opt_duration_field(lua_State *L, int idx, const char *key, int64_t def,
				const char *fn)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return def;
	lua_getfield(L, idx, key);
	int64_t v = def;
	if (!lua_isnil(L, -1)) {
		char what[96];
		snprintf(what, sizeof what, "%s: option %s", fn, key);
		v = duration_at(L, -1, what);
	}
	lua_pop(L, 1);
	return v;
}

lua_Integer lapi_opt_int_field(lua_State *L, int idx, const char *key, lua_Integer def,
			       lua_Integer min, lua_Integer max, const char *fn)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return def;
	lua_getfield(L, idx, key);
	lua_Integer v = def;
	if (!lua_isnil(L, -1)) {
		int ok = 0;
		v = lua_tointegerx(L, -1, &ok);
		if (!ok || lua_type(L, -1) != LUA_TNUMBER)
			luaL_error(L, "%s: option %s must be an integer, got %s", fn, key,
				   lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1)
								  : luaL_typename(L, -1));
		if (v < min || v > max)
			luaL_error(L, "%s: option %s must be from %I to %I, got %I", fn, key,
				   (LUAI_UACINT)min, (LUAI_UACINT)max, (LUAI_UACINT)v);
	}
	lua_pop(L, 1);
	return v;
}

bool lapi_opt_bool_field(lua_State *L, int idx, const char *key, bool def, const char *fn)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return def;
	lua_getfield(L, idx, key);
	bool v = def;
	if (!lua_isnil(L, -1)) {
		if (!lua_isboolean(L, -1))
			luaL_error(L, "%s: option %s must be true or false, got %s", fn, key,
				   luaL_typename(L, -1));
		v = lua_toboolean(L, -1);
	}
	lua_pop(L, 1);
	return v;
}

const char *lapi_opt_string_field(lua_State *L, int idx, const char *key, const char *fn)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return NULL;
	lua_getfield(L, idx, key);
	const char *v = NULL;
	if (!lua_isnil(L, -1)) {
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "%s: option %s must be a string, got %s", fn, key,
				   luaL_typename(L, -1));
		v = lua_tostring(L, -1);
	}
	/* The string stays alive: it is referenced by the options table. */
	lua_pop(L, 1);
	return v;
}

uint32_t lapi_check_ipv4(lua_State *L, int arg)
{
	const char *s = luaL_checkstring(L, arg);
	char err[160];
	uint32_t a;
	if (units_parse_ipv4(s, &a, err, sizeof err) != 0)
		luaL_error(L, "%s", err);
	return a;
}

void lapi_check_opts(lua_State *L, int idx, const char *fn, const char *const *known)
{
	int t = lua_type(L, idx);
	if (t == LUA_TNONE || t == LUA_TNIL)
		return;
	if (t != LUA_TTABLE)
		luaL_error(L, "%s: options must be a table like {count = 3}, got %s", fn,
			   luaL_typename(L, idx));
	idx = lua_absindex(L, idx);
	/* lua_next's order depends on addresses: find the smallest unknown
	 * key by byte order, so the message is the same on every run. */
	const char *worst = NULL;
	bool bad_type = false;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			bad_type = true;
			continue;
		}
		const char *k = lua_tostring(L, -1);
		bool ok = false;
		for (const char *const *kn = known; *kn; kn++)
			ok |= strcmp(*kn, k) == 0;
		if (!ok && (!worst || strcmp(k, worst) < 0))
			worst = k;      /* alive: the key is in the table */
	}
	if (!worst && !bad_type)
		return;
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (const char *const *kn = known; *kn; kn++) {
		if (kn != known)
			luaL_addstring(&b, ", ");
		luaL_addstring(&b, *kn);
	}
	luaL_pushresult(&b);
	if (worst)
		luaL_error(L, "%s: unknown option \"%s\" (known: %s)", fn, worst, lua_tostring(L, -1));
	luaL_error(L, "%s: option names must be strings (known: %s)", fn, lua_tostring(L, -1));
}
