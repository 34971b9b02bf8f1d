/* lua_api_http.c — PLACEHOLDER: n:http_server{...} is being written. */
#include "lua/lua_api_int.h"

int lapi_node_http_server(lua_State *L)
{
	return luaL_error(L, "http_server: not implemented yet");
}
