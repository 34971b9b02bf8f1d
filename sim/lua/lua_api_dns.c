/* lua_api_dns.c — PLACEHOLDER: n:dns_server{...} is being written. */
#include "lua/lua_api_int.h"

int lapi_node_dns_server(lua_State *L)
{
	return luaL_error(L, "dns_server: not implemented yet");
}
