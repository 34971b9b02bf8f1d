/* lua_libs.h — the Lua modules shipped with wirelab, compiled into the
 * program (lib/NAME.lua, turned into C by scripts/embed-lua.sh at build time),
 * so `require "docker"` works wherever the binary is, installed or not.
 * The runner hands this table to the sandbox (lsb_limits.builtins). */
#ifndef WL_LUA_LIBS_H
#define WL_LUA_LIBS_H

#include "lua/lua_sandbox.h"

/* Ended by an entry whose name is NULL. */
extern const struct lsb_builtin wl_lua_libs[];

#endif
