/* lua_api_dns.c — n:dns_server{...}: a DNS server process on a node
 * (proc/dns_server.h), configured from one table:
 *
 *   local p = dns:dns_server{
 *     zones = { ["example.com"] = {
 *       {"www", "A", "10.0.0.80"}, {"@", "A", "10.0.0.1"},
 *       {"web", "CNAME", "www"}, {"www", "A", "10.0.0.81", ttl = 60} } },
 *     forward = { "8.8.8.8" },                       -- upstream servers
 *     records = { ["example.org"] = "93.184.215.14",  -- a public resolver's table
 *                 ["api.example.org"] = { "1.2.3.4", "1.2.3.5" } },
 *     ttl = 300, port = 53, ptr = false, listen = "10.0.0.53",
 *   }
 *
 * It returns a process handle, as n:udp_echo_server() does; p.output is the
 * query log.  docs/dns-server.md is the learner's manual.
 *
 * Table keys are read in sorted order (lua_next's order depends on
 * addresses), so zones are set up, and the first bad one reported, the same
 * way on every run.  The configuration being built lives in a userdata
 * with a __gc, so a luaL_error half-way through leaks nothing.
 */
#include "lua/lua_api_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "core/world.h"
#include "dev/node.h"
#include "proc/dns_server.h"
#include "wire/dns.h"
#include "util/units.h"

#define FN "dns_server"
#define CONF_MT "wirelab.dns_conf"

struct conf_box {
	struct dns_server_conf *c;
};

static int box_gc(lua_State *L)
{
	struct conf_box *b = luaL_checkudata(L, 1, CONF_MT);
	dns_conf_free(b->c);
	b->c = NULL;
	return 0;
}

static struct conf_box *new_box(lua_State *L)
{
	struct conf_box *b = lua_newuserdatauv(L, sizeof *b, 0);
	b->c = NULL;
	if (luaL_newmetatable(L, CONF_MT)) {
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	b->c = dns_conf_new();
	return b;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The string keys of the table at idx, sorted, pushed as a new array table
 * (left on the stack); non-string keys are an error naming `what`. */
static int sorted_keys(lua_State *L, int idx, const char *what, const char *example)
{
	idx = lua_absindex(L, idx);
	size_t n = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, FN ": %s must be a table keyed by name, like %s (got a %s key)",
				   what, example, luaL_typename(L, -1));
		n++;
	}
	const char **keys = lua_newuserdatauv(L, (n ? n : 1) * sizeof *keys, 0);
	int ud = lua_gettop(L);
	size_t i = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		keys[i++] = lua_tostring(L, -1);   /* alive: keys of the table */
	}
	qsort(keys, n, sizeof *keys, cmp_str);
	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		lua_pushstring(L, keys[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_remove(L, ud);
	return (int)n;
}

static const char *record_field(lua_State *L, int rec, int k, const char *zone, lua_Integer i,
				const char *what)
{
	lua_rawgeti(L, rec, k);
	int t = lua_type(L, -1);
	if (t != LUA_TSTRING && !(k == 3 && t == LUA_TNUMBER))
		luaL_error(L, FN ": zone \"%s\", record %I: field %d (the %s) must be a string, "
			   "got %s; a record looks like {\"www\", \"A\", \"10.0.0.80\"}", zone,
			   (LUAI_UACINT)i, k, what, luaL_typename(L, -1));
	/* Left on the stack (read_record pops it): a number's string form
	 * lives nowhere else. */
	return lua_tostring(L, -1);
}

static void read_record(lua_State *L, struct dns_server_conf *c, const char *zone, int rec,
			lua_Integer i)
{
	if (lua_type(L, rec) != LUA_TTABLE)
		luaL_error(L, FN ": zone \"%s\", record %I must be a table like {\"www\", \"A\", "
			   "\"10.0.0.80\"}, got %s", zone, (LUAI_UACINT)i, luaL_typename(L, rec));
	/* Only [1], [2], [3] and ttl: a typo ("tll") should not pass silently. */
	lua_pushnil(L);
	while (lua_next(L, rec)) {
		lua_pop(L, 1);
		bool ok = (lua_type(L, -1) == LUA_TNUMBER && lua_isinteger(L, -1) &&
			   lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= 3) ||
			  (lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), "ttl") == 0);
		if (!ok) {
			lua_pushvalue(L, -1);
			const char *k = luaL_tolstring(L, -1, NULL);
			luaL_error(L, FN ": zone \"%s\", record %I: unexpected field %s (a record is "
				   "{name, type, data} with an optional ttl = seconds)", zone,
				   (LUAI_UACINT)i, k);
		}
	}
	const char *owner = record_field(L, rec, 1, zone, i, "name");
	const char *type = record_field(L, rec, 2, zone, i, "type");
	const char *data = record_field(L, rec, 3, zone, i, "data");
	int64_t ttl = -1;
	lua_getfield(L, rec, "ttl");
	if (!lua_isnil(L, -1)) {
		int isint = 0;
		lua_Integer v = lua_tointegerx(L, -1, &isint);
		if (!isint || lua_type(L, -1) != LUA_TNUMBER || v < 0 || v > 2147483647)
			luaL_error(L, FN ": zone \"%s\", record %I: ttl must be a number of seconds "
				   "from 0 to 2147483647, got %s", zone, (LUAI_UACINT)i,
				   lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1)
								  : luaL_typename(L, -1));
		ttl = v;
	}
	lua_pop(L, 1);
	char err[400];
	if (dns_conf_record(c, zone, owner, type, data, ttl, err, sizeof err) != 0)
		luaL_error(L, FN ": zone \"%s\", record %I {\"%s\", \"%s\", \"%s\"}: %s", zone,
			   (LUAI_UACINT)i, owner, type, data, err);
	lua_pop(L, 3);
}

static void read_zones(lua_State *L, int opts, struct dns_server_conf *c)
{
	lua_getfield(L, opts, "zones");
	int zt = lua_gettop(L);
	if (lua_isnil(L, zt)) {
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, zt))
		luaL_error(L, FN ": zones must be a table like {[\"example.com\"] = {{\"www\", \"A\", "
			   "\"10.0.0.80\"}}}, got %s", luaL_typename(L, zt));
	int n = sorted_keys(L, zt, "zones", "{[\"example.com\"] = {...}}");
	int keys = lua_gettop(L);
	char err[400];
	for (int k = 1; k <= n; k++) {
		lua_rawgeti(L, keys, k);
		lua_gettable(L, zt);    /* the zone's records */
		lua_rawgeti(L, keys, k);
		const char *zone = lua_tostring(L, -1);   /* alive: kept in keys */
		lua_pop(L, 1);
		int recs = lua_gettop(L);
		if (dns_conf_zone(c, zone, err, sizeof err) != 0)
			luaL_error(L, FN ": %s", err);
		if (!lua_istable(L, recs))
			luaL_error(L, FN ": zone \"%s\" must be a list of records like {{\"www\", "
				   "\"A\", \"10.0.0.80\"}}, got %s", zone, luaL_typename(L, recs));
		lua_Integer len = (lua_Integer)lua_rawlen(L, recs);
		for (lua_Integer i = 1; i <= len; i++) {
			lua_rawgeti(L, recs, i);
			read_record(L, c, zone, lua_gettop(L), i);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
}

static void add_upstream(lua_State *L, struct dns_server_conf *c, int idx, lua_Integer i)
{
	if (lua_type(L, idx) != LUA_TSTRING)
		luaL_error(L, FN ": forward[%I] must be an IPv4 address string like \"8.8.8.8\", got "
			   "%s", (LUAI_UACINT)i, luaL_typename(L, idx));
	uint32_t a;
	char err[200];
	if (units_parse_ipv4(lua_tostring(L, idx), &a, err, sizeof err) != 0)
		luaL_error(L, FN ": forward[%I]: %s", (LUAI_UACINT)i, err);
	if (dns_conf_forward(c, a, err, sizeof err) != 0)
		luaL_error(L, FN ": forward: %s", err);
}

static void read_forward(lua_State *L, int opts, struct dns_server_conf *c)
{
	lua_getfield(L, opts, "forward");
	int t = lua_gettop(L);
	if (lua_type(L, t) == LUA_TSTRING) {
		add_upstream(L, c, t, 1);
	} else if (lua_istable(L, t)) {
		lua_Integer len = (lua_Integer)lua_rawlen(L, t);
		for (lua_Integer i = 1; i <= len; i++) {
			lua_rawgeti(L, t, i);
			add_upstream(L, c, lua_gettop(L), i);
			lua_pop(L, 1);
		}
	} else if (!lua_isnil(L, t)) {
		luaL_error(L, FN ": forward must be a list of addresses like {\"8.8.8.8\"}, got %s",
			   luaL_typename(L, t));
	}
	lua_pop(L, 1);
}

static void add_host(lua_State *L, struct dns_server_conf *c, const char *name, int idx)
{
	char err[200];
	uint32_t a;
	if (lua_type(L, idx) != LUA_TSTRING ||
	    units_parse_ipv4(lua_tostring(L, idx), &a, err, sizeof err) != 0)
		luaL_error(L, FN ": records[\"%s\"]: an IPv4 address like \"93.184.215.14\" (or a list "
			   "of them) is expected, got %s", name,
			   lua_type(L, idx) == LUA_TSTRING ? lua_tostring(L, idx)
							   : luaL_typename(L, idx));
	if (dns_conf_host(c, name, a, err, sizeof err) != 0)
		luaL_error(L, FN ": records: %s", err);
}

static void read_records(lua_State *L, int opts, struct dns_server_conf *c)
{
	lua_getfield(L, opts, "records");
	int t = lua_gettop(L);
	if (lua_isnil(L, t)) {
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, t))
		luaL_error(L, FN ": records must be a table like {[\"example.org\"] = "
			   "\"93.184.215.14\"}, got %s", luaL_typename(L, t));
	int n = sorted_keys(L, t, "records", "{[\"example.org\"] = \"93.184.215.14\"}");
	int keys = lua_gettop(L);
	for (int k = 1; k <= n; k++) {
		lua_rawgeti(L, keys, k);
		const char *name = lua_tostring(L, -1);
		lua_pushvalue(L, -1);
		lua_gettable(L, t);
		int v = lua_gettop(L);
		if (lua_istable(L, v)) {
			lua_Integer len = (lua_Integer)lua_rawlen(L, v);
			if (len == 0)
				luaL_error(L, FN ": records[\"%s\"] is an empty list: at least one "
					   "address is expected", name);
			for (lua_Integer i = 1; i <= len; i++) {
				lua_rawgeti(L, v, i);
				add_host(L, c, name, lua_gettop(L));
				lua_pop(L, 1);
			}
		} else {
			add_host(L, c, name, v);
		}
		lua_pop(L, 2);
	}
	lua_pop(L, 2);
}

static const char *const known[] = { "zones", "forward", "records", "ttl", "port", "ptr",
				     "listen", NULL };

/* n:dns_server{zones=, forward=, records=, ttl=300, port=53, ptr=false, listen=} -> a process */
int lapi_node_dns_server(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	if (lua_type(L, 2) != LUA_TTABLE)
		return luaL_error(L, FN ": a table of options is expected, like "
				  "n:dns_server{zones = {[\"example.com\"] = {{\"www\", \"A\", "
				  "\"10.0.0.80\"}}}}, got %s", luaL_typename(L, 2));
	lapi_check_opts(L, 2, FN, known);
	lua_Integer ttl = lapi_opt_int_field(L, 2, "ttl", DNS_SERVER_DEFAULT_TTL, 0, 2147483647, FN);
	lua_Integer port = lapi_opt_int_field(L, 2, "port", DNS_PORT, 1, 65535, FN);
	bool ptr = lapi_opt_bool_field(L, 2, "ptr", false, FN);
	const char *listen = lapi_opt_string_field(L, 2, "listen", FN);
	uint32_t laddr = 0;
	char lerr[200];
	if (listen && units_parse_ipv4(listen, &laddr, lerr, sizeof lerr) != 0)
		return luaL_error(L, FN ": listen: %s", lerr);
	struct conf_box *b = new_box(L);
	dns_conf_set_ttl(b->c, (uint32_t)ttl);
	dns_conf_set_port(b->c, (uint16_t)port);
	dns_conf_set_ptr(b->c, ptr);
	dns_conf_set_listen(b->c, laddr);
	read_zones(L, 2, b->c);
	read_forward(L, 2, b->c);
	read_records(L, 2, b->c);
	struct dns_server_conf *c = b->c;
	b->c = NULL;            /* the server owns it now, or freed it */
	struct proc *p = dns_server_start(n, c);
	if (!p) {
		/* dnsmasq's words: "failed to create listening socket for port 53:
		 * Address already in use" */
		const char *why = world_error(n->w);
		if (strncmp(why, "bind: ", 6) == 0)
			why += 6;
		return luaL_error(L, FN ": failed to create listening socket for port %d: %s",
				  (int)port, why);
	}
	lapi_push_proc(L, p);
	return 1;
}
