/* lua_api_dev.c — the device handle (`ip link`, `ip -s link`).
 *
 * A handle names its device by node identity and ifindex, and finds it
 * again on every use, so a handle to a device that has since been deleted
 * (or its node) gives a clear error instead of touching freed memory
 * (liolib's "attempt to use a closed file").  The device's address is kept
 * too, only to compare: an ifindex reused by a later device on the same
 * node is not the device the handle was made for.  A device moved to
 * another namespace (`ip link set DEV netns NS`) is no longer found: get a
 * new handle there. */
#include "lua/lua_api_int.h"

#include <string.h>

#include <lauxlib.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/units.h"

struct lapi_dev {
	struct lapi_node_id node;
	int ifindex;
	const struct netdev *dev;       /* compared only */
	char name[IFNAMSIZ];            /* for the message when it is gone */
};

void lapi_push_dev(lua_State *L, struct netdev *dev)
{
	struct lapi_dev *h = lua_newuserdatauv(L, sizeof *h, 0);
	lapi_node_id_of(lapi_scenario(L), dev->node, &h->node);
	h->ifindex = dev->ifindex;
	h->dev = dev;
	memcpy(h->name, dev->name, sizeof h->name);
	luaL_setmetatable(L, LAPI_DEV_MT);
}

struct netdev *lapi_check_dev(lua_State *L, int arg)
{
	struct lapi_dev *h = lapi_check_handle(L, arg, LAPI_DEV_MT, "device");
	struct node *n = lapi_node_from_id(lapi_scenario(L), &h->node);
	if (!n)
		luaL_error(L, "device %s no longer exists: its node %s was deleted", h->name,
			   h->node.name);
	struct netdev *d = node_dev_by_index(n, h->ifindex);
	if (!d || d != h->dev)
		luaL_error(L, "device %s of node %s no longer exists (deleted, or moved to another "
			   "namespace: take a new handle there with n:dev(name))", h->name, n->name);
	memcpy(h->name, d->name, sizeof h->name);   /* follow a rename */
	return d;
}

/* d:stats() -> {rx_packets=, tx_packets=, rx_bytes=, tx_bytes=, rx_dropped=, tx_dropped=} */
static int dev_stats(lua_State *L)
{
	struct netdev *d = lapi_check_dev(L, 1);
	const struct netdev_stats *st = &d->stats;
	lua_createtable(L, 0, 6);
	const struct {
		const char *k;
		uint64_t v;
	} f[] = {
		{ "rx_packets", st->rx_packets }, { "tx_packets", st->tx_packets },
		{ "rx_bytes", st->rx_bytes },     { "tx_bytes", st->tx_bytes },
		{ "rx_dropped", st->rx_dropped }, { "tx_dropped", st->tx_dropped },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		lua_pushinteger(L, (lua_Integer)f[i].v);
		lua_setfield(L, -2, f[i].k);
	}
	return 1;
}

/* d:set_mac("02:00:00:00:00:01") == ip link set DEV address MAC */
static int dev_set_mac(lua_State *L)
{
	struct netdev *d = lapi_check_dev(L, 1);
	const char *s = luaL_checkstring(L, 2);
	uint8_t mac[6];
	char err[160];
	if (units_parse_mac(s, mac, err, sizeof err) != 0)
		return luaL_error(L, "%s", err);
	/* The kernel refuses a multicast (or broadcast) address for a NIC. */
	if (mac[0] & 1)
		return luaL_error(L, "RTNETLINK answers: Cannot assign requested address");
	netdev_set_mac(d, mac);
	return 0;
}

static int dev_index(lua_State *L)
{
	struct netdev *d = lapi_check_dev(L, 1);
	const char *k = luaL_checkstring(L, 2);
	if (strcmp(k, "name") == 0) {
		lua_pushstring(L, d->name);
	} else if (strcmp(k, "mac") == 0) {
		char m[18];
		units_format_mac(d->mac, m);
		lua_pushstring(L, m);
	} else if (strcmp(k, "mtu") == 0) {
		lua_pushinteger(L, d->mtu);
	} else if (strcmp(k, "up") == 0) {
		lua_pushboolean(L, d->up);
	} else if (strcmp(k, "carrier") == 0) {
		lua_pushboolean(L, netdev_carrier(d));
	} else if (strcmp(k, "kind") == 0) {
		lua_pushstring(L, netdev_kind_name(d->kind));
	} else if (strcmp(k, "master") == 0) {
		if (d->master)
			lua_pushstring(L, d->master->name);
		else
			lua_pushnil(L);
	} else if (strcmp(k, "ifindex") == 0) {
		lua_pushinteger(L, d->ifindex);
	} else if (strcmp(k, "node") == 0) {
		lapi_push_node(L, d->node);
	} else if (strcmp(k, "addrs") == 0) {
		lua_newtable(L);
		lua_Integer i = 1;
		for (const struct ifaddr *a = d->addrs; a; a = a->next) {
			char s[16];
			units_format_ipv4(a->addr, s);
			lua_pushfstring(L, "%s/%d", s, a->plen);
			lua_rawseti(L, -2, i++);
		}
	} else {
		return lapi_push_method(L, LAPI_DEV_MT, k);
	}
	return 1;
}

static int dev_tostring(lua_State *L)
{
	struct netdev *d = lapi_check_dev(L, 1);
	lua_pushfstring(L, "device %s:%s", d->node->name, d->name);
	return 1;
}

static int dev_eq(lua_State *L)
{
	struct lapi_dev *a = luaL_testudata(L, 1, LAPI_DEV_MT);
	struct lapi_dev *b = luaL_testudata(L, 2, LAPI_DEV_MT);
	lua_pushboolean(L, a && b && a->node.n == b->node.n && a->node.serial == b->node.serial &&
			   a->ifindex == b->ifindex && a->dev == b->dev);
	return 1;
}

static const luaL_Reg dev_methods[] = {
	{ "stats", dev_stats },
	{ "set_mac", dev_set_mac },
	{ NULL, NULL },
};

void lapi_open_dev(lua_State *L)
{
	lapi_new_class(L, LAPI_DEV_MT, dev_methods, dev_index, dev_tostring, dev_eq);
}
