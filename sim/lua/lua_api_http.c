/* lua_api_http.c — n:http_server{...}: an nginx-like web server on a node
 * (proc/http_server.h).
 *
 *   local p = web:http_server{ port = 80, server = "nginx/1.22.1",
 *       routes = { ["/"] = "hello from web\n",
 *                  ["/api"] = { status = 200, body = '{"ok":true}\n',
 *                               type = "application/json" },
 *                  ["web.example/"] = "the site for Host: web.example\n" } }
 *
 * returns a process handle (lua_api_proc.c): p.output is the access log,
 * one nginx "combined" line per request; p:kill() stops the server.
 */
#include "lua/lua_api_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "proc/http_server.h"
#include "util/die.h"

static const char *const server_opts[] = { "port", "server", "routes", NULL };
static const char *const route_opts[] = { "status", "body", "type", NULL };

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The route for key from the value on the top of the stack. */
static void read_route(lua_State *L, const char *key, struct http_route *rt)
{
	const char *slash = strchr(key, '/');
	if (!slash)
		luaL_error(L, "http_server: route \"%s\": a route is a path (\"/api\") or a host and a "
			      "path (\"web.example/api\")", key);
	for (const char *p = key; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '?' || *p == '#')
			luaL_error(L, "http_server: route \"%s\": no blanks, '?' or '#' in a route",
				   key);
	rt->key = key;
	rt->status = 200;
	size_t len;
	if (lua_type(L, -1) == LUA_TSTRING) {
		rt->body = lua_tolstring(L, -1, &len);
		rt->body_len = len;
		return;
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "http_server: route \"%s\": expected a body (string) or a table "
			      "{status=, body=, type=}, got %s", key, luaL_typename(L, -1));
	int idx = lua_gettop(L);
	char what[300];
	snprintf(what, sizeof what, "http_server: route \"%s\"", key);
	lapi_check_opts(L, idx, what, route_opts);
	rt->status = (int)lapi_opt_int_field(L, idx, "status", 200, 100, 599, what);
	lua_getfield(L, idx, "body");
	if (lua_isnil(L, -1)) {
		rt->body = "";
		rt->body_len = 0;
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		rt->body = lua_tolstring(L, -1, &len);
		rt->body_len = len;
	} else {
		luaL_error(L, "%s: body must be a string, got %s", what, luaL_typename(L, -1));
	}
	lua_pop(L, 1);
	rt->type = lapi_opt_string_field(L, idx, "type", what);
	if (rt->type && (strchr(rt->type, '\r') || strchr(rt->type, '\n')))
		luaL_error(L, "%s: type must be one line", what);
}

/* n:http_server{port=80, server="nginx/1.22.1", routes={...}} -> a server process */
int lapi_node_http_server(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	lapi_check_opts(L, 2, "http_server", server_opts);
	struct http_server_opts o = { 0 };
	o.port = (uint16_t)lapi_opt_int_field(L, 2, "port", 80, 1, 65535, "http_server");
	o.server = lapi_opt_string_field(L, 2, "server", "http_server");
	if (o.server && (strchr(o.server, '\r') || strchr(o.server, '\n') || !o.server[0]))
		return luaL_error(L, "http_server: server must be one non-empty line");
	/* Keys sorted: the same scenario gives the same messages and order. */
	int n_keys = 0;
	const char **keys = NULL;
	struct http_route *routes = NULL;
	if (lua_istable(L, 2)) {
		lua_getfield(L, 2, "routes");
		int rt_idx = lua_gettop(L);
		if (!lua_isnil(L, rt_idx)) {
			if (!lua_istable(L, rt_idx))
				return luaL_error(L, "http_server: routes must be a table "
						     "{[\"/path\"] = body, ...}, got %s",
						  luaL_typename(L, rt_idx));
			lua_pushnil(L);
			while (lua_next(L, rt_idx)) {
				lua_pop(L, 1);
				if (lua_type(L, -1) != LUA_TSTRING)
					return luaL_error(L, "http_server: a route's key must be a "
							     "path string (\"/api\"), got %s",
							  luaL_typename(L, -1));
				n_keys++;
			}
			/* Lua-owned memory: collected whatever error comes next. */
			keys = lua_newuserdatauv(L, (size_t)(n_keys ? n_keys : 1) * sizeof *keys, 0);
			routes = lua_newuserdatauv(L, (size_t)(n_keys ? n_keys : 1) * sizeof *routes, 0);
			int k = 0;
			lua_pushnil(L);
			while (lua_next(L, rt_idx)) {
				lua_pop(L, 1);
				if (k < n_keys)
					keys[k++] = lua_tostring(L, -1);
			}
			qsort(keys, (size_t)n_keys, sizeof *keys, key_cmp);
			memset(routes, 0, (size_t)(n_keys ? n_keys : 1) * sizeof *routes);
			for (int i = 0; i < n_keys; i++) {
				lua_getfield(L, rt_idx, keys[i]);
				read_route(L, keys[i], &routes[i]);
				/* Its strings stay valid: the routes table holds them. */
				lua_pop(L, 1);
			}
		}
	}
	o.routes = routes;
	o.n_routes = n_keys;
	struct proc *p = http_server_start(n, &o);
	if (!p) {
		/* nginx: "bind() to 0.0.0.0:80 failed (98: Address already in use)" */
		const char *why = world_error(n->w);
		if (strncmp(why, "bind: ", 6) == 0)
			why += 6;
		return luaL_error(L, "http_server: bind() to 0.0.0.0:%d failed (98: %s)", (int)o.port,
				  why);
	}
	lapi_push_proc(L, p);
	return 1;
}
