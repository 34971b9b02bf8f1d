/* lua_api_world.c — the scenario's global functions: making nodes, time,
 * and what the run has done so far. */
#include "lua/lua_api_int.h"

#include <string.h>

#include <lauxlib.h>

#include "core/trace.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/units.h"

/* ---- nodes ----------------------------------------------------------------- */

static struct node *new_node(lua_State *L, enum node_role role)
{
	struct world *w = lapi_world(L);
	const char *name = luaL_checkstring(L, 1);
	struct node *n = node_new(w, name, role);
	if (!n)
		luaL_error(L, "%s", world_error(w));
	/* A new namespace has lo down; a box that boots brings it up. */
	netdev_set_up(n->lo, true);
	return n;
}

/* host("a"): ip_forward 0 */
static int l_host(lua_State *L)
{
	lapi_push_node(L, new_node(L, NODE_HOST));
	return 1;
}

/* router("r"): ip_forward 1 (node_new sets it for routers) */
static int l_router(lua_State *L)
{
	lapi_push_node(L, new_node(L, NODE_ROUTER));
	return 1;
}

/* switch("sw"): a node holding bridge br0, up; link() enslaves its NICs */
static int l_switch(lua_State *L)
{
	struct node *n = new_node(L, NODE_SWITCH);
	struct netdev *br = netdev_new(n, "br0", ND_BRIDGE);
	if (!br)
		return luaL_error(L, "%s", world_error(n->w));
	netdev_set_up(br, true);
	lapi_push_node(L, n);
	return 1;
}

/* node("a") -> the handle of an existing node */
static int l_node(lua_State *L)
{
	luaL_checkstring(L, 1);
	lapi_push_node(L, lapi_check_node_or_name(L, 1));
	return 1;
}

/* nodes() -> every node, in creation order */
static int l_nodes(lua_State *L)
{
	struct world *w = lapi_world(L);
	lua_createtable(L, (int)w->n_nodes, 0);
	for (size_t i = 0; i < w->n_nodes; i++) {
		lapi_push_node(L, w->nodes[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* ---- time ------------------------------------------------------------------ */

/* now() -> simulated seconds, a float */
static int l_now(lua_State *L)
{
	lua_pushnumber(L, lapi_seconds(lapi_world(L)->now_ns));
	return 1;
}

static int64_t add_time(lua_State *L, int64_t a, int64_t b)
{
	if (b > INT64_MAX - a)
		luaL_error(L, "that is too far in the future (more than 292 years)");
	return a + b;
}

/* sleep(d): the calling task pauses for d of simulated time */
static int l_sleep(lua_State *L)
{
	struct lua_scenario *s = lapi_scenario(L);
	int64_t d = lapi_check_duration(L, 1, "sleep");
	int ref = lapi_task_self(L, "sleep");
	lapi_task_wake_at(s, ref, add_time(L, s->w->now_ns, d));
	return lua_yield(L, 0);
}

/* at(t, fn): fn runs as a new task at absolute simulated time t */
static int l_at(lua_State *L)
{
	struct world *w = lapi_world(L);
	int64_t t = lapi_check_duration(L, 1, "at");
	luaL_checktype(L, 2, LUA_TFUNCTION);
	if (t < w->now_ns) {
		char a[32], b[32];
		units_format_duration(t, a, sizeof a);
		units_format_duration(w->now_ns, b, sizeof b);
		return luaL_error(L, "at: %s is in the past (now is %s); after() takes a delay", a, b);
	}
	lapi_task_spawn(L, 2, t);
	return 0;
}

/* after(d, fn): fn runs as a new task d from now */
static int l_after(lua_State *L)
{
	struct world *w = lapi_world(L);
	int64_t d = lapi_check_duration(L, 1, "after");
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lapi_task_spawn(L, 2, add_time(L, w->now_ns, d));
	return 0;
}

/* ---- what happened --------------------------------------------------------- */

/* drops() -> {reason = count, ...} for every reason;  drops("ttl_expired") -> count */
static int l_drops(lua_State *L)
{
	struct world *w = lapi_world(L);
	if (!lua_isnoneornil(L, 1)) {
		const char *want = luaL_checkstring(L, 1);
		for (int r = 0; r < DROP__COUNT; r++) {
			if (strcmp(drop_reason_word((enum drop_reason)r), want) == 0) {
				lua_pushinteger(L, (lua_Integer)w->stats.drops[r]);
				return 1;
			}
		}
		return luaL_error(L, "drops: unknown drop reason \"%s\" (see drops() for the list)",
				  want);
	}
	lua_createtable(L, 0, DROP__COUNT);
	for (int r = 0; r < DROP__COUNT; r++) {
		lua_pushinteger(L, (lua_Integer)w->stats.drops[r]);
		lua_setfield(L, -2, drop_reason_word((enum drop_reason)r));
	}
	return 1;
}

/* frames() -> completed transmissions so far (one per device that sent) */
static int l_frames(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)lapi_world(L)->stats.frames);
	return 1;
}

/* events() -> events fired so far */
static int l_events(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)lapi_world(L)->stats.events);
	return 1;
}

/* seed() -> the run's --seed */
static int l_seed(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)lapi_world(L)->seed);
	return 1;
}

static const luaL_Reg world_funcs[] = {
	{ "host", l_host },
	{ "router", l_router },
	{ "switch", l_switch },
	{ "node", l_node },
	{ "nodes", l_nodes },
	{ "now", l_now },
	{ "sleep", l_sleep },
	{ "at", l_at },
	{ "after", l_after },
	{ "drops", l_drops },
	{ "frames", l_frames },
	{ "events", l_events },
	{ "seed", l_seed },
	{ NULL, NULL },
};

void lapi_open_world(lua_State *L)
{
	lua_pushglobaltable(L);
	luaL_setfuncs(L, world_funcs, 0);
	lua_pop(L, 1);
}
