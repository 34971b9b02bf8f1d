/* lua_api_link.c — link() and the link handle: a cable between two nodes.
 *
 * link(a, b [, opts]) does what a learner would do by hand on two Linux
 * boxes with a cable: create a NIC on each (the next free ethN), plug the
 * cable in, `ip link set ethN up` on both.  On a switch the new NIC is also
 * enslaved to its bridge br0 (`ip link set ethN master br0`).
 *
 * Parameters are written as tc(8) and netem write them ("100Mbit",
 * "10ms", "0.1%"); a bad one is an error at the caller's line that names
 * the value and the expected form (units.h words it). */
#include "lua/lua_api_int.h"

#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "core/world.h"
#include "dev/bridge.h"
#include "dev/link.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/units.h"

struct lapi_link {
	struct link *l;
};

void lapi_push_link(lua_State *L, struct link *l)
{
	struct lapi_link *h = lua_newuserdatauv(L, sizeof *h, 0);
	h->l = l;
	luaL_setmetatable(L, LAPI_LINK_MT);
}

struct link *lapi_check_link(lua_State *L, int arg)
{
	struct lapi_link *h = lapi_check_handle(L, arg, LAPI_LINK_MT, "link");
	return h->l;
}

static const char *const link_opts[] = { "bandwidth", "delay", "loss", "queue", "a_name",
					 "b_name", NULL };
static const char *const set_opts[] = { "bandwidth", "delay", "loss", "queue", NULL };

/* Apply the parameters present in the options table at idx to *p. */
static void read_params(lua_State *L, int idx, struct link_params *p, const char *fn)
{
	char err[200];
	if (lua_type(L, idx) != LUA_TTABLE)
		return;
	lua_getfield(L, idx, "bandwidth");
	if (lua_type(L, -1) == LUA_TSTRING) {
		if (units_parse_rate(lua_tostring(L, -1), &p->rate_bps, err, sizeof err) != 0)
			luaL_error(L, "%s: %s", fn, err);
	} else if (lua_type(L, -1) == LUA_TNUMBER) {
		int ok = 0;
		lua_Integer v = lua_tointegerx(L, -1, &ok);
		if (!ok || v <= 0)
			luaL_error(L, "%s: bad bandwidth %s: a number is bits per second, a positive "
				   "integer (or write it like \"100Mbit\")", fn, lua_tostring(L, -1));
		p->rate_bps = (uint64_t)v;
	} else if (!lua_isnil(L, -1)) {
		luaL_error(L, "%s: bandwidth must be a rate like \"100Mbit\", got %s", fn,
			   luaL_typename(L, -1));
	}
	lua_pop(L, 1);

	p->delay_ns = lapi_opt_duration_field(L, idx, "delay", p->delay_ns, fn);

	lua_getfield(L, idx, "loss");
	if (lua_type(L, -1) == LUA_TSTRING) {
		if (units_parse_percent(lua_tostring(L, -1), &p->loss, err, sizeof err) != 0)
			luaL_error(L, "%s: %s", fn, err);
	} else if (!lua_isnil(L, -1)) {
		luaL_error(L, "%s: loss must be a percentage written with its %% sign, like "
			   "\"0.1%%\", got %s", fn,
			   lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1) : luaL_typename(L, -1));
	}
	lua_pop(L, 1);

	p->queue_len = (uint32_t)lapi_opt_int_field(L, idx, "queue", p->queue_len, 0, 1000000, fn);
}

/* The bridge a new port on n joins: a switch's br0. */
static struct netdev *switch_bridge(struct node *n)
{
	if (n->role != NODE_SWITCH)
		return NULL;
	struct netdev *br = node_dev(n, "br0");
	return br && br->kind == ND_BRIDGE ? br : NULL;
}

/* One end: a new ethN (or the named device).  NULL with err set. */
static struct netdev *make_end(struct node *n, const char *name, bool *created, char *err,
			       size_t errlen)
{
	struct world *w = n->w;
	char buf[IFNAMSIZ];
	*created = false;
	if (name) {
		struct netdev *d = node_dev(n, name);
		if (d) {
			if (d->kind != ND_ETH) {
				snprintf(err, errlen, "link: %s:%s is a %s device: only eth devices "
					 "take a cable", n->name, name, netdev_kind_name(d->kind));
				return NULL;
			}
			if (d->link) {
				snprintf(err, errlen, "link: %s:%s is already linked", n->name, name);
				return NULL;
			}
			return d;       /* an unplugged NIC: plug the cable in */
		}
	} else {
		node_next_dev_name(n, "eth", buf);
		name = buf;
	}
	struct netdev *d = netdev_new(n, name, ND_ETH);
	if (!d) {
		snprintf(err, errlen, "link: %s", world_error(w));
		return NULL;
	}
	*created = true;
	struct netdev *br = switch_bridge(n);
	if (br && bridge_add_port(br, d) != 0) {
		snprintf(err, errlen, "link: %s", world_error(w));
		netdev_del(d);
		*created = false;
		return NULL;
	}
	return d;
}

/* link(a, b [, {bandwidth=, delay=, loss=, queue=, a_name=, b_name=}]) */
static int l_link(lua_State *L)
{
	struct node *a = lapi_check_node_or_name(L, 1);
	struct node *b = lapi_check_node_or_name(L, 2);
	lapi_check_opts(L, 3, "link", link_opts);
	struct link_params p;
	link_params_default(&p);
	read_params(L, 3, &p, "link");
	const char *an = lapi_opt_string_field(L, 3, "a_name", "link");
	const char *bn = lapi_opt_string_field(L, 3, "b_name", "link");
	if (a == b && an && bn && strcmp(an, bn) == 0)
		return luaL_error(L, "link: cannot link %s:%s to itself", a->name, an);

	/* Build everything, and undo it all before raising: no half-made
	 * link is left behind an error. */
	char err[300];
	bool ca = false, cb = false;
	struct netdev *da = make_end(a, an, &ca, err, sizeof err);
	if (!da)
		return luaL_error(L, "%s", err);
	struct netdev *db = make_end(b, bn, &cb, err, sizeof err);
	if (!db) {
		if (ca)
			netdev_del(da);
		return luaL_error(L, "%s", err);
	}
	struct link *l = link_connect(lapi_world(L), da, db, &p);
	if (!l) {
		snprintf(err, sizeof err, "link: %s", world_error(lapi_world(L)));
		if (cb)
			netdev_del(db);
		if (ca)
			netdev_del(da);
		return luaL_error(L, "%s", err);
	}
	netdev_set_up(da, true);
	netdev_set_up(db, true);
	lapi_push_link(L, l);
	return 1;
}

/* l:set{loss="5%", delay="10ms", bandwidth="10Mbit", queue=100} */
static int link_set(lua_State *L)
{
	struct link *l = lapi_check_link(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	lapi_check_opts(L, 2, "set", set_opts);
	struct link_params p = l->p;
	read_params(L, 2, &p, "set");
	link_set_params(l, &p);
	return 0;
}

static int link_index(lua_State *L)
{
	struct link *l = lapi_check_link(L, 1);
	const char *k = luaL_checkstring(L, 2);
	char buf[32];
	if (strcmp(k, "a") == 0 || strcmp(k, "b") == 0) {
		struct netdev *d = l->end[k[0] == 'b'];
		if (d)
			lapi_push_dev(L, d);
		else
			lua_pushnil(L);     /* unplugged */
	} else if (strcmp(k, "bandwidth") == 0) {
		units_format_rate(l->p.rate_bps, buf, sizeof buf);
		lua_pushstring(L, buf);
	} else if (strcmp(k, "delay") == 0) {
		units_format_duration(l->p.delay_ns, buf, sizeof buf);
		lua_pushstring(L, buf);
	} else if (strcmp(k, "loss") == 0) {
		snprintf(buf, sizeof buf, "%.9g%%", l->p.loss * 100.0);
		lua_pushstring(L, buf);
	} else if (strcmp(k, "queue") == 0) {
		lua_pushinteger(L, l->p.queue_len);
	} else {
		return lapi_push_method(L, LAPI_LINK_MT, k);
	}
	return 1;
}

static int link_tostring(lua_State *L)
{
	struct link *l = lapi_check_link(L, 1);
	if (l->end[0] && l->end[1])
		lua_pushfstring(L, "link %s:%s <-> %s:%s", l->end[0]->node->name, l->end[0]->name,
				l->end[1]->node->name, l->end[1]->name);
	else
		lua_pushstring(L, "link (unplugged)");
	return 1;
}

static int link_eq(lua_State *L)
{
	struct lapi_link *a = luaL_testudata(L, 1, LAPI_LINK_MT);
	struct lapi_link *b = luaL_testudata(L, 2, LAPI_LINK_MT);
	lua_pushboolean(L, a && b && a->l == b->l);
	return 1;
}

static const luaL_Reg link_methods[] = {
	{ "set", link_set },
	{ NULL, NULL },
};

void lapi_open_link(lua_State *L)
{
	lapi_new_class(L, LAPI_LINK_MT, link_methods, link_index, link_tostring, link_eq);
	lua_pushcfunction(L, l_link);
	lua_setglobal(L, "link");
}
