/* lua_api_check.c — expectations: what turns a scenario into an exercise.
 *
 * expect() and expect_eq() record a check with the file and line that
 * made it and carry on; they never raise, so one failed check does not hide
 * the next.  The CLI prints them (`wirelab check`) and turns a failure into
 * exit status 1. */
#include "lua/lua_api_int.h"

#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "lua/lua_sandbox.h"

/* "file:line" of the Lua code that called the running C function. */
static void caller_where(lua_State *L, char *buf, size_t len)
{
	lua_Debug ar;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar)) {
		const char *src = ar.source && ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
		if (ar.currentline > 0)
			snprintf(buf, len, "%s:%d", src, ar.currentline);
		else
			snprintf(buf, len, "%s", src);
		return;
	}
	snprintf(buf, len, "?");
}

static const char *message_at(lua_State *L, int idx, const char *def)
{
	if (lua_isnoneornil(L, idx))
		return def;
	return lsb_tolstring(L, idx, NULL);     /* pushes; stays until return */
}

/* A value the way a learner would write it: strings quoted, the rest as
 * tostring() shows them. */
static const char *show(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) == LUA_TSTRING) {
		luaL_Buffer b;
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		luaL_buffinit(L, &b);
		luaL_addchar(&b, '"');
		for (size_t i = 0; i < len && i < 200; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c == '"' || c == '\\') {
				luaL_addchar(&b, '\\');
				luaL_addchar(&b, (char)c);
			} else if (c == '\n') {
				luaL_addstring(&b, "\\n");
			} else if (c < 32 || c == 127) {
				char e[8];
				snprintf(e, sizeof e, "\\%d", c);
				luaL_addstring(&b, e);
			} else {
				luaL_addchar(&b, (char)c);
			}
		}
		if (len > 200)
			luaL_addstring(&b, "...");
		luaL_addchar(&b, '"');
		luaL_pushresult(&b);
		return lua_tostring(L, -1);
	}
	return lsb_tolstring(L, idx, NULL);
}

/* expect(cond [, message]) */
static int l_expect(lua_State *L)
{
	struct lua_scenario *s = lapi_scenario(L);
	char where[300];
	caller_where(L, where, sizeof where);
	bool ok = lua_toboolean(L, 1);
	const char *msg = message_at(L, 2, "expect");
	lapi_record_check(s, where, msg, ok, NULL, NULL);
	lua_pushboolean(L, ok);
	return 1;
}

/* expect_eq(actual, expected [, message]): equal as == says (1 == 1.0) */
static int l_expect_eq(lua_State *L)
{
	struct lua_scenario *s = lapi_scenario(L);
	char where[300];
	lua_settop(L, 3);
	caller_where(L, where, sizeof where);
	bool ok = lua_compare(L, 1, 2, LUA_OPEQ);
	const char *msg = message_at(L, 3, "expect_eq");
	if (ok) {
		lapi_record_check(s, where, msg, true, NULL, NULL);
	} else {
		const char *got = show(L, 1);
		const char *exp = show(L, 2);
		lapi_record_check(s, where, msg, false, got, exp);
	}
	lua_pushboolean(L, ok);
	return 1;
}

/* checks() -> {passed = N, failed = N} */
static int l_checks(lua_State *L)
{
	struct lua_scenario *s = lapi_scenario(L);
	lua_createtable(L, 0, 2);
	lua_pushinteger(L, (lua_Integer)s->passed);
	lua_setfield(L, -2, "passed");
	lua_pushinteger(L, (lua_Integer)s->failed);
	lua_setfield(L, -2, "failed");
	return 1;
}

static const luaL_Reg check_funcs[] = {
	{ "expect", l_expect },
	{ "expect_eq", l_expect_eq },
	{ "checks", l_checks },
	{ NULL, NULL },
};

void lapi_open_check(lua_State *L)
{
	lua_pushglobaltable(L);
	luaL_setfuncs(L, check_funcs, 0);
	lua_pop(L, 1);
}
