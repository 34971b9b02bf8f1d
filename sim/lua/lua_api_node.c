/* lua_api_node.c — the node handle: a namespace's addresses, routes,
 * sysctls, devices and tables, as `ip`, `sysctl` and `bridge` show them.
 *
 * Errors use the words the real tools print for the same mistake, because
 * the engine keeps them that way (world_error()): a learner who types the
 * same thing on a Linux machine reads the same sentence. */
#include "lua/lua_api_int.h"

#include <errno.h>
#include <string.h>

#include <lauxlib.h>

#include "core/world.h"
#include "dev/bridge.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/neigh.h"
#include "net/route.h"
#include "net/sysctl.h"
#include "proc/restart.h"
#include "util/die.h"
#include "util/units.h"

/* A node handle is its identity (lua_api_int.h: HANDLES SURVIVE DELETION). */
struct lapi_node {
	struct lapi_node_id id;
};

void lapi_push_node(lua_State *L, struct node *n)
{
	struct lapi_node *h = lua_newuserdatauv(L, sizeof *h, 0);
	lapi_node_id_of(lapi_scenario(L), n, &h->id);
	luaL_setmetatable(L, LAPI_NODE_MT);
}

struct node *lapi_check_node(lua_State *L, int arg)
{
	struct lapi_node *h = lapi_check_handle(L, arg, LAPI_NODE_MT, "node");
	struct node *n = lapi_node_from_id(lapi_scenario(L), &h->id);
	if (!n)
		luaL_error(L, "node %s no longer exists (deleted by `ip netns del` or a reboot of "
			   "its machine)", h->id.name);
	return n;
}

struct node *lapi_check_node_or_name(lua_State *L, int arg)
{
	if (lua_type(L, arg) == LUA_TSTRING) {
		const char *name = lua_tostring(L, arg);
		struct node *n = world_node(lapi_world(L), name);
		if (!n)
			luaL_error(L, "unknown node \"%s\" (create it first with host(), router(), "
				   "switch() or `ip netns add`)", name);
		return n;
	}
	return lapi_check_node(L, arg);
}

struct netdev *lapi_check_dev_of(lua_State *L, struct node *n, int arg)
{
	if (lua_type(L, arg) == LUA_TSTRING) {
		const char *name = lua_tostring(L, arg);
		struct netdev *d = node_dev(n, name);
		if (!d)
			luaL_error(L, "Cannot find device \"%s\" (on node %s)", name, n->name);
		return d;
	}
	if (luaL_testudata(L, arg, LAPI_DEV_MT)) {
		struct netdev *d = lapi_check_dev(L, arg);
		if (d->node != n)
			luaL_error(L, "device %s belongs to node %s, not %s", d->name, d->node->name,
				   n->name);
		return d;
	}
	luaL_typeerror(L, arg, "device name or device");
	return NULL;
}

/* Raise the engine's message for a failed configuration call. */
static int engine_error(lua_State *L)
{
	return luaL_error(L, "%s", world_error(lapi_world(L)));
}

/* ---- ip addr, ip link ----------------------------------------------------- */

/* n:ip(dev, "10.0.0.1/24")  ==  ip addr add 10.0.0.1/24 dev DEV */
static int node_ip(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	struct netdev *dev = lapi_check_dev_of(L, n, 2);
	const char *pfx = luaL_checkstring(L, 3);
	uint32_t addr;
	int plen;
	char err[200];
	if (units_parse_prefix(pfx, &addr, &plen, err, sizeof err) != 0)
		return luaL_error(L, "%s", err);
	if (netdev_addr_add(dev, addr, plen) != 0)
		return engine_error(L);
	return 0;
}

static int node_up(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	netdev_set_up(lapi_check_dev_of(L, n, 2), true);
	return 0;
}

static int node_down(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	netdev_set_up(lapi_check_dev_of(L, n, 2), false);
	return 0;
}

static int node_dev_m(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	lapi_push_dev(L, lapi_check_dev_of(L, n, 2));
	return 1;
}

static int node_devs(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	lua_createtable(L, (int)n->n_devs, 0);
	for (size_t i = 0; i < n->n_devs; i++) {
		lapi_push_dev(L, n->devs[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* ---- ip route ------------------------------------------------------------- */

static enum rt_type check_rt_type(lua_State *L, const char *t)
{
	if (!t || strcmp(t, "unicast") == 0)
		return RT_UNICAST;
	if (strcmp(t, "unreachable") == 0)
		return RT_UNREACHABLE;
	if (strcmp(t, "prohibit") == 0)
		return RT_PROHIBIT;
	if (strcmp(t, "blackhole") == 0)
		return RT_BLACKHOLE;
	luaL_error(L, "route: unknown route type \"%s\" (expected unicast, unreachable, prohibit "
		   "or blackhole)", t);
	return RT_UNICAST;
}

static const char *const route_opts[] = { "dev", "metric", "src", "type", NULL };
static const char *const route_del_opts[] = { "via", "dev", "metric", "type", NULL };

/* n:route(dst, via [, opts]) == ip route add DST [via VIA] [dev D] [metric M] [src S]
 * n:route(dst, {dev = ...}) is accepted too: the gateway may be left out. */
static int node_route(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	const char *dst = luaL_checkstring(L, 2);
	int oi = 4;
	if (lua_type(L, 3) == LUA_TTABLE && lua_isnoneornil(L, 4))
		oi = 3;
	lapi_check_opts(L, oi, "route", route_opts);
	char err[200];
	struct route r = { 0 };
	if (units_parse_route_dst(dst, &r.dst, &r.plen, err, sizeof err) != 0)
		return luaL_error(L, "%s", err);
	if (oi == 4 && !lua_isnil(L, 3))
		r.gw = lapi_check_ipv4(L, 3);
	r.type = check_rt_type(L, lapi_opt_string_field(L, oi, "type", "route"));
	if (lua_type(L, oi) == LUA_TTABLE) {
		lua_getfield(L, oi, "dev");
		if (!lua_isnil(L, -1))
			r.dev = lapi_check_dev_of(L, n, lua_gettop(L));
		lua_pop(L, 1);
	}
	r.metric = (uint32_t)lapi_opt_int_field(L, oi, "metric", 0, 0, UINT32_MAX, "route");
	const char *src = lapi_opt_string_field(L, oi, "src", "route");
	if (src) {
		if (units_parse_ipv4(src, &r.prefsrc, err, sizeof err) != 0)
			return luaL_error(L, "%s", err);
		if (!node_is_local_addr(n, r.prefsrc))
			return luaL_error(L, "Error: Invalid prefsrc address.");
	}
	if (r.type != RT_UNICAST && r.gw)
		return luaL_error(L, "route: a %s route takes no gateway", route_type_name(r.type));
	if (r.type == RT_UNICAST && !r.gw && !r.dev)
		return luaL_error(L, "route: give a gateway, as in n:route(\"%s\", \"10.0.0.1\"), "
				  "or a device, as in n:route(\"%s\", nil, {dev = \"eth0\"})", dst, dst);
	r.proto = RTP_BOOT;     /* what `ip route add` gives a route */
	/* iproute2: a unicast route with no gateway is scope link */
	r.scope = (r.type == RT_UNICAST && !r.gw) ? RTS_LINK : RTS_UNIVERSE;
	if (route_add(n, &r, ROUTE_EXCL) != 0)
		return engine_error(L);
	return 0;
}

/* n:route_del(dst [, {via=, dev=, metric=, type=}]) == ip route del ... */
static int node_route_del(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	const char *dst = luaL_checkstring(L, 2);
	lapi_check_opts(L, 3, "route_del", route_del_opts);
	char err[200];
	struct route m = { 0 };
	if (units_parse_route_dst(dst, &m.dst, &m.plen, err, sizeof err) != 0)
		return luaL_error(L, "%s", err);
	const char *via = lapi_opt_string_field(L, 3, "via", "route_del");
	if (via && units_parse_ipv4(via, &m.gw, err, sizeof err) != 0)
		return luaL_error(L, "%s", err);
	bool has_dev = false;
	if (lua_type(L, 3) == LUA_TTABLE) {
		lua_getfield(L, 3, "dev");
		if (!lua_isnil(L, -1)) {
			m.dev = lapi_check_dev_of(L, n, lua_gettop(L));
			has_dev = true;
		}
		lua_pop(L, 1);
		lua_getfield(L, 3, "metric");
		bool has_metric = !lua_isnil(L, -1);
		lua_pop(L, 1);
		m.metric = (uint32_t)lapi_opt_int_field(L, 3, "metric", 0, 0, UINT32_MAX,
							"route_del");
		m.type = check_rt_type(L, lapi_opt_string_field(L, 3, "type", "route_del"));
		if (route_del(n, &m, via != NULL, has_dev, has_metric) != 0)
			return engine_error(L);
		return 0;
	}
	if (route_del(n, &m, false, false, false) != 0)
		return engine_error(L);
	return 0;
}

static void push_route_dst(lua_State *L, const struct route *r)
{
	char a[16];
	if (r->plen == 0) {
		lua_pushstring(L, "default");
		return;
	}
	units_format_ipv4(r->dst, a);
	lua_pushfstring(L, "%s/%d", a, r->plen);
}

/* n:routes() -> { {dst=, via=, dev=, metric=, proto=, scope=, src=, type=}, ... } */
static int node_routes(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	const struct route_table *t = &n->routes;
	lua_createtable(L, (int)t->n, 0);
	for (size_t i = 0; i < t->n; i++) {
		const struct route *r = &t->v[i];
		char a[16];
		lua_createtable(L, 0, 8);
		push_route_dst(L, r);
		lua_setfield(L, -2, "dst");
		if (r->gw) {
			units_format_ipv4(r->gw, a);
			lua_pushstring(L, a);
			lua_setfield(L, -2, "via");
		}
		if (r->dev) {
			lua_pushstring(L, r->dev->name);
			lua_setfield(L, -2, "dev");
		}
		lua_pushinteger(L, r->metric);
		lua_setfield(L, -2, "metric");
		const char *proto = route_proto_name(r->proto);
		if (proto)
			lua_pushstring(L, proto);
		else
			lua_pushinteger(L, r->proto);
		lua_setfield(L, -2, "proto");
		const char *scope = route_scope_name(r->scope);
		if (scope)
			lua_pushstring(L, scope);
		else
			lua_pushinteger(L, r->scope);
		lua_setfield(L, -2, "scope");
		if (r->prefsrc) {
			units_format_ipv4(r->prefsrc, a);
			lua_pushstring(L, a);
			lua_setfield(L, -2, "src");
		}
		lua_pushstring(L, route_type_name(r->type));
		lua_setfield(L, -2, "type");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* ---- sysctl --------------------------------------------------------------- */

/* n:sysctl(name) -> value;  n:sysctl(name, value) sets it (1 or "1"). */
static int node_sysctl(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	const char *name = luaL_checkstring(L, 2);
	if (lua_isnoneornil(L, 3)) {
		int v;
		if (sysctl_get(n, name, &v) != 0)
			return engine_error(L);
		lua_pushinteger(L, v);
		return 1;
	}
	int ok = 0;
	lua_Integer v = 0;
	if (lua_type(L, 3) == LUA_TNUMBER || lua_type(L, 3) == LUA_TSTRING)
		v = lua_tointegerx(L, 3, &ok);
	if (!ok || v < INT32_MIN || v > INT32_MAX)
		return luaL_error(L, "sysctl: setting key \"%s\": Invalid argument", name);
	if (sysctl_set(n, name, (int)v) != 0)
		return engine_error(L);
	return 0;
}

/* ---- ip neigh ------------------------------------------------------------- */

/* The engine's iterators call back into C; nothing Lua raises may cross
 * their frames.  So: count, allocate a userdata for the rows (the only
 * step that may raise), fill it in C, then build the Lua tables. */

struct neigh_row {
	char ip[16], mac[18];
	const char *dev, *state;
	bool has_mac;
};

struct neigh_rows {
	struct neigh_row *v;    /* NULL: count only */
	size_t n;
};

static void collect_neigh(void *ctx, const struct neigh *e)
{
	struct neigh_rows *rs = ctx;
	if (rs->v) {
		struct neigh_row *r = &rs->v[rs->n];
		units_format_ipv4(e->ip, r->ip);
		units_format_mac(e->mac, r->mac);
		r->dev = e->dev->name;
		r->state = neigh_state_name(e->state);
		/* As `ip neigh` shows: no lladdr while unresolved. */
		r->has_mac = e->state != NUD_INCOMPLETE && e->state != NUD_FAILED &&
			     e->state != NUD_NONE;
	}
	rs->n++;
}

/* n:neigh() -> { {ip=, dev=, mac=, state=}, ... } in ip neigh's order */
static int node_neigh(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	struct neigh_rows rs = { 0 };
	neigh_foreach(n, collect_neigh, &rs);
	size_t count = rs.n;
	lua_createtable(L, (int)count, 0);
	rs.v = lua_newuserdatauv(L, (count ? count : 1) * sizeof *rs.v, 0);
	rs.n = 0;
	neigh_foreach(n, collect_neigh, &rs);
	WL_ASSERT(rs.n == count, "neighbour table changed while listed");
	for (size_t i = 0; i < count; i++) {
		const struct neigh_row *r = &rs.v[i];
		lua_createtable(L, 0, 4);
		lua_pushstring(L, r->ip);
		lua_setfield(L, -2, "ip");
		lua_pushstring(L, r->dev);
		lua_setfield(L, -2, "dev");
		if (r->has_mac) {
			lua_pushstring(L, r->mac);
			lua_setfield(L, -2, "mac");
		}
		lua_pushstring(L, r->state);
		lua_setfield(L, -2, "state");
		lua_rawseti(L, -3, (lua_Integer)i + 1);
	}
	lua_pop(L, 1);
	return 1;
}

/* ---- bridge fdb ----------------------------------------------------------- */

struct fdb_row {
	char mac[18];
	const char *port;
	double age_s;
	bool is_local;
};

struct fdb_rows {
	const struct bridge *b;
	struct fdb_row *v;      /* NULL: count only */
	size_t n;
};

static void collect_fdb(void *ctx, const struct fdb_entry *e)
{
	struct fdb_rows *rs = ctx;
	if (rs->v) {
		struct fdb_row *r = &rs->v[rs->n];
		units_format_mac(e->mac, r->mac);
		r->port = e->port ? e->port->name : rs->b->dev->name;
		r->age_s = (double)bridge_fdb_age_ns(rs->b, e) / 1e9;
		r->is_local = e->is_local;
	}
	rs->n++;
}

/* n:fdb([bridge]) -> { {mac=, port=, age=, is_local=}, ... } like `bridge fdb show` */
static int node_fdb(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	const char *brname = luaL_optstring(L, 2, "br0");
	struct netdev *br = node_dev(n, brname);
	if (!br || br->kind != ND_BRIDGE)
		return luaL_error(L, "fdb: node %s has no bridge named \"%s\"", n->name, brname);
	struct fdb_rows rs = { .b = br->br };
	bridge_fdb_foreach(br->br, collect_fdb, &rs);
	size_t count = rs.n;
	lua_createtable(L, (int)count, 0);
	rs.v = lua_newuserdatauv(L, (count ? count : 1) * sizeof *rs.v, 0);
	rs.n = 0;
	bridge_fdb_foreach(br->br, collect_fdb, &rs);
	WL_ASSERT(rs.n == count, "FDB changed while listed");
	for (size_t i = 0; i < count; i++) {
		const struct fdb_row *r = &rs.v[i];
		lua_createtable(L, 0, 4);
		lua_pushstring(L, r->mac);
		lua_setfield(L, -2, "mac");
		lua_pushstring(L, r->port);
		lua_setfield(L, -2, "port");
		lua_pushnumber(L, r->age_s);
		lua_setfield(L, -2, "age");
		lua_pushboolean(L, r->is_local);
		lua_setfield(L, -2, "is_local");
		lua_rawseti(L, -3, (lua_Integer)i + 1);
	}
	lua_pop(L, 1);
	return 1;
}

/* ---- reboot ------------------------------------------------------------------ */

/* n:restart() == `reboot` (proc/restart.h says what survives) */
static int node_restart_m(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	node_restart(n);
	/* Its namespaces are gone, and their processes with them. */
	lapi_reap_waits(lapi_scenario(L));
	return 0;
}

/* ---- the class ------------------------------------------------------------ */

static int node_index(lua_State *L)
{
	struct lapi_node *h = lapi_check_handle(L, 1, LAPI_NODE_MT, "node");
	const char *k = luaL_checkstring(L, 2);
	/* These work on a deleted node too, so it can still be named. */
	if (strcmp(k, "exists") == 0) {
		lua_pushboolean(L, lapi_node_from_id(lapi_scenario(L), &h->id) != NULL);
		return 1;
	}
	if (strcmp(k, "name") == 0 && !lapi_node_from_id(lapi_scenario(L), &h->id)) {
		lua_pushstring(L, h->id.name);
		return 1;
	}
	struct node *n = lapi_check_node(L, 1);
	if (strcmp(k, "name") == 0) {
		lua_pushstring(L, n->name);
		return 1;
	}
	if (strcmp(k, "machine") == 0) {
		if (n->machine)
			lapi_push_node(L, n->machine);
		else
			lua_pushnil(L);
		return 1;
	}
	if (strcmp(k, "role") == 0) {
		lua_pushstring(L, node_role_name(n->role));
		return 1;
	}
	return lapi_push_method(L, LAPI_NODE_MT, k);
}

static int node_tostring(lua_State *L)
{
	struct lapi_node *h = lapi_check_handle(L, 1, LAPI_NODE_MT, "node");
	struct node *n = lapi_node_from_id(lapi_scenario(L), &h->id);
	if (!n)
		lua_pushfstring(L, "node %s (deleted)", h->id.name);
	else if (n->machine)
		lua_pushfstring(L, "namespace %s", n->name);
	else
		lua_pushfstring(L, "%s %s", node_role_name(n->role), n->name);
	return 1;
}

static int node_eq(lua_State *L)
{
	struct lapi_node *a = luaL_testudata(L, 1, LAPI_NODE_MT);
	struct lapi_node *b = luaL_testudata(L, 2, LAPI_NODE_MT);
	lua_pushboolean(L, a && b && a->id.n == b->id.n && a->id.serial == b->id.serial);
	return 1;
}

static const luaL_Reg node_methods[] = {
	{ "ip", node_ip },
	{ "route", node_route },
	{ "route_del", node_route_del },
	{ "routes", node_routes },
	{ "sysctl", node_sysctl },
	{ "up", node_up },
	{ "down", node_down },
	{ "dev", node_dev_m },
	{ "devs", node_devs },
	{ "neigh", node_neigh },
	{ "fdb", node_fdb },
	{ "ping", lapi_node_ping },
	{ "udp_echo_server", lapi_node_udp_echo_server },
	{ "udp_echo_client", lapi_node_udp_echo_client },
	{ "dns_server", lapi_node_dns_server },
	{ "http_server", lapi_node_http_server },
	{ "sh", lapi_node_sh },
	{ "sh_block", lapi_node_sh_block },
	{ "sh_file", lapi_node_sh_file },
	{ "restart", node_restart_m },
	{ NULL, NULL },
};

void lapi_open_node(lua_State *L)
{
	lapi_new_class(L, LAPI_NODE_MT, node_methods, node_index, node_tostring, node_eq);
}
