/* Route matching: METHOD + PATTERN with "<>" standing for one path segment,
 * and a last segment "<*>" for the rest of the path (one segment or more,
 * none empty): its argument is the first of them; handlers read the whole
 * rest from the request's path. */
#ifndef ZF_WEB_ROUTER_H
#define ZF_WEB_ROUTER_H
#include <stddef.h>

#include "util/arena.h"
#include "web/http.h"

#define ZF_ROUTE_MAX_ARGS 8      /* "<>" segments in one pattern */
#define ZF_ROUTE_MAX_SEGMENTS 32 /* segments in one path */

/* Outcome of zf_router_match. */
struct zf_match {
	const struct zf_route *route; /* NULL when nothing matched */
	const char *args[ZF_ROUTE_MAX_ARGS]; /* decoded "<>" segments, arena-owned */
	int nargs;
	int path_known;  /* 1 when some route has this path (then a NULL route means 405) */
	char allow[96];  /* "GET, HEAD, POST": the methods the path accepts, for 405 */
};

/* Splits the raw (still percent-encoded) PATH, which starts with '/', into
 * segments, decodes each into A, and finds the route of TABLE (N entries)
 * for METHOD; HEAD is served by a GET route. When several patterns match,
 * the one with the most literal segments wins (then table order).
 * Returns 0 (route or not in OUT), ZF_EINVAL for a path that must be refused
 * with 400 (bad escape, NUL, invalid UTF-8 or control characters, "." or
 * ".." segments, too many segments), ZF_ENOMEM when out of memory. */
int zf_router_match(const struct zf_route *table, size_t n, const char *method, const char *path,
		    struct zf_arena *a, struct zf_match *out);

#endif
